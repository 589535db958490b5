/**
 * The outbox writer under load (activities/record-events.ts, no Temporal
 * needed): the `recordEvents` batches of many jobs that arrive together are
 * written in one transaction, with the same rows, audit events and webhook
 * rows as one by one; replays create nothing; one bad batch fails only
 * itself; the rows reach a dispatcher of the same process without a claim,
 * and a dispatcher that stops gives back what it had not started.
 */
import type { OcrPool } from '../../checks/ocr-pool';
import type { RecordEventsInput, StepState } from '../../core/jobs/contract';
import { recordEventsActivity } from '../../activities/record-events';
import { verifyAuditChain } from '../../platform/audit/audit-log';
import type { Database } from '../../platform/db/database';
import { createDispatcher } from '../../platform/notifications/dispatcher';
import { relayAuditEvents } from '../../platform/notifications/event-relay';
import type { OutboxMessage } from '../../platform/notifications/channels/sender';
import { seedDemoTenant } from '../../platform/seed/demo-tenant';
import { LocalFileStorage } from '../../platform/storage/file-storage';
import { databaseKinds } from '../support/app-harness';
import { openTestDatabase, type TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

jest.setTimeout(120_000);

describe.each(databaseKinds())('on %s', (kind) => {
  let testDb: TestDatabase;
  let db: Database;
  let dir: string;
  let ids: { owner: string; vendor: string; vendorOrg: string; ownerOrg: string; sopKey: string; sopVersion: number };
  let jobCounter = 0;

  beforeAll(async () => {
    testDb = await openTestDatabase({ server: kind });
    db = testDb.db;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-files-'));
    await seedDemoTenant(db, new LocalFileStorage(dir), 'demo-password-for-tests', { demoMode: true });
    const owner = await db.prisma.user.findFirstOrThrow({ where: { email: 'owner@demo.test' } });
    const vendor = await db.prisma.user.findFirstOrThrow({ where: { email: 'vendor-a@demo.test' } });
    const vendorOrg = await db.prisma.org.findFirstOrThrow({ where: { name: 'Vendor A' } });
    const sop = await db.prisma.sopVersion.findFirstOrThrow();
    ids = { owner: owner.id, vendor: vendor.id, vendorOrg: vendorOrg.id, ownerOrg: owner.orgId, sopKey: sop.sopKey, sopVersion: sop.version };
  });
  afterAll(async () => {
    await testDb?.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await db.prisma.channelConfig.deleteMany({});
  });

  /** The database with its transactions counted. */
  function countingTransactions(): { db: Database; transactions: () => number } {
    let transactions = 0;
    const prisma = new Proxy(db.prisma, {
      get(target, prop) {
        if (prop === '$transaction') transactions += 1;
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    return { db: { ...db, prisma }, transactions: () => transactions };
  }

  const deps = (database: Database = db) => ({ db: database, storage: new LocalFileStorage(dir), ocrPool: () => ({}) as OcrPool, publicUrl: 'http://localhost' });

  /** `n` jobs whose draft step is active and due at `dueAt`. */
  async function jobs(n: number, dueAt: number): Promise<string[]> {
    const created = Array.from({ length: n }, () => `batch-${kind}-${(jobCounter += 1)}`);
    await db.prisma.job.createMany({
      data: created.map((id) => ({ id, code: id.toUpperCase(), title: `Job ${id}`, sopKey: ids.sopKey, sopVersion: ids.sopVersion, vendorOrgId: ids.vendorOrg, ownerId: ids.owner, workflowId: `wf-${id}`, assignees: { vendor: ids.vendor, owner: ids.owner } })),
    });
    await db.prisma.stepRun.createMany({ data: created.map((jobId) => ({ jobId, nodeId: 'draft', type: 'task', round: 1, status: 'active' as const, activatedAt: new Date(dueAt - 86_400_000), dueAt: new Date(dueAt), assigneeRole: 'vendor' })) });
    return created;
  }

  /** What the workflow sends when the draft's deadline passes: the step now overdue and escalation level 0. */
  function deadlineBatch(jobId: string, dueAt: number): RecordEventsInput {
    const step: StepState = {
      nodeId: 'draft', type: 'task', round: 1, status: 'active', activatedAt: dueAt - 86_400_000, assigneeRole: 'vendor', dueAt, overdue: true, deadlineEpoch: 0,
      reminders: [], escalations: [{ index: 0, at: dueAt, sent: true }],
    };
    return {
      jobId,
      events: [{ kind: 'step', step, at: dueAt }],
      notices: [{ jobId, kind: 'escalation', nodeId: 'draft', round: 1, level: 0, deadlineEpoch: 0, roles: ['vendor'], assignees: { vendor: ids.vendor, owner: ids.owner }, message: '设计稿已到期', dueAt, at: dueAt }],
    };
  }

  async function configure(channels: Array<'email' | 'dingtalk' | 'webhook'>) {
    const scope = { scope: 'org' as const, scopeId: ids.ownerOrg };
    for (const channel of channels) {
      const url = channel === 'email' ? 'smtp://127.0.0.1:9' : `http://127.0.0.1:9/${channel}`;
      await db.prisma.channelConfig.create({ data: { ...scope, channel, url, secret: channel === 'webhook' ? 'webhook-secret-0123456789' : '', settings: channel === 'email' ? { from: 'SOP <notify@sop.example>' } : channel === 'webhook' ? { events: ['step.*', 'notice.*'] } : {} } });
    }
  }

  test('40 jobs\' deadline batches arriving together are written in one transaction: each job gets its overdue step, its notice and its rows, the chain verifies, and a replay creates nothing', async () => {
    await configure(['email', 'dingtalk', 'webhook']);
    const dueAt = Date.now() + 5; // a webhook receives events from its creation on
    const jobIds = await jobs(40, dueAt);
    const counting = countingTransactions();
    const recordEvents = recordEventsActivity(deps(counting.db));
    await Promise.all(jobIds.map((id) => recordEvents(deadlineBatch(id, dueAt))));
    expect(counting.transactions()).toBe(1);

    const trail = await db.prisma.auditEvent.findMany({ where: { jobId: { in: jobIds } }, orderBy: { seq: 'asc' } });
    for (const jobId of jobIds) {
      const mine = trail.filter((e) => e.jobId === jobId);
      expect(mine.map((e) => e.type)).toEqual(['step.overdue', 'notice.escalation']);
      expect(mine[1]!.data).toEqual({ nodeId: 'draft', round: 1, level: 0, recipients: [ids.vendor], cc: [], dueAt: new Date(dueAt).toISOString() });
    }
    const rows = await db.prisma.notification.groupBy({ by: ['channel', 'status'], where: { jobId: { in: jobIds } }, _count: true });
    expect(rows.map((r) => [r.channel, r.status, r._count]).sort()).toEqual([
      ['dingtalk', 'pending', 40], ['email', 'pending', 40], ['inbox', 'sent', 40], ['webhook', 'pending', 80],
    ].sort());
    const hooks = await db.prisma.notification.findMany({ where: { jobId: { in: jobIds }, channel: 'webhook' } });
    const eventSeqs = new Set(trail.map((e) => e.seq));
    expect(hooks.every((h) => eventSeqs.has(Number(h.idempotencyKey.split('/')[2])))).toBe(true);
    expect((await verifyAuditChain(db.prisma)).valid).toBe(true);
    const step = await db.prisma.stepRun.findFirstOrThrow({ where: { jobId: jobIds[0]!, nodeId: 'draft' } });
    expect([step.status, step.dueAt?.getTime()]).toEqual(['active', dueAt]);

    // A replay (activity retries after a crash, or Temporal replaying) creates nothing, and the relay finds nothing left to do.
    const before = await db.prisma.auditEvent.count();
    const again = await Promise.all(jobIds.map((id) => recordEventsActivity(deps())(deadlineBatch(id, dueAt))));
    expect(again).toEqual(jobIds.map(() => undefined));
    expect(await db.prisma.auditEvent.count()).toBe(before);
    expect(await db.prisma.notification.count({ where: { jobId: { in: jobIds } } })).toBe(200);
    let created = 0;
    for (let pass = 0; pass < 20; pass += 1) {
      const r = await relayAuditEvents(db.prisma, { publicUrl: 'http://localhost' });
      created += r.created;
      if (r.read === 0) break;
    }
    expect(created).toBe(0);
    expect((await verifyAuditChain(db.prisma)).valid).toBe(true);
  });

  test('one bad batch in a group fails alone: the group is written again batch by batch, and only it fails', async () => {
    await configure(['email']);
    const dueAt = Date.now() - 1000;
    const good = await jobs(5, dueAt);
    const counting = countingTransactions();
    const recordEvents = recordEventsActivity(deps(counting.db));
    const results = await Promise.allSettled([...good.slice(0, 2), 'no-such-job', ...good.slice(2)].map((id) => recordEvents(deadlineBatch(id, dueAt))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(counting.transactions()).toBe(1 + 6);
    expect(await db.prisma.notification.count({ where: { jobId: { in: good }, channel: 'email' } })).toBe(5);
    expect(await db.prisma.auditEvent.count({ where: { jobId: 'no-such-job' } })).toBe(0);
    expect((await verifyAuditChain(db.prisma)).valid).toBe(true);
  });

  test('the relay skips events a writer relayed with every webhook config in view, and relays those it did not', async () => {
    const dueAt = Date.now() + 60_000; // a notice scheduled ahead, so a config created now is older than its events
    const [jobId] = await jobs(1, dueAt);
    const recordEvents = recordEventsActivity(deps());
    await recordEvents(deadlineBatch(jobId!, dueAt)); // no webhook config yet: no webhook row
    await configure(['webhook']);
    const config = await db.prisma.channelConfig.findFirstOrThrow({ where: { channel: 'webhook' } });
    const seqs = (await db.prisma.auditEvent.findMany({ where: { jobId }, select: { seq: true } })).map((e) => e.seq);
    await db.prisma.notificationCursor.upsert({ where: { name: 'audit-webhooks' }, create: { name: 'audit-webhooks', position: Math.min(...seqs) - 1 }, update: { position: Math.min(...seqs) - 1 } });
    const seen = new Set([config.id]);
    const skipped = await relayAuditEvents(db.prisma, { publicUrl: 'http://localhost', relayedWith: () => seen });
    expect(skipped.created).toBe(0);
    await db.prisma.notificationCursor.update({ where: { name: 'audit-webhooks' }, data: { position: Math.min(...seqs) - 1 } });
    const relayed = await relayAuditEvents(db.prisma, { publicUrl: 'http://localhost', relayedWith: () => new Set() });
    expect(relayed.created).toBe(2);
    expect((await db.prisma.notification.findMany({ where: { jobId, channel: 'webhook' } })).map((r) => (r.payload as { event: { type: string } }).event.type).sort()).toEqual(['notice.escalation', 'step.overdue']);
  });

  test('a dispatcher of the same process gets the rows without claiming them; stopping, it gives back the rows it had not started', async () => {
    await configure(['email', 'dingtalk']);
    const dueAt = Date.now() - 1000;
    const sent: OutboxMessage[] = [];
    let hold: (() => void) | undefined;
    const dispatcher = createDispatcher({
      db, publicUrl: 'http://localhost', concurrency: 1, pollMs: 60_000, stopTimeoutMs: 200,
      senders: {
        email: async (m) => {
          sent.push(m);
        },
        dingtalk: async (m) => {
          sent.push(m);
          if (m.payload.jobCode?.endsWith('HOLD')) await new Promise<void>((resolve) => (hold = resolve));
        },
      },
    });
    dispatcher.start();
    const [first] = await jobs(1, dueAt);
    await recordEventsActivity(deps())(deadlineBatch(first!, dueAt));
    await waitFor(async () => ((await db.prisma.notification.count({ where: { jobId: first!, status: 'sent', channel: { in: ['email', 'dingtalk'] } } })) === 2 ? true : undefined));
    // Sent on the first attempt, although the dispatcher polls only every minute and claimed nothing.
    expect((await db.prisma.notification.findMany({ where: { jobId: first!, channel: { in: ['email', 'dingtalk'] } } })).map((r) => r.attempts)).toEqual([1, 1]);

    // Now a job whose DingTalk post hangs, with concurrency 1: the next rows wait in the queue.
    await db.prisma.job.create({ data: { id: `${first}-hold`, code: `${first!.toUpperCase()}-HOLD`, title: 'Held', sopKey: ids.sopKey, sopVersion: ids.sopVersion, vendorOrgId: ids.vendorOrg, ownerId: ids.owner, workflowId: `wf-${first}-hold`, assignees: { vendor: ids.vendor, owner: ids.owner } } });
    const held = `${first}-hold`;
    const [queued] = await jobs(1, dueAt);
    const recordEvents = recordEventsActivity(deps());
    await recordEvents({ jobId: held, events: [], notices: [{ ...deadlineBatch(held, dueAt).notices![0]!, jobId: held }] });
    await waitFor(async () => (hold ? true : undefined));
    await recordEvents(deadlineBatch(queued!, dueAt));
    await dispatcher.stop();
    const rows = await db.prisma.notification.findMany({ where: { jobId: { in: [held, queued!] }, channel: { in: ['email', 'dingtalk'] } } });
    const heldRow = rows.find((r) => r.jobId === held && r.channel === 'dingtalk')!;
    expect([heldRow.status, heldRow.attempts]).toEqual(['pending', 1]); // in flight when stopped: claimed until its lease ends
    const given = rows.filter((r) => r.jobId === queued);
    expect(given.map((r) => [r.channel, r.status, r.attempts]).sort()).toEqual([['dingtalk', 'pending', 0], ['email', 'pending', 0]]);
    expect(given.every((r) => r.nextAttemptAt.getTime() <= Date.now())).toBe(true);
    // The held send completes after all: it is still recorded as sent.
    hold!();
    await waitFor(async () => ((await db.prisma.notification.findUniqueOrThrow({ where: { id: heldRow.id } })).status === 'sent' ? true : undefined));
  });
});
