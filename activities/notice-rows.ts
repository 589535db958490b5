/**
 * What notices become (the reads and the rendering, for a whole group of
 * notices at once: one query per kind of fact, not per notice). Written by
 * the group writer of activities/record-events.ts; see activities/notify.ts.
 * The reads are single SQL statements on the driver (`Database.query`): a
 * group's handful of reads cost less there than through Prisma's query layer.
 */
import type { NotifyInput } from '../core/jobs/contract';
import type { ExecutionPlan } from '../core/sop/compile';
import type { AuditEntry } from '../platform/audit/audit-log';
import type { Database } from '../platform/db/database';
import type { ChannelConfig, NotificationChannel, Prisma, PrismaClient } from '../platform/db/prisma-types';
import { outboxRows, type NoticeRecipient } from '../platform/notifications/outbox-rows';

/** Notice kinds that are also audit events (`notice.escalation`, …) when they create a row. */
export const AUDITED_NOTICE_KINDS: readonly string[] = ['escalation', 'reminder', 'stuck'];

/** What a notice needs of its job. */
export interface NoticeJob {
  id: string;
  code: string;
  title: string;
  sopKey: string;
  sopVersion: number;
  vendorOrgId: string;
  ownerOrgId: string;
}

/** One notice, ready to write: its outbox rows and the audit event to append if any row is new. */
export interface PreparedNotice {
  rows: Prisma.NotificationCreateManyInput[];
  audit?: AuditEntry;
}

/** Published SOP versions are immutable (a trigger refuses UPDATE): their plans are cached for good. */
export function planCache(prisma: PrismaClient): (sopKey: string, version: number) => Promise<ExecutionPlan> {
  const plans = new Map<string, Promise<ExecutionPlan>>();
  return (sopKey, version) => {
    const key = `${sopKey}@${version}`;
    let plan = plans.get(key);
    if (!plan) {
      plan = prisma.sopVersion.findUniqueOrThrow({ where: { sopKey_version: { sopKey, version } }, select: { plan: true } }).then((v) => v.plan as unknown as ExecutionPlan);
      plan.catch(() => plans.delete(key));
      plans.set(key, plan);
    }
    return plan;
  };
}

/**
 * Every enabled config that applies to any of `jobs` (those of its SOP and of
 * its owner's organisation, see channel-config.ts), per job, most specific
 * first, then oldest first, and every enabled
 * webhook config (of any scope: what a writer relaying events directly had in
 * view, outbox-signal.ts), in one query.
 */
export async function configsForJobs(db: Database, jobs: readonly NoticeJob[]): Promise<{ byJob: Map<string, ChannelConfig[]>; webhooks: ChannelConfig[] }> {
  const byJob = new Map<string, ChannelConfig[]>();
  const sopKeys = [...new Set(jobs.map((j) => j.sopKey))];
  const orgIds = [...new Set(jobs.map((j) => j.ownerOrgId))];
  const rows = await db.query<ChannelConfig>(
    `SELECT "id", "scope"::text AS "scope", "scopeId", "channel"::text AS "channel", "name", "url", "secret", "settings", "enabled", "createdAt", "updatedAt"
     FROM "ChannelConfig"
     WHERE "enabled" AND ("channel" = 'webhook' OR ("scope" = 'sop' AND "scopeId" = ANY($1::text[])) OR ("scope" = 'org' AND "scopeId" = ANY($2::text[])))
     ORDER BY "createdAt" ASC, "id" ASC`,
    [sopKeys, orgIds],
  );
  for (const job of jobs) {
    const mine = rows.filter((c) => (c.scope === 'sop' ? c.scopeId === job.sopKey : c.scopeId === job.ownerOrgId));
    byJob.set(job.id, mine.sort((a, b) => (a.scope === b.scope ? 0 : a.scope === 'sop' ? -1 : 1)));
  }
  return { byJob, webhooks: rows.filter((c) => c.channel === 'webhook') };
}

export interface NoticeContext {
  db: Database;
  publicUrl: string;
  planOf(sopKey: string, version: number): Promise<ExecutionPlan>;
}

/**
 * Resolves recipients and renders the rows of every notice (pure but for the
 * reads: the plans, vendor users, the people addressed, in one query each).
 * `configs` are the jobs' configs (configsForJobs). A notice whose job is
 * missing, or that reaches nobody, prepares no rows.
 */
export async function prepareNotices(
  ctx: NoticeContext,
  notices: ReadonlyArray<{ input: NotifyInput; job: NoticeJob | undefined }>,
  configs: ReadonlyMap<string, ChannelConfig[]>,
  now = new Date(),
): Promise<PreparedNotice[]> {
  const planned = await Promise.all(notices.map(async ({ input, job }) => {
    if (!job) return undefined;
    const plan = await ctx.planOf(job.sopKey, job.sopVersion);
    const spec = input.nodeId ? plan.nodes[input.nodeId]?.spec : undefined;
    const stepRole = spec && (spec.type === 'task' || spec.type === 'review') ? spec.assignee : undefined;
    return { input, job, plan, spec, stepRole };
  }));

  // Role slot → users: a bound slot is its user; `vendor` unbound is every active vendor user of the job's vendor organisation.
  const slotOf = (n: NonNullable<(typeof planned)[number]>, role: string) => (role === 'assignee' ? n.stepRole : role);
  const vendorOrgs = new Set<string>();
  for (const n of planned) {
    if (!n) continue;
    for (const role of [...n.input.roles, ...(n.input.cc ?? [])]) {
      const slot = slotOf(n, role);
      if (slot === 'vendor' && !n.input.assignees[slot]) vendorOrgs.add(n.job.vendorOrgId);
    }
  }
  const vendorUsers = vendorOrgs.size === 0 ? [] : await ctx.db.query<{ id: string; orgId: string }>(
    `SELECT "id", "orgId" FROM "User" WHERE "orgId" = ANY($1::text[]) AND 'vendor' = ANY("roles") AND NOT "disabled" AND "kind" = 'person'`,
    [[...vendorOrgs]],
  );
  const vendorsOf = (orgId: string) => vendorUsers.filter((u) => u.orgId === orgId).map((u) => u.id);

  const addressedOf = planned.map((n) => {
    const addressed = new Map<string, { cc: boolean; roles: string[] }>();
    if (!n) return addressed;
    for (const [roles, cc] of [[n.input.roles, false], [n.input.cc ?? [], true]] as const) {
      for (const role of roles) {
        const slot = slotOf(n, role);
        if (!slot) continue;
        const bound = n.input.assignees[slot];
        const users = bound ? [bound] : slot === 'vendor' ? vendorsOf(n.job.vendorOrgId) : [];
        for (const userId of users) {
          const entry = addressed.get(userId) ?? { cc, roles: [] };
          entry.cc = entry.cc && cc;
          entry.roles.push(role);
          addressed.set(userId, entry);
        }
      }
    }
    return addressed;
  });
  const userIds = [...new Set(addressedOf.flatMap((a) => [...a.keys()]))];
  const people = userIds.length === 0 ? [] : await ctx.db.query<{ id: string; name: string; email: string; locale: string; timezone: string; notificationChannels: NotificationChannel[] }>(
    `SELECT "id", "name", "email", "locale", "timezone", COALESCE("notificationChannels", '{}')::text[] AS "notificationChannels"
     FROM "User" WHERE "id" = ANY($1::text[]) AND NOT "disabled" AND "kind" = 'person'`,
    [userIds],
  );
  const byId = new Map(people.map((p) => [p.id, p]));

  return planned.map((n, i) => {
    const addressed = addressedOf[i]!;
    if (!n || addressed.size === 0) return { rows: [] };
    const { input, job, plan, spec } = n;
    const recipients: NoticeRecipient[] = [...addressed].flatMap(([userId, r]) => {
      const p = byId.get(userId);
      return p ? [{ userId, name: p.name, email: p.email, locale: p.locale, timezone: p.timezone, channels: p.notificationChannels, cc: r.cc, roles: r.roles }] : [];
    });
    const link = `${ctx.publicUrl}/jobs/${job.id}`;
    const stepTitle = spec?.title ?? input.nodeId ?? null;
    const dueAt = input.dueAt !== undefined ? new Date(input.dueAt).toISOString() : null;
    const rows = outboxRows({
      id: input,
      facts: { jobCode: job.code, jobTitle: job.title, nodeTitle: stepTitle, message: input.message ?? null, dueAt, scheduledAt: new Date(input.at).toISOString(), link },
      view: { kind: input.kind, jobCode: job.code, jobTitle: job.title, link, stepTitle, level: input.level, dueAt: input.dueAt, at: input.at, message: input.message },
      recipients,
      configs: configs.get(job.id) ?? [],
      zone: plan.timezone || 'Asia/Shanghai',
      now,
    });
    const audit: AuditEntry | undefined = AUDITED_NOTICE_KINDS.includes(input.kind)
      ? {
        type: `notice.${input.kind}`, actorLabel: 'workflow', jobId: job.id, at: new Date(input.at),
        data: { nodeId: input.nodeId ?? null, round: input.round ?? null, level: input.level ?? null, ...(input.period !== undefined ? { period: input.period } : {}), recipients: [...addressed.keys()], cc: input.cc ?? [], dueAt },
      }
      : undefined;
    return { rows, audit };
  });
}
