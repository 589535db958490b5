/**
 * Turns notices the workflow decided on (reminder, escalation level, review
 * request, …) into outbox rows: an inbox entry and an e-mail per recipient (as
 * each person's channel preferences say, in their language and time zone) and
 * one post per chat-robot config of the job's SOP or organisation
 * (platform/notifications/outbox-rows.ts). Each row has an idempotency key
 * (job, kind, step, round, level, deadline epoch, recipient, channel), so
 * retries, replays and worker crashes never create a second one. The inbox
 * row is delivered by being written; the others are sent by the dispatcher
 * (platform/notifications/dispatcher.ts).
 *
 * Notices ride in `recordEvents` batches: `prepareNotices` (notice-rows.ts)
 * reads and renders a whole group of them at once, and the group writer of
 * activities/record-events.ts writes the rows in the same transaction as the
 * job's transitions and the `notice.*` audit events (which generic webhooks
 * receive).
 */
import type { NotifyInput } from '../core/jobs/contract';
import type { ActivityDeps } from './deps';
import { recordBatchWriter } from './record-events';

/**
 * One notice on its own (tests, tools): written by the same group writer as
 * `recordEvents`, so it is idempotent in the same way. Returns how many outbox
 * rows it created (0 when they all existed).
 */
export function notifyActivity(deps: ActivityDeps) {
  const write = recordBatchWriter(deps);
  return async function notify(input: NotifyInput): Promise<{ created: number }> {
    return write({ jobId: input.jobId, events: [], notices: [input] });
  };
}
