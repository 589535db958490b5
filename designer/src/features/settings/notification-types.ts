/**
 * The shapes of /api/notifications/{preferences,channels,deliveries} and the
 * channel rules the API enforces (api/routes/notification-routes.ts,
 * platform/notifications/channel-config.ts), mirrored so the form can say
 * what is wrong before sending.
 */
import type { ChannelConfig, Delivery as DeliveryShape, NotificationPreferences as PreferencesShape } from '../../lib/api-types';
import type { Locale } from '../../lib/i18n';

export type PersonalChannel = 'inbox' | 'email';

export type NotificationPreferences = Omit<PreferencesShape, 'locale'> & { locale: Locale };

export const CONFIG_CHANNELS = ['dingtalk', 'wecom', 'feishu', 'slack', 'webhook', 'email'] as const;
export type ConfigChannel = (typeof CONFIG_CHANNELS)[number];
export const ROBOT_CHANNELS: readonly ConfigChannel[] = ['dingtalk', 'wecom', 'feishu', 'slack'];

/** Notice kinds a robot may post; the API's default when a config names none. */
export const NOTICE_KINDS = ['reminder', 'escalation', 'overdue', 'stuck', 'notify', 'task_assigned', 'review_request', 'job_completed', 'job_cancelled', 'job_declined'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export const DEFAULT_ROBOT_KINDS: NoticeKind[] = ['reminder', 'escalation', 'overdue', 'stuck'];
/** Audit event patterns a webhook receives when its config names none. */
export const DEFAULT_WEBHOOK_EVENTS = ['job.*', 'step.*', 'submission.*', 'review.*', 'notice.*'];
export const EVENT_PATTERN = /^(\*|[a-z_]+\.(\*|[a-z_]+))$/;
export const MIN_WEBHOOK_SECRET = 16;

export interface ChannelSettings {
  from?: string;
  user?: string;
  /** e-mail: `false` allows plain-text SMTP; otherwise TLS is required. */
  tls?: boolean;
  locale?: Locale;
  timezone?: string;
  kinds?: NoticeKind[];
  events?: string[];
}

/** A config as the API shows it: never its URL or secret, only `target` (scheme + host) and `hasSecret`. */
export type ChannelConfigView = Omit<ChannelConfig, 'settings'> & { settings: ChannelSettings };

export type DeliveryStatus = DeliveryShape['status'];

export type Delivery = DeliveryShape;

/** Why the API refuses a URL (`url-not-allowed`): the rule codes of platform/notifications/outbound/. */
export const URL_RULES = ['loopback', 'private', 'link-local', 'unspecified', 'cgnat', 'multicast', 'broadcast', 'reserved', 'ipv4-embedded', 'special-purpose'] as const;
export type UrlRule = (typeof URL_RULES)[number];

/** The official hosts each robot posts to (platform/notifications/outbound/target-rules.ts). */
export const ROBOT_HOSTS: Partial<Record<ConfigChannel, string[]>> = {
  dingtalk: ['oapi.dingtalk.com'],
  wecom: ['qyapi.weixin.qq.com'],
  feishu: ['open.feishu.cn', 'open.larksuite.com'],
  slack: ['hooks.slack.com'],
};

/** `scheme://host[:port]` of a URL, lower case (what a config's `target` shows); undefined when not a URL. */
export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`.toLowerCase();
  } catch {
    return undefined;
  }
}

/** URL schemes a channel accepts. */
export function schemesFor(channel: ConfigChannel): string[] {
  return channel === 'email' ? ['smtp:', 'smtps:'] : ['http:', 'https:'];
}

/** Whether a channel's secret must be given (a webhook signs with it, a WeCom robot's key is its secret). */
export function secretNeeded(channel: ConfigChannel): boolean {
  return channel === 'webhook' || channel === 'wecom';
}
