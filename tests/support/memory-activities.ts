/**
 * Activities that keep what the workflow asks of them in memory: the test
 * double for engine tests, where the Temporal server and worker are real and
 * the database is not the subject. Each notice is keyed like the real outbox
 * so a test can tell a duplicate from a distinct message.
 */
import type {
  CheckOutcome,
  JobActivities,
  JobEvent,
  NotifyInput,
  RecordAcceptanceInput,
  RecordReportInput,
  RecordReviewInput,
  RecordSubmissionInput,
  RunCheckInput,
} from '../../core/jobs/contract';
import type { CalendarRetimeActivities } from '../../core/jobs/calendar-retime-contract';
import type { BusinessCalendarSpec } from '../../core/sop/types';

export interface MemoryActivities extends JobActivities, CalendarRetimeActivities {
  events: JobEvent[];
  notices: Array<NotifyInput & { receivedAt: number }>;
  submissions: RecordSubmissionInput[];
  reviews: RecordReviewInput[];
  acceptances: RecordAcceptanceInput[];
  /** Every report row the workflow wrote (filed and missed), in order. */
  reports: RecordReportInput[];
  checks: RunCheckInput[];
  /** Decides each check's verdict; all pass by default. */
  verdict: (input: RunCheckInput) => boolean;
  /** Stored shared calendar versions, by `<key>@<version>` (what `loadCalendarVersion` reads). */
  calendarVersions: Map<string, BusinessCalendarSpec>;
  /** The jobs on shared calendars, as Job rows hold them (what `listCalendarJobs` pages through). */
  calendarJobs: Array<{ id: string; workflowId: string; calendarKey: string; calendarVersion: number; running: boolean }>;
  /** Every version load the workflows asked for, in order. */
  calendarLoads: Array<{ key: string; version: number }>;
  /** Every page the re-timing workflow asked for, in order. */
  calendarPages: Array<{ after?: string; limit: number; ids: string[] }>;
}

export function noticeKey(n: NotifyInput): string {
  return [n.kind, n.nodeId ?? '-', n.round ?? '-', n.level ?? '-', n.deadlineEpoch ?? '-', ...(n.period !== undefined ? [`p${n.period}`] : [])].join('/');
}

export function memoryActivities(): MemoryActivities {
  const self: MemoryActivities = {
    events: [],
    notices: [],
    submissions: [],
    reviews: [],
    acceptances: [],
    reports: [],
    checks: [],
    verdict: () => true,
    calendarVersions: new Map(),
    calendarJobs: [],
    calendarLoads: [],
    calendarPages: [],
    async loadCalendarVersion({ key, version }) {
      self.calendarLoads.push({ key, version });
      const spec = self.calendarVersions.get(`${key}@${version}`);
      return spec ? { key, version, spec } : null;
    },
    async listCalendarJobs({ key, version, after, limit }) {
      const jobs = self.calendarJobs
        .filter((j) => j.calendarKey === key && j.running && j.calendarVersion <= version && (after === undefined || j.id > after))
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .slice(0, limit)
        .map(({ id, workflowId }) => ({ id, workflowId }));
      self.calendarPages.push({ ...(after !== undefined ? { after } : {}), limit, ids: jobs.map((j) => j.id) });
      return { jobs };
    },
    async recordEvents({ events, notices }) {
      self.events.push(...events);
      for (const notice of notices ?? []) self.notices.push({ ...notice, receivedAt: Date.now() });
    },
    async recordSubmission(input) {
      self.submissions.push(input);
      return {
        submissionId: `sub-${self.submissions.length}`,
        round: input.round,
        files: input.files.map((f) => ({ ...f, version: input.round, name: `${f.deliverable}.png`, sha256: `sha-${f.fileId}` })),
        naming: input.files.map((f) => ({ deliverable: f.deliverable, passed: true, reasons: [] })),
      };
    },
    async recordReview(input) {
      self.reviews.push(input);
      return { reviewId: `rev-${self.reviews.length}`, round: input.round, decision: input.decision };
    },
    async recordSubmissionWithBatch({ batch, ...input }) {
      const result = await self.recordSubmission(input);
      await self.recordEvents(batch);
      return result;
    },
    async recordReviewWithBatch({ batch, ...input }) {
      const result = await self.recordReview(input);
      await self.recordEvents(batch);
      return result;
    },
    async recordAcceptance(input) {
      self.acceptances.push(input);
      return { acceptanceId: `acc-${self.acceptances.length}`, round: input.round, decision: input.decision, ...(input.reason ? { reason: input.reason } : {}) };
    },
    async recordReport(input) {
      const same = self.reports.find((r) => r.nodeId === input.nodeId && r.round === input.round && r.period === input.period);
      if (!same) self.reports.push(input);
      const row = same ?? input;
      return { reportId: `rep-${row.nodeId}-${row.round}-${row.period}`, nodeId: row.nodeId, round: row.round, period: row.period, status: row.status, periodStart: row.periodStart, periodEnd: row.periodEnd, dueAt: row.dueAt, createdAt: row.at ?? Date.now() };
    },
    async runCheck(input): Promise<CheckOutcome> {
      self.checks.push(input);
      const passed = self.verdict(input);
      return {
        kind: input.check.kind,
        deliverable: input.check.kind === 'checklist' ? undefined : input.check.deliverable,
        passed,
        resultId: `chk-${self.checks.length}`,
        summary: passed ? 'ok' : 'failed',
      };
    },
  };
  return self;
}
