/**
 * Channel configurations (robot/webhook URL or SMTP server, plus a secret)
 * per organisation or per SOP. What applies to a job: every enabled config of
 * its SOP (`scope: sop`, `scopeId` = SOP key) and of the organisation running
 * it (`scope: org`, `scopeId` = the job owner's org). Vendor organisations'
 * configs are never used for a job, so nothing internal leaks to a vendor.
 *
 * `url` and `secret` are credentials for most channels (a Slack or Feishu hook
 * URL, a DingTalk access token, a WeCom key): the API shows only `target`
 * (scheme and host) and `hasSecret`.
 */
import type { ChannelConfig, NotificationChannel } from '../db/prisma-types';

export const CONFIG_CHANNELS = ['email', 'webhook', 'dingtalk', 'wecom', 'feishu', 'slack'] as const;
export type ConfigChannel = (typeof CONFIG_CHANNELS)[number];
export const ROBOT_CHANNELS: readonly NotificationChannel[] = ['dingtalk', 'wecom', 'feishu', 'slack'];

/** Notice kinds a robot posts when its settings do not say. */
export const DEFAULT_ROBOT_KINDS = ['reminder', 'escalation', 'overdue', 'stuck'];
/** Audit event types a generic webhook receives when its settings do not say (`*` matches a suffix). */
export const DEFAULT_WEBHOOK_EVENTS = ['job.*', 'step.*', 'submission.*', 'review.*', 'notice.*'];

/** Non-secret options of a config (`ChannelConfig.settings`). */
export interface ChannelSettings {
  /** e-mail: the From address (`"Name" <addr@host>` or `addr@host`). */
  from?: string;
  /** e-mail: the SMTP user (its password is the config's secret). */
  user?: string;
  /** e-mail: `false` allows plain-text SMTP when the server offers no STARTTLS; otherwise TLS is required. */
  tls?: boolean;
  /** robots: the language and time zone of the posted text. */
  locale?: string;
  timezone?: string;
  /** robots: notice kinds to post. */
  kinds?: string[];
  /** webhook: audit event types to send (`job.*`, `step.overdue`, …). */
  events?: string[];
}

export function settingsOf(config: Pick<ChannelConfig, 'settings'>): ChannelSettings {
  const raw = config.settings;
  return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as ChannelSettings) : {};
}

/** `job.*` matches `job.started`; `*` matches everything. */
export function matchesPattern(patterns: readonly string[], value: string): boolean {
  return patterns.some((p) => p === '*' || p === value || (p.endsWith('.*') && value.startsWith(p.slice(0, -1))));
}

/** What the API shows of a config: never `url` or `secret`. */
export function publicConfig(config: ChannelConfig) {
  return {
    id: config.id,
    scope: config.scope,
    scopeId: config.scopeId,
    channel: config.channel,
    name: config.name,
    target: targetOf(config.url),
    hasSecret: config.secret !== '',
    settings: settingsOf(config),
    enabled: config.enabled,
    createdAt: config.createdAt.toISOString(),
    updatedAt: config.updatedAt.toISOString(),
  };
}

/** Scheme and host of a URL (`https://oapi.dingtalk.com`), without path, query or user info. */
export function targetOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(invalid url)';
  }
}

/** Problems with a config's URL for its channel, as sentences (empty = fine). */
export function urlProblems(channel: ConfigChannel, url: string): string[] {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return [`"${targetOf(url)}" is not an absolute URL`];
  }
  if (channel === 'email') return ['smtp:', 'smtps:'].includes(u.protocol) ? [] : [`an e-mail config needs smtp://host:port or smtps://host:port (found ${u.protocol}//)`];
  return ['http:', 'https:'].includes(u.protocol) ? [] : [`a ${channel} config needs an http(s) URL (found ${u.protocol}//)`];
}

/** Removes every credential of `config` from a text (error messages from receivers or libraries). */
export function redact(text: string, config: Pick<ChannelConfig, 'url' | 'secret'> | null | undefined): string {
  if (!config) return text;
  let out = text;
  const secrets = [config.secret, config.url];
  try {
    const u = new URL(config.url);
    secrets.push(u.pathname + u.search, u.search, u.password, ...[...u.searchParams.values()]);
  } catch {
    // not a URL: the whole string is already in the list
  }
  for (const s of secrets.filter((x) => x && x.length >= 4).sort((a, b) => b.length - a.length)) out = out.split(s).join('***');
  return out;
}
