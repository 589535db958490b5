/**
 * /api/notifications/* of the mock API: the inbox, each person's preferences,
 * and for admins the channel configs (url and secret write-only, as the API)
 * and the outbox deliveries with retry. Shapes: api/routes/notification-routes.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HOUR, iso, now, problem, readJson, send } from './mock-http';

export interface MockUser {
  id: string;
  email: string;
  name: string;
  roles: string[];
  orgId: string;
  org: { id: string; name: string; kind: string };
  timezone: string;
  locale: string;
  /** A disabled account cannot sign in, and its token stops working at once. */
  disabled?: boolean;
}

interface StoredConfig {
  id: string; scope: 'org' | 'sop'; scopeId: string; channel: string; name: string; url: string; secret: string;
  settings: Record<string, unknown>; enabled: boolean; createdAt: string; updatedAt: string;
}

const channelsOf = new Map<string, string[]>();
const configs: StoredConfig[] = [
  { id: 'cfg-1', scope: 'org', scopeId: 'o-hq', channel: 'dingtalk', name: '设计部钉钉群', url: 'https://oapi.dingtalk.com/robot/send?access_token=d1ngd0ng', secret: 'SECabc123', settings: { kinds: ['reminder', 'escalation', 'overdue', 'stuck'] }, enabled: true, createdAt: iso(now - 400 * HOUR), updatedAt: iso(now - 400 * HOUR) },
  { id: 'cfg-2', scope: 'org', scopeId: 'o-hq', channel: 'webhook', name: 'ERP 网关', url: 'https://erp.example.com/hooks/sop?key=k-77', secret: 'whsec-0123456789abcdef', settings: { events: ['job.*', 'step.overdue'] }, enabled: true, createdAt: iso(now - 300 * HOUR), updatedAt: iso(now - 30 * HOUR) },
  { id: 'cfg-3', scope: 'sop', scopeId: 'store-decoration', channel: 'email', name: '公司邮件服务器', url: 'smtps://smtp.example.com:465', secret: 'smtp-pass', settings: { from: '"外发跟进" <noreply@example.com>', user: 'noreply' }, enabled: false, createdAt: iso(now - 200 * HOUR), updatedAt: iso(now - 200 * HOUR) },
];
const deliveries = [
  { id: 'dl-1', channel: 'webhook', kind: 'job_event', status: 'failed', attempts: 1, lastError: 'the webhook receiver answered 410 Gone: endpoint retired', jobId: 'job-1', nodeId: null, round: null, level: null, userId: null, to: null, subject: 'job.completed', configId: 'cfg-2', createdAt: iso(now - 2 * HOUR), nextAttemptAt: null, sentAt: null },
  { id: 'dl-2', channel: 'dingtalk', kind: 'escalation', status: 'failed', attempts: 8, lastError: 'DingTalk answered errcode 310000: sign not match', jobId: 'job-2', nodeId: 'draft', round: 1, level: 1, userId: null, to: null, subject: '逾期升级：DD11-043 设计稿', configId: 'cfg-1', createdAt: iso(now - 5 * HOUR), nextAttemptAt: null, sentAt: null },
  { id: 'dl-3', channel: 'email', kind: 'reminder', status: 'failed', attempts: 1, lastError: '550 5.1.1 <vendor-b@demo.test>: mailbox unavailable', jobId: 'job-5', nodeId: 'draft', round: 4, level: null, userId: 'u-vb', to: 'vendor-b@demo.test', subject: '期限提醒：MX-009 设计稿', configId: 'cfg-3', createdAt: iso(now - 9 * HOUR), nextAttemptAt: null, sentAt: null },
  { id: 'dl-4', channel: 'email', kind: 'review_request', status: 'sent', attempts: 1, lastError: null, jobId: 'job-1', nodeId: 'qa', round: 2, level: null, userId: 'u-qa', to: 'qa@demo.test', subject: '待审核：DD11-042 第 2 轮', configId: 'cfg-3', createdAt: iso(now - 2.9 * HOUR), nextAttemptAt: null, sentAt: iso(now - 2.9 * HOUR) },
];

const targetOf = (url: string) => {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(invalid url)';
  }
};
const publicConfig = ({ url, secret, ...c }: StoredConfig) => ({ ...c, target: targetOf(url), hasSecret: secret !== '' });
const deliveryDto = ({ configId, ...d }: (typeof deliveries)[number]) => {
  const c = configs.find((x) => x.id === configId);
  return { ...d, config: c ? { id: c.id, name: c.name, channel: c.channel, target: targetOf(c.url) } : null };
};

function configProblems(c: StoredConfig): Array<{ path: string; message: string }> {
  const errors: Array<{ path: string; message: string }> = [];
  const schemes = c.channel === 'email' ? ['smtp:', 'smtps:'] : ['http:', 'https:'];
  let protocol = '';
  try {
    protocol = new URL(c.url).protocol;
  } catch {
    errors.push({ path: 'body/url', message: `"${targetOf(c.url)}" is not an absolute URL` });
  }
  if (protocol && !schemes.includes(protocol)) errors.push({ path: 'body/url', message: `a ${c.channel} config needs ${schemes.join(' or ')} (found ${protocol}//)` });
  if (c.channel === 'webhook' && c.secret.length < 16) errors.push({ path: 'body/secret', message: 'a webhook needs a signing secret of at least 16 characters' });
  if (c.channel === 'email' && typeof c.settings.from !== 'string') errors.push({ path: 'body/settings/from', message: 'an e-mail config needs a From address' });
  return errors;
}

/** Answers a /api/notifications route; false when the path is not one of them. */
export async function handleNotifications(req: IncomingMessage, res: ServerResponse, p: string, m: string, me: MockUser): Promise<boolean> {
  const vendor = me.org.kind === 'vendor';
  const admin = me.roles.includes('admin');
  let mm: RegExpMatchArray | null;
  if (p === '/api/notifications') {
    send(res, 200, {
      unread: 2,
      items: [
        { id: 'n1', kind: vendor ? 'escalation' : 'review_request', jobId: vendor ? 'job-2' : 'job-1', nodeId: vendor ? 'draft' : 'qa', payload: { message: vendor ? '设计稿已到期，请尽快提交' : 'DD11-042 第 2 轮待审核' }, readAt: null, at: iso(now - 2 * HOUR) },
        { id: 'n2', kind: 'reminder', jobId: 'job-3', nodeId: 'draft', payload: { message: '设计稿 4 小时后到期' }, readAt: null, at: iso(now - 5 * HOUR) },
        { id: 'n3', kind: 'task_assigned', jobId: 'job-3', nodeId: 'draft', payload: {}, readAt: iso(now - 9 * HOUR), at: iso(now - 10 * HOUR) },
      ],
    });
  } else if (p === '/api/notifications/unread-count') send(res, 200, { unread: 2 });
  else if (p === '/api/notifications/read' || p === '/api/notifications/unread') send(res, 200, { updated: 2 });
  else if (p === '/api/notifications/preferences') {
    if (m === 'PUT') {
      const body = await readJson(req);
      if (typeof body.timezone === 'string') {
        try {
          new Intl.DateTimeFormat('en', { timeZone: body.timezone });
          me.timezone = body.timezone;
        } catch {
          problem(res, 422, 'Unprocessable Content', `"${body.timezone}" is not an IANA time zone.`, [{ path: 'body/timezone', message: 'unknown time zone' }]);
          return true;
        }
      }
      if (Array.isArray(body.channels)) channelsOf.set(me.id, body.channels as string[]);
      if (body.locale === 'zh-CN' || body.locale === 'en') me.locale = body.locale;
    }
    send(res, 200, { channels: channelsOf.get(me.id) ?? ['inbox', 'email'], locale: me.locale, timezone: me.timezone, available: ['inbox', 'email'] });
  } else if (p.startsWith('/api/notifications/') && !admin) problem(res, 403, 'Forbidden', 'This action needs one of the roles: admin.');
  else if (p === '/api/notifications/deliveries') {
    const q = new URL(req.url ?? '', 'http://x').searchParams;
    const status = q.get('status') ?? 'failed';
    const channel = q.get('channel');
    send(res, 200, { items: deliveries.filter((d) => d.status === status && (!channel || d.channel === channel)).map(deliveryDto) });
  } else if ((mm = p.match(/^\/api\/notifications\/deliveries\/([^/]+)\/retry$/)) && m === 'POST') {
    const d = deliveries.find((x) => x.id === mm![1]);
    if (!d) problem(res, 404, 'Not Found', `Delivery ${mm[1]} was not found.`);
    else if (d.status !== 'failed') problem(res, 409, 'Conflict', `Delivery ${d.id} is ${d.status}; only failed deliveries are retried.`);
    else {
      Object.assign(d, { status: 'pending', attempts: 0, nextAttemptAt: iso(Date.now()) });
      send(res, 200, deliveryDto(d));
    }
  } else if (p === '/api/notifications/channels' && m === 'GET') send(res, 200, { items: configs.map(publicConfig) });
  else if (p === '/api/notifications/channels' && m === 'POST') {
    const b = await readJson(req);
    const at = iso(Date.now());
    const c: StoredConfig = { id: `cfg-${configs.length + 1}`, scope: b.scope === 'sop' ? 'sop' : 'org', scopeId: String(b.scopeId ?? ''), channel: String(b.channel), name: String(b.name ?? ''), url: String(b.url ?? ''), secret: String(b.secret ?? ''), settings: (b.settings ?? {}) as Record<string, unknown>, enabled: b.enabled !== false, createdAt: at, updatedAt: at };
    const errors = configProblems(c);
    if (errors.length) problem(res, 422, 'Unprocessable Content', 'The channel configuration cannot be used.', errors);
    else {
      configs.push(c);
      send(res, 201, publicConfig(c));
    }
  } else if ((mm = p.match(/^\/api\/notifications\/channels\/([^/]+)$/))) {
    const i = configs.findIndex((x) => x.id === mm![1]);
    if (i < 0) problem(res, 404, 'Not Found', `Channel configuration ${mm[1]} was not found.`);
    else if (m === 'DELETE') {
      configs.splice(i, 1);
      send(res, 204);
    } else {
      const b = await readJson(req);
      const next = { ...configs[i]!, ...(b as Partial<StoredConfig>), updatedAt: iso(Date.now()) };
      const errors = configProblems(next);
      if (errors.length) problem(res, 422, 'Unprocessable Content', 'The channel configuration cannot be used.', errors);
      else {
        configs[i] = next;
        send(res, 200, publicConfig(next));
      }
    }
  } else return false;
  return true;
}
