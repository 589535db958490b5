import type { SopDefinition } from '../../../../core/sop/types';
import { listItems, personName, type AuditEvent, type Instant, type JobReview } from '../../lib/api-types';
import { stepTitle } from '../../lib/step-title';
import { toMillis } from '../../lib/time';

/** One QA decision as the vendor reads it: reason codes resolved to their labels. */
export interface QaFeedbackItem {
  key: string;
  step: string;
  round: number;
  decision: 'approved' | 'rejected';
  reasons: Array<{ code: string; label: string }>;
  comment?: string;
  reviewer?: string;
  at?: Instant;
}

function reasonLabel(code: string, nodeId: string, def: SopDefinition | null | undefined): string {
  const node = def?.nodes.find((n) => n.id === nodeId);
  const reasons = node && node.type === 'review' ? (node.reasons ?? []) : [];
  return reasons.find((r) => r.code === code)?.label ?? def?.nodes.flatMap((n) => (n.type === 'review' ? (n.reasons ?? []) : [])).find((r) => r.code === code)?.label ?? code;
}

/** Reason codes (the audit trail) or `{ code, label }` (GET /api/jobs/:id/reviews). */
function normaliseReasons(reasons: JobReview['reasons'] | string[] | undefined, nodeId: string, def: SopDefinition | null | undefined) {
  return (reasons ?? []).map((r) => (typeof r === 'string' ? { code: r, label: reasonLabel(r, nodeId, def) } : { code: r.code, label: r.label || reasonLabel(r.code, nodeId, def) }));
}

/** Decisions from `GET /api/jobs/:id/reviews`, newest first. */
export function feedbackFromReviews(value: unknown, def: SopDefinition | null | undefined): QaFeedbackItem[] {
  return listItems<JobReview>(value)
    .map((r, i) => ({
      key: r.id ?? `${r.nodeId}-${r.round}-${i}`,
      step: stepTitle({ nodeId: r.nodeId, title: r.stepTitle }, def),
      round: r.round,
      decision: r.decision,
      reasons: normaliseReasons(r.reasons, r.nodeId, def),
      comment: r.comment ?? undefined,
      reviewer: r.reviewer ? personName(r.reviewer) : undefined,
      at: r.at,
    }))
    .sort((a, b) => (toMillis(b.at) ?? 0) - (toMillis(a.at) ?? 0) || b.round - a.round);
}

/** The same decisions read from the audit trail (`review.approved` / `review.rejected`), for servers without the reviews route: reasons but no comment. */
export function feedbackFromEvents(value: unknown, def: SopDefinition | null | undefined): QaFeedbackItem[] {
  return listItems<AuditEvent>(value)
    .filter((e) => e.type === 'review.approved' || e.type === 'review.rejected')
    .map((e) => {
      const data = (e.data ?? {}) as { nodeId?: string; round?: number; reasons?: string[]; comment?: string };
      const nodeId = data.nodeId ?? '';
      return {
        key: `event-${e.seq}`,
        step: stepTitle({ nodeId }, def),
        round: data.round ?? 1,
        decision: e.type === 'review.approved' ? ('approved' as const) : ('rejected' as const),
        reasons: normaliseReasons(data.reasons, nodeId, def),
        comment: data.comment,
        reviewer: e.actor,
        at: e.at,
      };
    })
    .reverse();
}
