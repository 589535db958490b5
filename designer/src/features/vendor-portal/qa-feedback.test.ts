import { describe, expect, it } from 'vitest';
import type { SopDefinition } from '../../../../core/sop/types';
import { feedbackFromEvents, feedbackFromReviews } from './qa-feedback';

const def = {
  schemaVersion: 1, key: 's', name: 's', timezone: 'UTC', roles: ['vendor', 'qa'], deliverables: [],
  nodes: [{ id: 'qa', type: 'review', title: '质检审核', assignee: 'qa', reasons: [{ code: 'wrong-colour', label: '颜色不符' }] }],
  edges: [],
} as unknown as SopDefinition;

describe('QA feedback for the vendor', () => {
  it('shows the reviews route newest first, with reason labels, comment and reviewer', () => {
    const items = feedbackFromReviews(
      {
        items: [
          { id: 'r1', nodeId: 'qa', stepTitle: '质检审核', round: 1, decision: 'rejected', reasons: [{ code: 'wrong-colour', label: '颜色不符' }], comment: '主色偏暗', reviewer: { id: 'u', name: 'Quinn' }, at: '2026-11-27T10:00:00Z' },
          { id: 'r2', nodeId: 'qa', stepTitle: null, round: 2, decision: 'approved', reasons: [], comment: null, reviewer: { id: 'u', name: 'Quinn' }, at: '2026-11-27T11:00:00Z' },
        ],
      },
      def,
    );
    expect(items.map((i) => [i.decision, i.round, i.step])).toEqual([['approved', 2, '质检审核'], ['rejected', 1, '质检审核']]);
    expect(items[1]).toMatchObject({ reasons: [{ code: 'wrong-colour', label: '颜色不符' }], comment: '主色偏暗', reviewer: 'Quinn' });
  });

  it('falls back to the audit trail, resolving reason codes through the SOP', () => {
    const items = feedbackFromEvents({ items: [{ seq: 9, at: '2026-11-27T10:00:00Z', actor: 'qa@demo.test', type: 'review.rejected', data: { nodeId: 'qa', round: 1, reasons: ['wrong-colour'] } }, { seq: 3, at: 'x', type: 'step.activated', data: {} }] }, def);
    expect(items).toEqual([expect.objectContaining({ decision: 'rejected', step: '质检审核', reasons: [{ code: 'wrong-colour', label: '颜色不符' }], reviewer: 'qa@demo.test' })]);
  });
});
