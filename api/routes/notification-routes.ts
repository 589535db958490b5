/**
 * Notifications: the caller's inbox (read/unread, badge count) and channel
 * preferences; for admins, the outbox's deliveries (failed ones with their
 * error, manual retry) and the channel configs (robots, webhooks, SMTP) whose
 * `url` and `secret` are write-only (platform/notifications/channel-config.ts).
 */
import { forgetCachedUser } from '../auth/sessions';
import { checkTimeZone } from './time-zone';
import { IANAZone } from 'luxon';
import type { AppDeps } from '../deps';
import { audit } from '../../platform/audit/audit-log';
import { CONFIG_CHANNELS, publicConfig, settingsOf, targetOf, urlProblems, type ConfigChannel } from '../../platform/notifications/channel-config';
import { shortReason } from '../../platform/notifications/delivery-error';
import { parseAllowedHosts } from '../../platform/notifications/outbound/address-rules';
import { resolvedRefusal } from '../../platform/notifications/outbound/guarded-connect';
import { targetRefusal } from '../../platform/notifications/outbound/target-rules';
import type { OutboxPayload } from '../../platform/notifications/outbox-payload';
import type { ChannelConfig, Notification, Prisma } from '../../platform/db/prisma-types';
import { conflict, notFound, unprocessable, type ProblemField } from '../http/problem';
import { userOf, type RouteDef } from '../http/route';
import { INLINE, countOf, itemsOf, ref } from '../http/response-schemas';

const PERSONAL_CHANNELS = ['inbox', 'email'] as const;
const MIN_WEBHOOK_SECRET = 16;

const idList = { type: 'array', items: { type: 'string', minLength: 1, maxLength: 100 }, maxItems: 500 };
const settingsSchema = {
  type: 'object', additionalProperties: false,
  properties: {
    from: { type: 'string', minLength: 3, maxLength: 300 },
    user: { type: 'string', minLength: 1, maxLength: 300 },
    tls: { type: 'boolean' },
    locale: { enum: ['zh-CN', 'en'] },
    timezone: { type: 'string', minLength: 1, maxLength: 64 },
    kinds: { type: 'array', items: { enum: ['reminder', 'escalation', 'overdue', 'stuck', 'notify', 'task_assigned', 'review_request', 'job_completed', 'job_cancelled', 'job_declined'] }, maxItems: 20, uniqueItems: true },
    events: { type: 'array', items: { type: 'string', pattern: '^(\\*|[a-z_]+\\.(\\*|[a-z_]+))$' }, maxItems: 50, uniqueItems: true },
  },
};
const configProperties = {
  scope: { enum: ['org', 'sop'] },
  scopeId: { type: 'string', minLength: 1, maxLength: 200 },
  channel: { enum: [...CONFIG_CHANNELS] },
  name: { type: 'string', maxLength: 200 },
  url: { type: 'string', minLength: 1, maxLength: 2000 },
  secret: { type: 'string', maxLength: 500 },
  enabled: { type: 'boolean' },
  settings: settingsSchema,
};

interface ConfigBody {
  scope?: 'org' | 'sop';
  scopeId?: string;
  channel?: ConfigChannel;
  name?: string;
  url?: string;
  secret?: string;
  enabled?: boolean;
  settings?: Record<string, unknown>;
}

function inboxItem(n: Notification) {
  const p = (n.payload ?? {}) as OutboxPayload;
  return { id: n.id, kind: n.kind, jobId: n.jobId, nodeId: n.nodeId, round: n.round, level: n.level, title: p.title ?? null, payload: n.payload, readAt: n.readAt?.toISOString() ?? null, at: n.createdAt.toISOString() };
}

const DELIVERY_INCLUDE = { config: true, job: { select: { id: true, code: true, title: true } } } as const;

function deliveryItem(n: Notification & { config: ChannelConfig | null; job: { id: string; code: string; title: string } | null }) {
  const p = (n.payload ?? {}) as OutboxPayload;
  return {
    id: n.id, channel: n.channel, kind: n.kind, status: n.status, attempts: n.attempts, lastError: n.lastError === null ? null : shortReason(n.lastError),
    jobId: n.jobId, job: n.job, nodeId: n.nodeId, round: n.round, level: n.level, userId: n.userId,
    to: p.email?.to ?? null,
    subject: p.email?.subject ?? p.notice?.subject ?? p.event?.type ?? p.title ?? null,
    config: n.config ? { id: n.config.id, name: n.config.name, channel: n.config.channel, target: targetOf(n.config.url) } : null,
    createdAt: n.createdAt.toISOString(), nextAttemptAt: n.status === 'pending' ? n.nextAttemptAt.toISOString() : null, sentAt: n.sentAt?.toISOString() ?? null,
  };
}

/** `https://host:port` of a URL, lower case; the whole string when it is not a URL. */
function originOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`.toLowerCase();
  } catch {
    return url;
  }
}

export function notificationRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  const allowedHosts = parseAllowedHosts(deps.notifyAllowedHosts ?? []);

  /** 422 `url-not-allowed` for a target the outbound rules refuse: the literal, then the addresses its host resolves to now. */
  async function checkTarget(channel: ConfigChannel, url: string): Promise<void> {
    let problem = targetRefusal(channel, url, allowedHosts);
    if (!problem) {
      const resolved = await resolvedRefusal(allowedHosts, new URL(url).hostname);
      if (resolved) problem = { rule: resolved.rule.rule, message: resolved.message };
    }
    if (problem) throw unprocessable('url-not-allowed', `The ${channel} URL is not allowed: ${problem.message}`, [{ path: 'body/url', message: problem.message, code: problem.rule }]);
  }

  /**
   * A stored secret goes only where it went before: moving a config to another
   * scheme, host or port, or to another channel type (or switching an e-mail
   * config to plain text), needs the secret again in the same request.
   */
  function checkSecretKept(before: ChannelConfig, b: ConfigBody, after: { channel: ConfigChannel; url: string; settings: Record<string, unknown> }): void {
    if (b.secret !== undefined || before.secret === '') return;
    const reasons: string[] = [];
    if (after.channel !== before.channel) reasons.push(`the channel changes from ${before.channel} to ${after.channel}`);
    if (originOf(after.url) !== originOf(before.url)) reasons.push(`the target changes from ${targetOf(before.url)} to ${targetOf(after.url)}`);
    if (after.channel === 'email' && after.settings.tls === false && settingsOf(before).tls !== false) reasons.push('TLS is switched off');
    if (reasons.length === 0) return;
    throw unprocessable('secret-required', `Send the secret again: ${reasons.join(' and ')}, and the stored secret is never sent to a new place. Include "secret" in this request.`, [
      { path: 'body/secret', message: 'required when the URL\'s scheme, host or port, the channel type or e-mail TLS changes' },
    ]);
  }

  /** Checks a complete config (after merging an update) against its channel; 422 with every problem. */
  /**
   * `targetChanged`: the URL or channel is new (always on create); an update that
   * leaves both alone (rename, disable) is not refused for a target saved before
   * the outbound rules: its sends fail with the rule as their reason instead.
   */
  async function checkConfig(c: Required<Pick<ConfigBody, 'scope' | 'scopeId' | 'channel' | 'url' | 'secret'>> & { settings: Record<string, unknown> }, targetChanged = true): Promise<void> {
    const errors: ProblemField[] = urlProblems(c.channel, c.url).map((message) => ({ path: 'body/url', message }));
    if (c.channel === 'webhook' && c.secret.length < MIN_WEBHOOK_SECRET) errors.push({ path: 'body/secret', message: `a webhook needs a signing secret of at least ${MIN_WEBHOOK_SECRET} characters` });
    if (c.channel === 'email' && typeof c.settings.from !== 'string') errors.push({ path: 'body/settings/from', message: 'an e-mail config needs a From address' });
    if (c.settings.tls !== undefined && c.channel !== 'email') errors.push({ path: 'body/settings/tls', message: 'tls is a setting of e-mail configs only' });
    if (c.settings.tls === false && c.url.startsWith('smtps:')) errors.push({ path: 'body/settings/tls', message: 'smtps:// is always TLS: use smtp:// to allow plain text' });
    if (typeof c.settings.timezone === 'string' && !IANAZone.isValidZone(c.settings.timezone)) errors.push({ path: 'body/settings/timezone', message: `"${c.settings.timezone}" is not an IANA time zone` });
    const exists = c.scope === 'org' ? await prisma.org.findUnique({ where: { id: c.scopeId }, select: { id: true } }) : await prisma.sop.findUnique({ where: { key: c.scopeId }, select: { key: true } });
    if (!exists) errors.push({ path: 'body/scopeId', message: `no ${c.scope === 'org' ? 'organisation' : 'SOP'} "${c.scopeId}"` });
    if (errors.length > 0) throw unprocessable('channel-config-invalid', 'The channel configuration cannot be used.', errors);
    if (targetChanged) await checkTarget(c.channel, c.url);
  }

  const auditConfig = (req: Parameters<RouteDef['handler']>[0], type: string, config: ChannelConfig) =>
    audit(prisma, { type, actorId: userOf(req).id, actorLabel: userOf(req).email, data: { id: config.id, channel: config.channel, scope: config.scope, scopeId: config.scopeId, target: targetOf(config.url), enabled: config.enabled } });

  return [
    {
      method: 'get', path: '/api/notifications', operationId: 'inbox', summary: 'The caller\'s inbox: reminders, escalations, review requests', tag: 'notifications',
      access: { roles: 'any' },
      query: { type: 'object', additionalProperties: false, properties: { unread: { type: 'boolean' }, limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } } },
      responses: { 200: { description: '{ items, unread }', schema: INLINE.inbox } },
      async handler(req) {
        const user = userOf(req);
        const q = req.query as unknown as { unread?: boolean; limit: number };
        const where = { userId: user.id, channel: 'inbox' as const };
        const [items, unread] = await Promise.all([
          prisma.notification.findMany({ where: { ...where, ...(q.unread ? { readAt: null } : {}) }, orderBy: { createdAt: 'desc' }, take: q.limit }),
          prisma.notification.count({ where: { ...where, readAt: null } }),
        ]);
        return { unread, items: items.map(inboxItem) };
      },
    },
    {
      method: 'get', path: '/api/notifications/unread-count', operationId: 'inboxBadge', summary: 'How many inbox entries the caller has not read (the badge)', tag: 'notifications',
      access: { roles: 'any' },
      responses: { 200: { description: '{ unread }', schema: countOf('unread') } },
      handler: async (req) => ({ unread: await prisma.notification.count({ where: { userId: userOf(req).id, channel: 'inbox', readAt: null } }) }),
    },
    {
      method: 'post', path: '/api/notifications/read', operationId: 'markRead', summary: 'Mark inbox entries read (all when ids is omitted)', tag: 'notifications',
      access: { roles: 'any' },
      body: { type: 'object', additionalProperties: false, properties: { ids: idList } },
      responses: { 200: { description: '{ updated }', schema: countOf('updated') } },
      async handler(req) {
        const ids = (req.body as { ids?: string[] }).ids;
        const result = await prisma.notification.updateMany({ where: { userId: userOf(req).id, channel: 'inbox', readAt: null, ...(ids ? { id: { in: ids } } : {}) }, data: { readAt: new Date() } });
        return { updated: result.count };
      },
    },
    {
      method: 'post', path: '/api/notifications/unread', operationId: 'markUnread', summary: 'Mark inbox entries unread again', tag: 'notifications',
      access: { roles: 'any' },
      body: { type: 'object', additionalProperties: false, required: ['ids'], properties: { ids: { ...idList, minItems: 1 } } },
      responses: { 200: { description: '{ updated }', schema: countOf('updated') } },
      async handler(req) {
        const { ids } = req.body as { ids: string[] };
        const result = await prisma.notification.updateMany({ where: { userId: userOf(req).id, channel: 'inbox', readAt: { not: null }, id: { in: ids } }, data: { readAt: null } });
        return { updated: result.count };
      },
    },
    {
      method: 'get', path: '/api/notifications/preferences', operationId: 'getNotificationPreferences', summary: 'The caller\'s notification channels, language and time zone', tag: 'notifications',
      access: { roles: 'any' },
      responses: { 200: { description: '{ channels, locale, timezone, available }', schema: ref('NotificationPreferences') } },
      async handler(req) {
        const u = await prisma.user.findUniqueOrThrow({ where: { id: userOf(req).id }, select: { notificationChannels: true, locale: true, timezone: true } });
        return { channels: u.notificationChannels, locale: u.locale, timezone: u.timezone, available: PERSONAL_CHANNELS };
      },
    },
    {
      method: 'put', path: '/api/notifications/preferences', operationId: 'setNotificationPreferences', summary: 'Choose personal channels (inbox, email), language and time zone', tag: 'notifications',
      access: { roles: 'any' },
      body: {
        type: 'object', additionalProperties: false,
        properties: { channels: { type: 'array', items: { enum: [...PERSONAL_CHANNELS] }, uniqueItems: true }, locale: { enum: ['zh-CN', 'en'] }, timezone: { type: 'string', minLength: 1, maxLength: 64 } },
      },
      responses: { 200: { description: '{ channels, locale, timezone, available }', schema: ref('NotificationPreferences') } },
      async handler(req) {
        const body = req.body as { channels?: Array<(typeof PERSONAL_CHANNELS)[number]>; locale?: string; timezone?: string };
        checkTimeZone(body.timezone);
        const u = await prisma.user.update({
          where: { id: userOf(req).id },
          data: { ...(body.channels ? { notificationChannels: body.channels } : {}), ...(body.locale ? { locale: body.locale } : {}), ...(body.timezone ? { timezone: body.timezone } : {}) },
          select: { notificationChannels: true, locale: true, timezone: true },
        });
        forgetCachedUser(prisma, userOf(req).id); // /api/me and every route see the new language and zone at once
        return { channels: u.notificationChannels, locale: u.locale, timezone: u.timezone, available: PERSONAL_CHANNELS };
      },
    },
    {
      method: 'get', path: '/api/notifications/deliveries', operationId: 'listDeliveries', summary: 'Outbox deliveries (default: failed ones, with their last error)', tag: 'notifications',
      access: { roles: ['admin'] },
      query: {
        type: 'object', additionalProperties: false,
        properties: { status: { enum: ['pending', 'sent', 'failed'], default: 'failed' }, channel: { enum: ['inbox', ...CONFIG_CHANNELS] }, jobId: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
      },
      responses: { 200: { description: '{ items }', schema: itemsOf(ref('Delivery')) } },
      async handler(req) {
        const q = req.query as unknown as { status: 'pending' | 'sent' | 'failed'; channel?: ConfigChannel | 'inbox'; jobId?: string; limit: number };
        const rows = await prisma.notification.findMany({
          where: { status: q.status, ...(q.channel ? { channel: q.channel } : {}), ...(q.jobId ? { jobId: q.jobId } : {}) },
          orderBy: { createdAt: 'desc' }, take: q.limit, include: DELIVERY_INCLUDE,
        });
        return { items: rows.map(deliveryItem) };
      },
    },
    {
      method: 'post', path: '/api/notifications/deliveries/:id/retry', operationId: 'retryDelivery', summary: 'Send a failed delivery again (attempts start over)', tag: 'notifications',
      access: { roles: ['admin'] },
      responses: { 200: { description: 'The delivery, pending again', schema: ref('Delivery') }, 404: { description: 'No such delivery' }, 409: { description: 'Not failed' } },
      async handler(req) {
        const id = String(req.params.id);
        const { count } = await prisma.notification.updateMany({ where: { id, status: 'failed' }, data: { status: 'pending', attempts: 0, nextAttemptAt: new Date() } });
        const row = await prisma.notification.findUnique({ where: { id }, include: DELIVERY_INCLUDE });
        if (!row) throw notFound(`Delivery ${id}`);
        if (count === 0) throw conflict('delivery-not-failed', `Delivery ${id} is ${row.status}; only failed deliveries are retried.`);
        await audit(prisma, { type: 'notification.retried', actorId: userOf(req).id, actorLabel: userOf(req).email, jobId: row.jobId, data: { id, channel: row.channel } });
        return deliveryItem(row);
      },
    },
    {
      method: 'get', path: '/api/notifications/channels', operationId: 'listChannelConfigs', summary: 'Robot, webhook and SMTP configurations (never their URL or secret)', tag: 'notifications',
      access: { roles: ['admin'] },
      responses: { 200: { description: '{ items }', schema: itemsOf(ref('ChannelConfig')) } },
      handler: async () => ({ items: (await prisma.channelConfig.findMany({ orderBy: { createdAt: 'asc' } })).map(publicConfig) }),
    },
    {
      method: 'post', path: '/api/notifications/channels', operationId: 'createChannelConfig', summary: 'Add a robot, webhook or SMTP configuration for an org or an SOP', tag: 'notifications',
      // Not for API keys: the internal e-mail channel carries password reset links (a key pointing it at its own server could take over accounts).
      access: { roles: ['admin'] }, notForApiKeys: true, status: 201,
      body: { type: 'object', additionalProperties: false, required: ['scope', 'scopeId', 'channel', 'url'], properties: configProperties },
      responses: { 201: { description: 'The configuration, without url and secret', schema: ref('ChannelConfig') }, 422: { description: 'Unusable for its channel (`channel-config-invalid`) or an internal or non-vendor target (`url-not-allowed`)' } },
      async handler(req) {
        const b = req.body as Required<Pick<ConfigBody, 'scope' | 'scopeId' | 'channel' | 'url'>> & ConfigBody;
        const full = { scope: b.scope, scopeId: b.scopeId, channel: b.channel, url: b.url, secret: b.secret ?? '', settings: b.settings ?? {} };
        await checkConfig(full);
        const created = await prisma.channelConfig.create({ data: { ...full, name: b.name ?? '', enabled: b.enabled ?? true, settings: full.settings as Prisma.InputJsonValue } });
        await auditConfig(req, 'notification_channel.created', created);
        return publicConfig(created);
      },
    },
    {
      method: 'put', path: '/api/notifications/channels/:id', operationId: 'updateChannelConfig', summary: 'Change a configuration; url and secret are kept when left out (a new target or channel type needs the secret again)', tag: 'notifications',
      access: { roles: ['admin'] }, notForApiKeys: true,
      body: { type: 'object', additionalProperties: false, properties: configProperties },
      responses: { 200: { description: 'The configuration, without url and secret', schema: ref('ChannelConfig') }, 404: { description: 'No such configuration' }, 422: { description: 'Unusable for its channel (`channel-config-invalid`), an internal or non-vendor target (`url-not-allowed`), or a new target without the secret (`secret-required`)' } },
      async handler(req) {
        const id = String(req.params.id);
        const before = await prisma.channelConfig.findUnique({ where: { id } });
        if (!before) throw notFound(`Channel configuration ${id}`);
        const b = req.body as ConfigBody;
        const full = {
          scope: b.scope ?? before.scope, scopeId: b.scopeId ?? before.scopeId, channel: b.channel ?? (before.channel as ConfigChannel),
          url: b.url ?? before.url, secret: b.secret ?? before.secret, settings: b.settings ?? (before.settings as Record<string, unknown>),
        };
        checkSecretKept(before, b, full);
        await checkConfig(full, full.url !== before.url || full.channel !== before.channel);
        const updated = await prisma.channelConfig.update({ where: { id }, data: { ...full, name: b.name ?? before.name, enabled: b.enabled ?? before.enabled, settings: full.settings as Prisma.InputJsonValue } });
        await auditConfig(req, 'notification_channel.updated', updated);
        return publicConfig(updated);
      },
    },
    {
      method: 'delete', path: '/api/notifications/channels/:id', operationId: 'deleteChannelConfig', summary: 'Remove a configuration (its pending deliveries fail with a reason)', tag: 'notifications',
      access: { roles: ['admin'] }, notForApiKeys: true, status: 204,
      responses: { 204: { description: 'Removed' }, 404: { description: 'No such configuration' } },
      async handler(req) {
        const id = String(req.params.id);
        const existing = await prisma.channelConfig.findUnique({ where: { id } });
        if (!existing) throw notFound(`Channel configuration ${id}`);
        await prisma.channelConfig.delete({ where: { id } });
        await auditConfig(req, 'notification_channel.deleted', existing);
        return undefined; // status 204: the installer answers
      },
    },
  ];
}
