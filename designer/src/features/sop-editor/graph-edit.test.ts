import { describe, expect, it } from 'vitest';
import { positionsOf } from './auto-layout';
import { addNode, keepPlaces, removeEdges } from './graph-edit';
import { newSopDefinition } from './new-sop';

describe('structural edits keep nodes where the user sees them', () => {
  it('pins the automatically laid-out nodes when a node is added, so removing an edge later moves nothing', () => {
    const start = newSopDefinition();
    const seen = positionsOf(start);
    const added = keepPlaces(addNode(start, 'check', { x: 600, y: 100 }).def, seen);
    expect(added.layout).toMatchObject({ ...seen, check_1: { x: 600, y: 100 } });
    const cut = keepPlaces(removeEdges(added, ['draft->qa:submitted']), positionsOf(added));
    expect(positionsOf(cut)).toEqual(positionsOf(added));
  });

  it('keeps saved places and drops those of removed nodes', () => {
    const def = { ...newSopDefinition(), layout: { start: { x: 1, y: 2 }, gone: { x: 0, y: 0 } } };
    const kept = keepPlaces(def, { start: { x: 9, y: 9 }, draft: { x: 5, y: 5 } });
    expect(kept.layout).toEqual({ start: { x: 1, y: 2 }, draft: { x: 5, y: 5 } });
  });
});
