import { describe, expect, it } from 'vitest';
import storeDecoration from '../../../../tests/fixtures/sop/valid/store-decoration.json';
import type { SopDefinition } from '../../../../core/sop/types';
import { reviewedTasks } from './reviewed-tasks';

const def = storeDecoration as unknown as SopDefinition;

describe('the tasks a review judges', () => {
  it('walks back from the review through the automatic check to the task that produced the work', () => {
    expect(reviewedTasks(def, 'qa')).toEqual(['draft']);
  });

  it('finds each task of parallel branches joined before the review, and stops at an earlier review', () => {
    const branches: SopDefinition = {
      ...def,
      nodes: [
        { id: 'start', type: 'start' }, { id: 'brief', type: 'task', assignee: 'vendor', produces: [] }, { id: 'ok', type: 'review', assignee: 'qa' },
        { id: 'fork', type: 'parallel' }, { id: 'a', type: 'task', assignee: 'vendor', produces: [] }, { id: 'b', type: 'task', assignee: 'vendor', produces: [] },
        { id: 'join', type: 'join' }, { id: 'final', type: 'review', assignee: 'qa' }, { id: 'end', type: 'end' },
      ],
      edges: [
        { from: 'start', to: 'brief' }, { from: 'brief', to: 'ok' }, { from: 'ok', to: 'fork', on: 'approved' }, { from: 'fork', to: 'a' }, { from: 'fork', to: 'b' },
        { from: 'a', to: 'join' }, { from: 'b', to: 'join' }, { from: 'join', to: 'final' }, { from: 'final', to: 'end', on: 'approved' },
      ],
    };
    expect(reviewedTasks(branches, 'final')).toEqual(['a', 'b']);
    expect(reviewedTasks(null, 'final')).toEqual([]);
  });
});
