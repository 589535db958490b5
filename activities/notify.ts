/**
 * Turns a notice the workflow decided on (reminder, escalation level, review
 * request, …) into outbox rows: an inbox entry and an e-mail per recipient (as
 * each person's channel preferences say, in their language and time zone) and
 * one post per chat-robot config of the job's SOP or organisation
 * (platform/notifications/outbox-rows.ts). Each row has an idempotency key
 * (job, kind, step, round, level, deadline epoch, recipient, channel), so
 * retries, replays and worker crashes never create a second one. The inbox
 * row is delivered by being written; the others are sent by the dispatcher
 * (platform/notifications/dispatcher.ts). Generic webhooks receive the notice
 * through the audit event appended here (`notice.escalation`, …).
 */
import type { NotifyInput } from '../core/jobs/contract';
import type { ExecutionPlan } from '../core/sop/compile';
import { appendAudit } from '../platform/audit/audit-log';
import { configsForJob } from '../platform/notifications/channel-config';
import { noticeKeyOf, outboxRows, type NoticeRecipient } from '../platform/notifications/outbox-rows';
import type { ActivityDeps } from './deps';

export function noticeKey(input: NotifyInput, userId: string, channel: string): string {
  return noticeKeyOf(input, userId, channel);
}

export function notifyActivity(deps: ActivityDeps) {
  const prisma = deps.db.prisma;
  // Published SOP versions are immutable (a trigger refuses UPDATE): their plans are cached for good.
  const plans = new Map<string, Promise<ExecutionPlan>>();
  const planOf = (sopKey: string, version: number): Promise<ExecutionPlan> => {
    const key = `${sopKey}@${version}`;
    let plan = plans.get(key);
    if (!plan) {
      plan = prisma.sopVersion.findUniqueOrThrow({ where: { sopKey_version: { sopKey, version } }, select: { plan: true } }).then((v) => v.plan as unknown as ExecutionPlan);
      plan.catch(() => plans.delete(key));
      plans.set(key, plan);
    }
    return plan;
  };
  return async function notify(input: NotifyInput): Promise<{ created: number }> {
    const job = await prisma.job.findUnique({ where: { id: input.jobId }, include: { owner: { select: { orgId: true } } } });
    if (!job) return { created: 0 };
    const plan = await planOf(job.sopKey, job.sopVersion);
    const spec = input.nodeId ? plan.nodes[input.nodeId]?.spec : undefined;
    const stepRole = spec && (spec.type === 'task' || spec.type === 'review') ? spec.assignee : undefined;

    const usersFor = async (role: string): Promise<string[]> => {
      const slot = role === 'assignee' ? stepRole : role;
      if (!slot) return [];
      const bound = input.assignees[slot];
      if (bound) return [bound];
      if (slot === 'vendor') {
        const vendors = await prisma.user.findMany({ where: { orgId: job.vendorOrgId, roles: { has: 'vendor' }, disabled: false }, select: { id: true } });
        return vendors.map((v) => v.id);
      }
      return [];
    };
    const addressed = new Map<string, { cc: boolean; roles: string[] }>();
    for (const [roles, cc] of [[input.roles, false], [input.cc ?? [], true]] as const) {
      for (const role of roles) {
        for (const userId of await usersFor(role)) {
          const entry = addressed.get(userId) ?? { cc, roles: [] };
          entry.cc = entry.cc && cc;
          entry.roles.push(role);
          addressed.set(userId, entry);
        }
      }
    }
    if (addressed.size === 0) return { created: 0 };
    const people = await prisma.user.findMany({
      where: { id: { in: [...addressed.keys()] }, disabled: false },
      select: { id: true, name: true, email: true, locale: true, timezone: true, notificationChannels: true },
    });
    const byId = new Map(people.map((p) => [p.id, p]));
    const recipients: NoticeRecipient[] = [...addressed].flatMap(([userId, r]) => {
      const p = byId.get(userId);
      return p ? [{ userId, name: p.name, email: p.email, locale: p.locale, timezone: p.timezone, channels: p.notificationChannels, cc: r.cc, roles: r.roles }] : [];
    });
    const configs = await configsForJob(prisma, { sopKey: job.sopKey, ownerOrgId: job.owner.orgId });
    const link = `${deps.publicUrl}/jobs/${job.id}`;
    const stepTitle = spec?.title ?? input.nodeId ?? null;
    const rows = outboxRows({
      id: input,
      facts: {
        jobCode: job.code, jobTitle: job.title, nodeTitle: stepTitle, message: input.message ?? null,
        dueAt: input.dueAt !== undefined ? new Date(input.dueAt).toISOString() : null, scheduledAt: new Date(input.at).toISOString(), link,
      },
      view: { kind: input.kind, jobCode: job.code, jobTitle: job.title, link, stepTitle, level: input.level, dueAt: input.dueAt, at: input.at, message: input.message },
      recipients,
      configs,
      zone: plan.timezone || 'Asia/Shanghai',
      now: new Date(),
    });
    if (rows.length === 0) return { created: 0 };
    return prisma.$transaction(async (tx) => {
      const { count } = await tx.notification.createMany({ data: rows, skipDuplicates: true });
      if (count > 0 && ['escalation', 'reminder', 'stuck'].includes(input.kind)) {
        await appendAudit(tx, {
          type: `notice.${input.kind}`, actorLabel: 'workflow', jobId: job.id, at: new Date(input.at),
          data: { nodeId: input.nodeId ?? null, round: input.round ?? null, level: input.level ?? null, recipients: [...addressed.keys()], cc: input.cc ?? [], dueAt: input.dueAt !== undefined ? new Date(input.dueAt).toISOString() : null },
        });
      }
      return { created: count };
    }, { maxWait: 15_000, timeout: 15_000 });
  };
}
