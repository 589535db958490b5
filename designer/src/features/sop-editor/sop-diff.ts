import type { SopDefinition, SopEdge, SopNode } from '../../../../core/sop/types';
import { edgeId } from './graph-edit';

export type DiffMark = 'added' | 'removed' | 'changed' | 'same';

export interface SopDiff {
  nodes: Array<{ id: string; mark: DiffMark; before?: SopNode; after?: SopNode; fields: string[] }>;
  edges: Array<{ id: string; mark: DiffMark; edge: SopEdge }>;
  /** SOP-level fields that differ: name, roles, deliverables, calendar… */
  settings: string[];
}

function stable(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function changedFields(a: SopNode, b: SopNode): string[] {
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  return [...keys].filter((k) => stable(ra[k]) !== stable(rb[k])).sort();
}

/** What changed from version `a` to version `b` (layout is ignored: moving a node is not a change). */
export function diffSops(a: SopDefinition, b: SopDefinition): SopDiff {
  const before = new Map(a.nodes.map((n) => [n.id, n]));
  const after = new Map(b.nodes.map((n) => [n.id, n]));
  const nodes: SopDiff['nodes'] = [];
  for (const n of b.nodes) {
    const old = before.get(n.id);
    if (!old) nodes.push({ id: n.id, mark: 'added', after: n, fields: [] });
    else {
      const fields = changedFields(old, n);
      nodes.push({ id: n.id, mark: fields.length ? 'changed' : 'same', before: old, after: n, fields });
    }
  }
  for (const n of a.nodes) if (!after.has(n.id)) nodes.push({ id: n.id, mark: 'removed', before: n, fields: [] });

  const edgesA = new Map(a.edges.map((e) => [edgeId(e), e]));
  const edgesB = new Map(b.edges.map((e) => [edgeId(e), e]));
  const edges: SopDiff['edges'] = [];
  for (const [id, e] of edgesB) edges.push({ id, mark: edgesA.has(id) ? 'same' : 'added', edge: e });
  for (const [id, e] of edgesA) if (!edgesB.has(id)) edges.push({ id, mark: 'removed', edge: e });

  const settingKeys = ['key', 'name', 'description', 'timezone', 'calendar', 'roles', 'deliverables'] as const;
  const settings = settingKeys.filter((k) => stable(a[k]) !== stable(b[k]));
  return { nodes, edges, settings };
}
