import type { TimelineKey } from './timeline-messages';

/** What a sentence needs of an event (a row of GET /api/jobs/:id/events). */
export interface SentenceEvent {
  type: string;
  actorName?: string;
  data?: Record<string, unknown> | null;
}

export interface SentenceContext {
  /** The step's title in the job's SOP version (falls back to the node id). */
  stepTitle: (nodeId: string) => string;
  /** A date-time in the viewer's zone. */
  time: (iso: string) => string;
  /** A reason code's label (QA, decline, delay reasons), or the code. */
  reasonLabel?: (nodeId: string | undefined, code: string) => string;
}

export interface Sentence {
  /** A message key, or undefined: show the raw event type. */
  key?: TimelineKey;
  params: Record<string, string | number>;
  /** Outcome keys to translate into params.outcome. */
  outcomeKey?: TimelineKey;
  /** A step's end status to translate into params.status. */
  statusKey?: TimelineKey;
  icon: string;
}

const ICONS: Record<string, string> = { job: '📋', step: '⏱', submission: '📤', review: '🔍', acceptance: '🤝', notice: '🔔', comment: '💬', file: '📎', report: '🗓' };
const OUTCOMES = new Set(['submitted', 'passed', 'failed', 'approved', 'rejected', 'accepted', 'declined', 'done']);
const NOTICE_KINDS = new Set(['reminder', 'overdue', 'stuck', 'notify', 'task_assigned', 'review_request', 'job_completed', 'job_cancelled', 'job_declined', 'comment_mentioned']);
const JOB_STATUSES = new Set(['completed', 'cancelled', 'failed', 'stuck', 'running']);
/** How a step run ends (StepRunStatus); `done` is recorded as `step.completed`. */
const STEP_STATUSES = new Set(['done', 'skipped', 'cancelled', 'active']);

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * One timeline event as a sentence: which message, with which values. Pure, so
 * the wording of every event type is unit-tested; unknown types keep their raw
 * name (an auditor still sees what happened).
 */
export function eventSentence(e: SentenceEvent, ctx: SentenceContext): Sentence {
  const d = e.data ?? {};
  const [family = 'event', verb = ''] = e.type.split('.');
  const icon = e.type === 'review.approved' ? '✅' : e.type === 'review.rejected' ? '↩' : e.type === 'step.overdue' ? '⏰' : e.type === 'job.migrated' ? '🔀' : (ICONS[family] ?? '•');
  const nodeId = str(d.nodeId);
  const params: Record<string, string | number> = { actor: e.actorName ?? '', step: nodeId ? ctx.stepTitle(nodeId) : '', round: num(d.round) ?? 1 };
  const reason = (code: unknown) => (str(code) ? (ctx.reasonLabel?.(nodeId, code as string) ?? (code as string)) : undefined);
  const sentence = (key: TimelineKey, extra: Record<string, string | number> = {}, outcomeKey?: TimelineKey): Sentence => ({ key, params: { ...params, ...extra }, icon, ...(outcomeKey ? { outcomeKey } : {}) });

  switch (e.type) {
    case 'job.created':
    case 'job.started':
    case 'job.vendor_changed':
    case 'job.fields_changed':
    case 'comment.added':
    case 'comment.internal_added':
    case 'file.downloaded':
    case 'submission.created':
    case 'review.approved':
    case 'review.rejected':
    case 'acceptance.accepted':
    case 'step.overdue':
      return sentence(e.type);
    case 'report.filed':
    case 'report.missed':
      return sentence(e.type, { period: num(d.period) ?? 1 });
    case 'job.start_failed':
      return sentence(e.type, { error: str(d.error) ?? '' });
    case 'job.cancel_requested':
      return sentence(e.type, { reason: str(d.reason) ?? '' });
    case 'job.migrated': {
      // Written by api/jobs/migrate-job.ts: { sopKey, from, to, mapping, moves, changes }.
      const from = num(d.from);
      const to = num(d.to);
      return from !== undefined && to !== undefined ? sentence('job.migrated', { from, to }) : sentence('job.migratedPlain');
    }
    case 'job.reassigned':
      return sentence(e.type, { role: str(d.role) ?? '' });
    case 'file.uploaded':
      return sentence(e.type, { name: str(d.name) ?? '' });
    case 'submission.refused':
      return sentence(e.type, { code: str(d.code) ?? '' });
    case 'acceptance.declined': {
      const why = reason(d.reason);
      return why ? sentence('acceptance.declinedReason', { reason: why }) : sentence('acceptance.declined');
    }
    case 'step.activated': {
      const due = str(d.dueAt);
      return due ? sentence('step.activatedDue', { due: ctx.time(due) }) : sentence('step.activated');
    }
    case 'step.completed': {
      const outcome = str(d.outcome);
      return outcome && OUTCOMES.has(outcome) ? sentence('step.completedOutcome', {}, `outcome.${outcome}` as TimelineKey) : sentence('step.completed');
    }
    case 'step.deadline_changed': {
      const to = str(d.to);
      const extra = { to: to ? ctx.time(to) : '' };
      // A shared calendar's new version re-timed the step (activities/record-events.ts), not a person's reason code.
      if (d.reason === 'calendar') return sentence('step.deadline_changedCalendar', extra);
      const why = reason(d.reason);
      return why ? sentence('step.deadline_changedReason', { ...extra, reason: why }) : sentence('step.deadline_changed', extra);
    }
    default:
      break;
  }
  if (family === 'job' && JOB_STATUSES.has(verb)) return sentence(`job.${verb}` as TimelineKey);
  if (family === 'step' && verb) {
    // The engine ends a step it moved to another node of the new version as skipped, outcome `migrated`.
    if (verb === 'skipped' && d.outcome === 'migrated') return sentence('step.migrated');
    return STEP_STATUSES.has(verb) ? { ...sentence('step.ended', { status: verb }), statusKey: `status.${verb}` as TimelineKey } : sentence('step.ended', { status: verb });
  }
  if (family === 'notice') {
    if (verb === 'escalation') return sentence('notice.escalation', { level: num(d.level) ?? 1 });
    return NOTICE_KINDS.has(verb) ? sentence(`notice.${verb}` as TimelineKey) : sentence('notice.other', { kind: verb });
  }
  return { params, icon };
}
