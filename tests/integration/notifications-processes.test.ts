/**
 * Dispatchers in processes of their own, against real loopback receivers:
 *
 * - a dispatcher process is SIGKILLed after the receivers acknowledged an
 *   e-mail and a webhook event and before it recorded them as sent; after the
 *   lease another dispatcher sends them again, and the receivers see one
 *   distinct message each (same Message-ID, same event id);
 * - a dispatcher process that polls only every 10 minutes delivers rows
 *   another process wrote at once: the writer's transaction NOTIFYs, the
 *   dispatcher LISTENs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { notifyActivity } from '../../activities/notify';
import type { OcrPool } from '../../checks/ocr-pool';
import { verifyAuditChain } from '../../platform/audit/audit-log';
import type { Database } from '../../platform/db/database';
import { createDispatcher } from '../../platform/notifications/dispatcher';
import { seedDemoTenant } from '../../platform/seed/demo-tenant';
import { LocalFileStorage } from '../../platform/storage/file-storage';
import { databaseKinds } from '../support/app-harness';
import { spawnDispatcherProcess, type DispatcherProcess } from '../support/dispatcher-process';
import { randomSecrets, startHttpReceiver, type HttpReceiver } from '../support/notification-http-receiver';
import { startSmtpReceiver, type SmtpReceiver } from '../support/notification-smtp-receiver';
import { openTestDatabase, type TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

jest.setTimeout(120_000);

/** The demo tenant, a job, an e-mail and a webhook config pointing at the receivers. */
async function prepare(db: Database, storage: LocalFileStorage, receivers: { http: HttpReceiver; smtp: SmtpReceiver; secrets: ReturnType<typeof randomSecrets> }, code: string) {
  const prisma = db.prisma;
  if ((await prisma.user.count()) === 0) await seedDemoTenant(db, storage, 'demo-password-for-tests', { demoMode: true });
  const owner = await prisma.user.findFirstOrThrow({ where: { email: 'owner@demo.test' } });
  const vendor = await prisma.user.findFirstOrThrow({ where: { email: 'vendor-a@demo.test' } });
  const vendorOrg = await prisma.org.findFirstOrThrow({ where: { name: 'Vendor A' } });
  const sop = await prisma.sopVersion.findFirstOrThrow();
  const job = await prisma.job.create({
    data: { code, title: `Job ${code}`, sopKey: sop.sopKey, sopVersion: sop.version, vendorOrgId: vendorOrg.id, ownerId: owner.id, workflowId: `wf-${code}`, assignees: { vendor: vendor.id, owner: owner.id } },
  });
  await prisma.channelConfig.deleteMany({});
  const scope = { scope: 'org' as const, scopeId: owner.orgId };
  await prisma.channelConfig.createMany({
    data: [
      { ...scope, channel: 'email', url: receivers.smtp.url, secret: '', settings: { from: 'SOP <notify@sop.example>', tls: false } }, // the receiver speaks plain text
      { ...scope, channel: 'webhook', url: receivers.http.urls.webhook, secret: receivers.secrets.webhook.secret, settings: { events: ['notice.*'] } },
    ],
  });
  const notify = notifyActivity({ db, storage, ocrPool: () => ({}) as OcrPool, publicUrl: 'http://localhost' });
  const escalate = () => {
    const dueAt = Date.now() - 60_000;
    return notify({ jobId: job.id, kind: 'escalation', nodeId: 'draft', round: 1, level: 0, deadlineEpoch: 0, roles: ['vendor'], assignees: { vendor: vendor.id, owner: owner.id }, dueAt, at: dueAt + 60_000 });
  };
  return { job, vendor, escalate };
}

describe.each(databaseKinds())('on %s', (kind) => {
  let shared: TestDatabase;
  let http: HttpReceiver;
  let smtp: SmtpReceiver;
  let dir: string;
  let storage: LocalFileStorage;
  const secrets = randomSecrets();
  const children: DispatcherProcess[] = [];

  beforeAll(async () => {
    shared = await openTestDatabase({ server: kind });
    http = await startHttpReceiver(secrets);
    smtp = await startSmtpReceiver();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-files-'));
    storage = new LocalFileStorage(dir);
  });
  afterEach(async () => {
    for (const child of children.splice(0)) await child.kill();
  });
  afterAll(async () => {
    await http?.close();
    await smtp?.close();
    await shared?.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a dispatcher process killed (SIGKILL) between the receivers\' acknowledgment and recording it: after the lease the message is sent again with the same Message-ID and event id, and the receivers keep one distinct message each', async () => {
    const db = shared.db;
    const { job, escalate } = await prepare(db, storage, { http, smtp, secrets }, `KILL-${kind}`);
    expect(await escalate()).toEqual({ created: 2 }); // inbox + e-mail; the webhook row comes with the notice.escalation event
    const rows = () => db.prisma.notification.findMany({ where: { jobId: job.id, channel: { in: ['email', 'webhook'] } }, orderBy: { channel: 'asc' } });
    expect((await rows()).map((r) => [r.channel, r.status, r.attempts])).toEqual([['email', 'pending', 0], ['webhook', 'pending', 0]]);

    const doomed = await spawnDispatcherProcess({ database: shared.url, settings: { leaseMs: 1500, pollMs: 50, timeoutMs: 2000, allowedHosts: ['127.0.0.1'] }, hangAfterSend: true });
    children.push(doomed);
    await doomed.waitForLine((l) => l.startsWith('sent email '));
    await doomed.waitForLine((l) => l.startsWith('sent webhook '));
    const mails = () => smtp.mails.filter((m) => m.subject.includes(job.code));
    const events = () => http.accepted('webhook').filter((p) => (p.body.job as { id: string } | null)?.id === job.id);
    expect([mails().length, events().length]).toEqual([1, 1]); // acknowledged by the receivers…
    await doomed.kill(); // …and the process dies before recording it

    expect((await rows()).map((r) => [r.channel, r.status, r.attempts])).toEqual([['email', 'pending', 1], ['webhook', 'pending', 1]]);
    const second = createDispatcher({ db, publicUrl: 'http://localhost', leaseMs: 1500, pollMs: 50, timeoutMs: 2000, allowedHosts: ['127.0.0.1'] });
    second.start();
    try {
      await waitFor(async () => ((await rows()).every((r) => r.status === 'sent') ? true : undefined));
    } finally {
      await second.stop();
    }
    expect((await rows()).map((r) => [r.channel, r.status, r.attempts])).toEqual([['email', 'sent', 2], ['webhook', 'sent', 2]]);
    expect(mails()).toHaveLength(2);
    expect(new Set(mails().map((m) => m.messageId)).size).toBe(1);
    expect(mails()[0]!.text).toBe(mails()[1]!.text);
    expect(events()).toHaveLength(2);
    expect(new Set(events().map((e) => e.eventId)).size).toBe(1);
    expect(http.distinctEvents().filter((id) => id === events()[0]!.eventId)).toHaveLength(1);

    // The trail says who was notified of what, once, and still verifies.
    const notices = await db.prisma.auditEvent.findMany({ where: { jobId: job.id, type: 'notice.escalation' } });
    expect(notices.map((n) => (n.data as { recipients: string[] }).recipients)).toEqual([[(await db.prisma.user.findFirstOrThrow({ where: { email: 'vendor-a@demo.test' } })).id]]);
    expect((await verifyAuditChain(db.prisma)).valid).toBe(true);
  });

  test('a dispatcher process that polls every 10 minutes delivers at once what another process writes: the write NOTIFYs, the dispatcher LISTENs', async () => {
    const db = shared.db;
    const listener = await spawnDispatcherProcess({ database: shared.url, settings: { pollMs: 600_000, timeoutMs: 2000, allowedHosts: ['127.0.0.1'] }, listen: true });
    children.push(listener);
    await listener.waitForLine((l) => l.includes('listening for outbox rows'));
    const { job, escalate } = await prepare(db, storage, { http, smtp, secrets }, `LISTEN-${kind}`);
    await escalate();
    const delivered = () => smtp.mails.filter((m) => m.subject.includes(job.code)).length === 1
      && http.accepted('webhook').filter((p) => (p.body.job as { id: string } | null)?.id === job.id).length === 1;
    await waitFor(async () => (delivered() ? true : undefined), 30_000);
    await listener.stop();
    const rows = await db.prisma.notification.findMany({ where: { jobId: job.id, channel: { in: ['email', 'webhook'] } } });
    expect(rows.map((r) => [r.channel, r.status]).sort()).toEqual([['email', 'sent'], ['webhook', 'sent']]);
  });
});
