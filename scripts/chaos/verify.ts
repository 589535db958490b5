/**
 * What a chaos run must have kept, checked against the database, the S3
 * bucket and what the receivers got — after the run, with every fault over:
 *
 * - jobs: each at its expected end state (completed, with the plan's number of
 *   submissions, reviews and escalation notices);
 * - submissions: each upload the API accepted is stored once (one Submission
 *   per round, one file version each) with the bytes sent (the blob's SHA-256
 *   and the S3 object's bytes re-hashed); S3 objects no blob names are leftovers;
 * - notices: every e-mail and webhook outbox row sent (none failed), every
 *   audit event the webhook subscribes to has its row, and each row arrived:
 *   e-mail by its Message-ID, webhook by its event id. A row that arrived more
 *   than once is a repeat; a repeat whose arrivals overlap a fault is the
 *   at-least-once delivery the product promises across a crash (the dispatcher
 *   died or lost its database between the receiver's acknowledgment and the
 *   record) and is reported apart from repeats with no fault about, which are
 *   bugs;
 * - the audit chain verifies (platform/audit/audit-log.ts verifyAuditChain);
 * - 5xx answers: allowed only while a process fault was active (from the kill
 *   until `graceMs` after recovery: the first query on a pooled connection to
 *   a restarted PostgreSQL fails, for one); a 5xx at any other time — also
 *   while only a receiver was down — is a finding.
 *
 * `lost` sums what is gone for good: jobs not at their end state, accepted
 * uploads not stored with their bytes, notices never delivered.
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { verifyAuditChain } from '../../platform/audit/audit-log';
import { openDatabase } from '../../platform/db/database';
import { DEFAULT_WEBHOOK_EVENTS, matchesPattern } from '../../platform/notifications/channel-config';
import { webhookRowKey } from '../../platform/notifications/event-relay';
import { eventIdFor, messageIdFor } from '../../platform/notifications/signatures';
import { s3ClientFor } from '../../platform/storage/s3-file-storage';
import type { FaultDriver, FaultKind } from './fault-driver';
import { expectedCounts, type JobOutcome, type JobPlan } from './job-driver';
import type { ServerError } from './retrying-client';

export interface Arrival {
  id: string;
  at: number;
  /** The e-mail's subject, the event's type (for the log). */
  what?: string;
  /** The job a webhook event names. */
  jobId?: string;
}

export interface VerifyInput {
  databaseUrl: string;
  s3: { endpoint: string; bucket: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  plans: JobPlan[];
  outcomes: JobOutcome[];
  /** Job codes whose driver gave up, with the reason. */
  driverErrors: Array<{ code: string; error: string }>;
  mails: () => Arrival[];
  webhookEvents: () => Arrival[];
  mailDomain: string;
  webhookConfig: { id: string; events?: string[] };
  faults: FaultDriver;
  serverErrors: ServerError[];
  graceMs: number;
  /** How long to wait for the outbox to drain. */
  drainTimeoutMs: number;
  log: (line: string) => void;
}

export interface ChannelFigures {
  rows: number;
  delivered: number;
  failedRows: number;
  neverArrived: number;
  repeatedDuringFaults: number;
  repeatedOutsideFaults: number;
  /** Arrived, but no outbox row has it. */
  unexpected: number;
  /**
   * Jobs whose start the engine refused during a fault (`job.start_failed`; the job row was deleted and the
   * client's retry made a new job) that this receiver heard `job.created` of but not `job.start_failed` (target 0).
   */
  failedStartsUntold: number;
}

export interface VerifyResult {
  jobs: { planned: number; completed: number; wrongEndState: string[] };
  submissions: { accepted: number; stored: number; lost: string[]; duplicated: string[]; bytesMismatch: string[] };
  s3: { objects: number; leftovers: number };
  notices: { email: ChannelFigures; webhook: ChannelFigures; missingWebhookRows: number; pendingAfterDrain: number; failedStarts: number };
  audit: { valid: boolean; checked: number };
  serverErrors: { total: number; duringFaults: number; outsideFaults: ServerError[] };
  lost: number;
}

const PROCESS_FAULTS: FaultKind[] = ['worker', 'api', 'temporal', 'postgres', 's3'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function verifyChaos(input: VerifyInput): Promise<VerifyResult> {
  const db = await openDatabase({ url: input.databaseUrl, poolSize: 4 });
  const s3 = s3ClientFor({ endpoint: input.s3.endpoint, region: 'us-east-1', forcePathStyle: true }, input.s3.credentials);
  try {
    const prisma = db.prisma;
    const codes = input.plans.map((p) => p.code);

    // Jobs at their end state.
    const jobs = await prisma.job.findMany({
      where: { code: { in: codes } },
      select: { id: true, code: true, status: true, submissions: { select: { id: true, round: true } }, reviews: { select: { id: true } } },
    });
    const byCode = new Map(jobs.map((j) => [j.code, j]));
    const escalations = await prisma.auditEvent.groupBy({ by: ['jobId'], where: { type: 'notice.escalation', jobId: { in: jobs.map((j) => j.id) } }, _count: true });
    const escalationsOf = new Map(escalations.map((e) => [e.jobId, e._count]));
    const wrongEndState: string[] = [];
    for (const plan of input.plans) {
      const job = byCode.get(plan.code);
      const want = expectedCounts(plan);
      const got = job ? { status: job.status, submissions: job.submissions.length, reviews: job.reviews.length, escalations: escalationsOf.get(job.id) ?? 0 } : undefined;
      const expected = { status: 'completed', ...want };
      if (JSON.stringify(got) !== JSON.stringify(expected)) wrongEndState.push(`${plan.code}: ${JSON.stringify(got ?? 'missing')}, expected ${JSON.stringify(expected)}`);
    }

    // Submissions stored once with their bytes.
    const submissions = { accepted: 0, stored: 0, lost: [] as string[], duplicated: [] as string[], bytesMismatch: [] as string[] };
    const blobs = new Map((await prisma.fileBlob.findMany({ select: { sha256: true, storageKey: true } })).map((b) => [b.sha256, b.storageKey]));
    for (const outcome of input.outcomes) {
      const versions = await prisma.deliverableVersion.findMany({
        where: { jobId: outcome.jobId },
        select: { version: true, submission: { select: { round: true } }, file: { select: { sha256: true } } },
        orderBy: { version: 'asc' },
      });
      outcome.uploads.forEach((sha256, i) => {
        submissions.accepted += 1;
        const round = i + 1;
        const stored = versions.filter((v) => v.submission.round === round);
        if (stored.length === 0) submissions.lost.push(`${outcome.plan.code} round ${round}`);
        else if (stored.length > 1) submissions.duplicated.push(`${outcome.plan.code} round ${round} (${stored.length} versions)`);
        else if (stored[0]!.file.sha256 !== sha256) submissions.bytesMismatch.push(`${outcome.plan.code} round ${round}: stored ${stored[0]!.file.sha256}, sent ${sha256}`);
        else submissions.stored += 1;
      });
    }
    // Each accepted upload's object re-read from S3 and re-hashed.
    for (const outcome of input.outcomes) {
      for (const [i, sha256] of outcome.uploads.entries()) {
        const key = blobs.get(sha256);
        let actual = 'no blob row';
        if (key) {
          try {
            const object = await s3.send(new GetObjectCommand({ Bucket: input.s3.bucket, Key: key }));
            actual = createHash('sha256').update(await object.Body!.transformToByteArray()).digest('hex');
          } catch (error) {
            actual = `no S3 object (${(error as Error).name})`;
          }
        }
        if (actual !== sha256) {
          submissions.bytesMismatch.push(`${outcome.plan.code} round ${i + 1}: S3 ${actual}, sent ${sha256}`);
          submissions.stored -= 1;
        }
      }
    }
    const objectKeys: string[] = [];
    for (let token: string | undefined; ;) {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: input.s3.bucket, ContinuationToken: token }));
      objectKeys.push(...(page.Contents ?? []).map((o) => o.Key ?? ''));
      if (!page.IsTruncated) break;
      token = page.NextContinuationToken;
    }
    const blobKeys = new Set(blobs.values());
    const s3Figures = { objects: objectKeys.length, leftovers: objectKeys.filter((k) => !blobKeys.has(k)).length };

    // The outbox drains (rows left pending once faults are over are retried with backoff).
    const outbound = { channel: { in: ['email', 'webhook'] as Array<'email' | 'webhook'> } };
    const drainDeadline = Date.now() + input.drainTimeoutMs;
    let pending = await prisma.notification.count({ where: { ...outbound, status: 'pending' } });
    while (pending > 0 && Date.now() < drainDeadline) {
      await sleep(1000);
      pending = await prisma.notification.count({ where: { ...outbound, status: 'pending' } });
    }
    const rows = await prisma.notification.findMany({ where: outbound, select: { idempotencyKey: true, channel: true, status: true, payload: true } });
    const failedStarts = new Set((await prisma.auditEvent.findMany({ where: { type: 'job.start_failed' }, select: { jobId: true } })).map((e) => e.jobId ?? ''));
    const repeatExplained = (arrivals: Arrival[]) => {
      const first = Math.min(...arrivals.map((a) => a.at));
      const last = Math.max(...arrivals.map((a) => a.at));
      return input.faults.faults.some((f) => f.at <= last && (f.recoveredAt ?? Infinity) + input.graceMs >= first);
    };
    const figuresOf = (channel: 'email' | 'webhook', idOf: (row: (typeof rows)[number]) => string, arrivals: Arrival[]): ChannelFigures => {
      const mine = rows.filter((r) => r.channel === channel);
      const byId = new Map<string, Arrival[]>();
      for (const a of arrivals) byId.set(a.id, [...(byId.get(a.id) ?? []), a]);
      const figures: ChannelFigures = { rows: mine.length, delivered: 0, failedRows: 0, neverArrived: 0, repeatedDuringFaults: 0, repeatedOutsideFaults: 0, unexpected: 0, failedStartsUntold: 0 };
      const expectedIds = new Set<string>();
      for (const row of mine) {
        const id = idOf(row);
        expectedIds.add(id);
        if (row.status === 'failed') figures.failedRows += 1;
        const got = byId.get(id) ?? [];
        if (got.length === 0) figures.neverArrived += 1;
        else figures.delivered += 1;
        if (got.length > 1) {
          if (repeatExplained(got)) figures.repeatedDuringFaults += 1;
          else figures.repeatedOutsideFaults += 1;
        }
      }
      const unexpected = [...byId.keys()].filter((id) => !expectedIds.has(id));
      figures.unexpected = unexpected.length;
      const heard = (type: string) => new Set(arrivals.filter((a) => a.what?.split(' ')[0] === type && a.jobId && failedStarts.has(a.jobId)).map((a) => a.jobId!));
      const told = heard('job.start_failed');
      figures.failedStartsUntold = [...heard('job.created')].filter((jobId) => !told.has(jobId)).length;
      for (const id of unexpected.slice(0, 5)) input.log(`${channel}: ${id} arrived (${byId.get(id)![0]!.what ?? '?'}) but no outbox row has it`);
      return figures;
    };
    const email = figuresOf('email', (r) => messageIdFor(r.idempotencyKey, input.mailDomain), input.mails());
    const webhook = figuresOf('webhook', (r) => ((r.payload as { event?: { id?: string } }).event?.id ?? eventIdFor(r.idempotencyKey)), input.webhookEvents());

    // Every event the webhook subscribes to has its outbox row (the relay lost none).
    const config = await prisma.channelConfig.findUniqueOrThrow({ where: { id: input.webhookConfig.id } });
    const events = await prisma.auditEvent.findMany({ where: { jobId: { in: jobs.map((j) => j.id) }, at: { gte: config.createdAt } }, select: { seq: true, jobId: true, type: true } });
    const rowKeys = new Set(rows.map((r) => r.idempotencyKey));
    const patterns = input.webhookConfig.events ?? DEFAULT_WEBHOOK_EVENTS;
    const missingWebhookRows = events.filter((e) => matchesPattern(patterns, e.type) && !rowKeys.has(webhookRowKey(e.jobId!, e.seq, config.id))).length;

    const audit = await verifyAuditChain(prisma);
    const outsideFaults = input.serverErrors.filter((e) => !input.faults.activeAt(e.at, input.graceMs, PROCESS_FAULTS));

    const lost = (input.plans.length - jobs.filter((j) => j.status === 'completed').length)
      + submissions.lost.length + submissions.bytesMismatch.length
      + email.failedRows + email.neverArrived + webhook.failedRows + webhook.neverArrived + missingWebhookRows;
    return {
      jobs: { planned: input.plans.length, completed: jobs.filter((j) => j.status === 'completed').length, wrongEndState },
      submissions,
      s3: s3Figures,
      notices: { email, webhook, missingWebhookRows, pendingAfterDrain: pending, failedStarts: failedStarts.size },
      audit: { valid: audit.valid, checked: audit.checked },
      serverErrors: { total: input.serverErrors.length, duringFaults: input.serverErrors.length - outsideFaults.length, outsideFaults },
      lost,
    };
  } finally {
    s3.destroy();
    await db.close();
  }
}
