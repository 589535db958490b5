/**
 * Many deadlines on one instant through the real workflow (Temporal dev
 * server, real database, real activities, a worker with the product's slot
 * counts: worker/create-worker.ts) and the real dispatcher, to a loopback SMTP
 * server and a signed webhook receiver — the path bench/escalation.bench.ts
 * measures. With many workflow tasks and bookkeeping writes in flight at once
 * (group-committed together), each job still sends its escalation exactly once
 * per recipient on e-mail and once per webhook, and nothing reaches anyone
 * before the deadline.
 */
import { extendDeadlineSignal } from '../../workflows/definitions';
import { DEFAULT_LOCAL_ACTIVITY_SLOTS, DEFAULT_WORKFLOW_TASK_SLOTS } from '../../platform/config';
import { publishSop, startJob } from '../support/api-fixtures';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';
import { configureChannels, removeChannels, LOOPBACK_RECEIVERS, startTestDispatcher, type ConfigIds } from '../support/notification-fixtures';
import { randomSecrets, startHttpReceiver, type HttpReceiver } from '../support/notification-http-receiver';
import { startSmtpReceiver, type SmtpReceiver } from '../support/notification-smtp-receiver';
import { minimalReviewSop } from '../support/sop-builder';
import { waitFor } from '../support/wait-for';
import type { SopNode } from '../../core/sop/types';

jest.setTimeout(180_000);

const JOBS = 40;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(databaseKinds())('on %s', (kind) => {
  let h: AppHarness;
  let http: HttpReceiver;
  let smtp: SmtpReceiver;
  let configs: ConfigIds;
  let dispatcher: ReturnType<typeof startTestDispatcher>;
  const secrets = randomSecrets();

  beforeAll(async () => {
    h = await startAppHarness(kind, { notifyAllowedHosts: LOOPBACK_RECEIVERS });
    http = await startHttpReceiver(secrets);
    smtp = await startSmtpReceiver();
    configs = await configureChannels(h, { http, secrets, smtp }, ['email', 'webhook'], { settings: {} });
    const ladder = { due: { after: 'P1D' }, escalation: [{ overdue: 'PT0S', notify: ['assignee'], cc: ['owner'] }] } as Partial<SopNode>;
    await publishSop(h, { ...minimalReviewSop(ladder), key: `burst-${kind}`, name: 'Burst' });
    dispatcher = startTestDispatcher(h);
  });
  afterAll(async () => {
    await dispatcher?.stop();
    await removeChannels(h, configs);
    await http?.close();
    await smtp?.close();
    await h?.close();
  });

  test(`${JOBS} deadlines moved onto one instant: one escalation e-mail per recipient and one webhook event per job, none before the deadline`, async () => {
    // The worker runs with the product's slot counts (the SDK turns them into a fixed-size tuner).
    const tuner = h.worker.worker.options.tuner as unknown as { workflowTaskSlotSupplier: { numSlots: number }; localActivityTaskSlotSupplier: { numSlots: number } };
    expect([tuner.workflowTaskSlotSupplier.numSlots, tuner.localActivityTaskSlotSupplier.numSlots]).toEqual([DEFAULT_WORKFLOW_TASK_SLOTS, DEFAULT_LOCAL_ACTIVITY_SLOTS]);
    // Started 8 at a time: what falls together here is the deadlines, not the starts (40 concurrent starts on a loaded
    // CI machine could exhaust the connection pool: the API answers 503 then, which is no part of this test).
    const jobs: Array<{ id: string; code: string }> = [];
    for (let i = 0; i < JOBS; i += 8) jobs.push(...(await Promise.all(Array.from({ length: Math.min(8, JOBS - i) }, () => startJob(h, `burst-${kind}`)))));
    const rows = await h.test.db.prisma.job.findMany({ where: { id: { in: jobs.map((j) => j.id) } }, select: { id: true, code: true, workflowId: true } });
    const owner = await h.test.db.prisma.user.findFirstOrThrow({ where: { email: 'owner@demo.test' } });
    const dueAt = Date.now() + 6000;
    await Promise.all(rows.map((job) => h.client.workflow.getHandle(job.workflowId).signal(extendDeadlineSignal, {
      nodeId: 'draft', dueAt, actor: { userId: owner.id, orgId: owner.orgId, roles: owner.roles },
    })));

    const codes = new Set(rows.map((r) => r.code));
    const codeOf = (text: string) => [...text.matchAll(/API-\d+-\d+/g)].map((m) => m[0]).find((c) => codes.has(c));
    const escalationMails = () => smtp.mails.filter((m) => m.subject.includes('升级') && codeOf(m.subject));
    const escalationEvents = () => http.accepted('webhook').filter((p) => p.text === 'notice.escalation' && codes.has((p.body.job as { code?: string } | null)?.code ?? ''));
    await waitFor(async () => (escalationMails().length >= 2 * JOBS && escalationEvents().length >= JOBS ? true : undefined), 120_000);
    await sleep(1500); // nothing more arrives

    const mails = escalationMails();
    // Each job: one e-mail to the vendor (the step's assignee) and one to the owner (cc), each with its own Message-ID.
    expect(mails).toHaveLength(2 * JOBS);
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(2 * JOBS);
    expect(new Set(mails.map((m) => `${codeOf(m.subject)} ${m.to.join(',')}`)).size).toBe(2 * JOBS);
    expect(new Set(mails.map((m) => m.to.join(',')))).toEqual(new Set(['vendor-a@demo.test', 'owner@demo.test']));
    const events = escalationEvents();
    expect(events).toHaveLength(JOBS);
    expect(new Set(events.map((e) => (e.body.job as { code: string }).code)).size).toBe(JOBS);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(JOBS);
    // Delivered at or after the deadline, never before it.
    expect([...mails.map((m) => m.at), ...events.map((e) => e.at!)].filter((at) => at < dueAt)).toEqual([]);

    // The trail: one notice.escalation per job, written for the deadline's instant.
    const audits = await h.test.db.prisma.auditEvent.findMany({ where: { jobId: { in: jobs.map((j) => j.id) }, type: 'notice.escalation' }, select: { jobId: true } });
    expect(audits).toHaveLength(JOBS);
    expect(new Set(audits.map((a) => a.jobId)).size).toBe(JOBS);
    const outbox = await h.test.db.prisma.notification.groupBy({ by: ['channel', 'status'], where: { jobId: { in: jobs.map((j) => j.id) }, kind: 'escalation' }, _count: true });
    expect(outbox.map((r) => [r.channel, r.status, r._count]).sort()).toEqual([['email', 'sent', 2 * JOBS], ['inbox', 'sent', 2 * JOBS]].sort());
  });
});
