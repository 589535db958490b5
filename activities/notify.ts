/**
 * Turns a notice the workflow decided on (reminder, escalation level, review
 * request, …) into one inbox message per recipient. Each message has an
 * idempotency key (job, kind, step, round, level, deadline epoch, recipient,
 * channel), so retries, replays and worker crashes never create a second one.
 * Other channels (e-mail, chat robots, webhooks) are delivered from the same
 * outbox rows by the dispatcher (see docs/ARCHITECTURE.md).
 */
import type { NotifyInput } from '../core/jobs/contract';
import type { ExecutionPlan } from '../core/sop/compile';
import { appendAudit } from '../platform/audit/audit-log';
import type { Prisma } from '../platform/db/prisma-types';
import type { ActivityDeps } from './deps';

export function noticeKey(input: NotifyInput, userId: string, channel: string): string {
  return [input.jobId, input.kind, input.nodeId ?? '-', input.round ?? '-', input.level ?? '-', input.deadlineEpoch ?? '-', userId, channel].join('/');
}

export function notifyActivity(deps: ActivityDeps) {
  const prisma = deps.db.prisma;
  return async function notify(input: NotifyInput): Promise<{ created: number }> {
    const job = await prisma.job.findUnique({ where: { id: input.jobId }, include: { sop: { select: { plan: true } } } });
    if (!job) return { created: 0 };
    const plan = job.sop.plan as unknown as ExecutionPlan;
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
    const recipients = new Map<string, { cc: boolean; roles: string[] }>();
    for (const [roles, cc] of [[input.roles, false], [input.cc ?? [], true]] as const) {
      for (const role of roles) {
        for (const userId of await usersFor(role)) {
          const entry = recipients.get(userId) ?? { cc, roles: [] };
          entry.cc = entry.cc && cc;
          entry.roles.push(role);
          recipients.set(userId, entry);
        }
      }
    }
    const payload = {
      jobCode: job.code,
      jobTitle: job.title,
      nodeTitle: spec?.title ?? input.nodeId ?? null,
      message: input.message ?? null,
      dueAt: input.dueAt !== undefined ? new Date(input.dueAt).toISOString() : null,
      scheduledAt: new Date(input.at).toISOString(),
      link: `${deps.publicUrl}/jobs/${job.id}`,
    };
    const rows = [...recipients].map(([userId, r]) => ({
      idempotencyKey: noticeKey(input, userId, 'inbox'),
      userId,
      channel: 'inbox' as const,
      kind: input.kind,
      jobId: job.id,
      nodeId: input.nodeId ?? null,
      round: input.round ?? null,
      level: input.level ?? null,
      payload: { ...payload, cc: r.cc, roles: r.roles } as Prisma.InputJsonValue,
      status: 'sent' as const,
      sentAt: new Date(),
    }));
    if (rows.length === 0) return { created: 0 };
    return prisma.$transaction(async (tx) => {
      const { count } = await tx.notification.createMany({ data: rows, skipDuplicates: true });
      if (count > 0 && ['escalation', 'reminder', 'stuck'].includes(input.kind)) {
        await appendAudit(tx, {
          type: `notice.${input.kind}`, actorLabel: 'workflow', jobId: job.id, at: new Date(input.at),
          data: { nodeId: input.nodeId ?? null, round: input.round ?? null, level: input.level ?? null, recipients: [...recipients.keys()], cc: input.cc ?? [] },
        });
      }
      return { created: count };
    });
  };
}
