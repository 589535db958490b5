import { describe, expect, it } from 'vitest';
import storeDecoration from '../../../../tests/fixtures/sop/valid/store-decoration.json';
import type { SopDefinition } from '../../../../core/sop/types';
import { validateSop } from '../../../../core/sop/validate';
import { positionsOf } from './auto-layout';
import { newSopDefinition } from './new-sop';
import { diffSops } from './sop-diff';

const base = storeDecoration as unknown as SopDefinition;

describe('version diff', () => {
  it('marks added, removed and changed nodes and edges, ignoring layout', () => {
    const next: SopDefinition = {
      ...base,
      nodes: [...base.nodes.filter((n) => n.id !== 'auto').map((n) => (n.id === 'draft' ? { ...n, title: 'Draw it' } : n)), { id: 'wait_1', type: 'wait', duration: 'P1D' }],
      edges: [...base.edges, { from: 'wait_1', to: 'done' }],
      layout: {},
    };
    const diff = diffSops(base, next);
    const mark = (id: string) => diff.nodes.find((n) => n.id === id)?.mark;
    expect(mark('wait_1')).toBe('added');
    expect(mark('auto')).toBe('removed');
    expect(mark('draft')).toBe('changed');
    expect(diff.nodes.find((n) => n.id === 'draft')?.fields).toEqual(['title']);
    expect(mark('qa')).toBe('same');
    expect(diff.edges.find((e) => e.id === 'wait_1->done')?.mark).toBe('added');
    expect(diff.settings).toEqual([]);
  });
});

describe('new SOP template', () => {
  it('is valid, so it can be saved with POST /api/sops at once', () => {
    expect(validateSop(newSopDefinition()).errors).toEqual([]);
  });
});

describe('layout', () => {
  it('replaces saved positions that would make the designer nodes overlap', () => {
    const pos = positionsOf(base);
    const xs = base.nodes.map((n) => pos[n.id] as { x: number; y: number });
    for (let i = 0; i < xs.length; i++)
      for (let j = i + 1; j < xs.length; j++) {
        const a = xs[i] as { x: number; y: number };
        const b = xs[j] as { x: number; y: number };
        expect(Math.abs(a.x - b.x) >= 220 || Math.abs(a.y - b.y) >= 84).toBe(true);
      }
  });
});
