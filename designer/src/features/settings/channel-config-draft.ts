/**
 * The channel-config form's state, its checks and the request body it sends.
 * URL and secret are write-only: when editing they start empty and are sent
 * only when typed in (the API keeps the stored ones otherwise). A stored
 * secret is never re-pointed: a new scheme, host or port (or e-mail without
 * TLS) needs the secret typed again, as the API insists (`secret-required`).
 */
import type { Locale } from '../../lib/i18n';
import { isValidZone } from '../../lib/time-zones';
import {
  DEFAULT_ROBOT_KINDS,
  DEFAULT_WEBHOOK_EVENTS,
  EVENT_PATTERN,
  MIN_WEBHOOK_SECRET,
  originOf,
  ROBOT_CHANNELS,
  schemesFor,
  secretNeeded,
  type ChannelConfigView,
  type ChannelSettings,
  type ConfigChannel,
  type NoticeKind,
} from './notification-types';
import type { SettingsKey } from './settings-messages';

export interface ConfigDraft {
  channel: ConfigChannel;
  name: string;
  scope: 'org' | 'sop';
  scopeId: string;
  url: string;
  secret: string;
  enabled: boolean;
  from: string;
  user: string;
  /** e-mail: require TLS (the default); unticked sends `tls: false`. */
  tls: boolean;
  locale: '' | Locale;
  timezone: string;
  kinds: NoticeKind[];
  events: string;
}

export type DraftField = 'url' | 'secret' | 'scopeId' | 'from' | 'kinds' | 'events' | 'timezone';
export type DraftErrors = Partial<Record<DraftField, { key: SettingsKey; params?: Record<string, string | number> }>>;

export function draftOf(config?: ChannelConfigView, defaults: { scopeId?: string } = {}): ConfigDraft {
  const s = config?.settings ?? {};
  return {
    channel: config?.channel ?? 'dingtalk',
    name: config?.name ?? '',
    scope: config?.scope ?? 'org',
    scopeId: config?.scopeId ?? defaults.scopeId ?? '',
    url: '',
    secret: '',
    enabled: config?.enabled ?? true,
    from: s.from ?? '',
    user: s.user ?? '',
    tls: s.tls !== false,
    locale: s.locale ?? '',
    timezone: s.timezone ?? '',
    kinds: s.kinds ?? [...DEFAULT_ROBOT_KINDS],
    events: (s.events ?? DEFAULT_WEBHOOK_EVENTS).join(', '),
  };
}

/** `job.*, step.overdue  notice.*` → the patterns, in order, without repeats. */
export function parseEvents(text: string): string[] {
  return [...new Set(text.split(/[\s,，]+/).filter(Boolean))];
}

function urlError(draft: ConfigDraft, editing?: ChannelConfigView): DraftErrors['url'] {
  const url = draft.url.trim();
  if (!url) return editing ? undefined : { key: 'urlRequired' };
  const schemes = schemesFor(draft.channel);
  try {
    if (schemes.includes(new URL(url).protocol)) return undefined;
  } catch {
    // not absolute: reported below
  }
  return { key: 'urlInvalid', params: { schemes: schemes.map((s) => `${s}//`).join(' / ') } };
}

/** Whether the stored secret would go somewhere new: another scheme, host or port, or e-mail switched to plain text. */
export function secretMoves(draft: ConfigDraft, editing: ChannelConfigView): boolean {
  const url = draft.url.trim();
  const moved = url !== '' && originOf(url) !== originOf(editing.target);
  const plain = draft.channel === 'email' && !draft.tls && editing.settings.tls !== false;
  return moved || plain;
}

function secretError(draft: ConfigDraft, editing?: ChannelConfigView): DraftErrors['secret'] {
  if (editing?.hasSecret && draft.secret === '' && secretMoves(draft, editing)) return { key: 'secretAgain' };
  if (!secretNeeded(draft.channel)) return undefined;
  const kept = !!editing?.hasSecret && draft.secret === '';
  if (kept) return undefined;
  if (draft.secret === '') return { key: 'secretRequired' };
  if (draft.channel === 'webhook' && draft.secret.length < MIN_WEBHOOK_SECRET) return { key: 'secretShort', params: { n: MIN_WEBHOOK_SECRET, len: draft.secret.length } };
  return undefined;
}

/** What is wrong with the draft, by field (empty when it can be sent). */
export function validateDraft(draft: ConfigDraft, editing?: ChannelConfigView): DraftErrors {
  const errors: DraftErrors = { url: urlError(draft, editing), secret: secretError(draft, editing) };
  if (!draft.scopeId) errors.scopeId = { key: 'scopeRequired' };
  if (draft.channel === 'email' && !draft.from.trim()) errors.from = { key: 'fromRequired' };
  if (ROBOT_CHANNELS.includes(draft.channel)) {
    if (draft.kinds.length === 0) errors.kinds = { key: 'kindsRequired' };
    if (draft.timezone.trim() && !isValidZone(draft.timezone.trim())) errors.timezone = { key: 'zoneUnknown', params: { zone: draft.timezone.trim() } };
  }
  if (draft.channel === 'webhook') {
    const events = parseEvents(draft.events);
    const bad = events.filter((e) => !EVENT_PATTERN.test(e));
    if (events.length === 0) errors.events = { key: 'eventsRequired' };
    else if (bad.length) errors.events = { key: 'eventsInvalid', params: { list: bad.join(', ') } };
  }
  for (const k of Object.keys(errors) as DraftField[]) if (!errors[k]) delete errors[k];
  return errors;
}

function settingsOf(draft: ConfigDraft): ChannelSettings {
  if (draft.channel === 'email') return { from: draft.from.trim(), ...(draft.user.trim() ? { user: draft.user.trim() } : {}), ...(draft.tls ? {} : { tls: false }) };
  if (draft.channel === 'webhook') return { events: parseEvents(draft.events) };
  return { kinds: draft.kinds, ...(draft.locale ? { locale: draft.locale } : {}), ...(draft.timezone.trim() ? { timezone: draft.timezone.trim() } : {}) };
}

/** The body of `POST /api/notifications/channels` (new) or `PUT …/:id` (editing: channel fixed, url/secret only when typed). */
export function bodyOf(draft: ConfigDraft, editing?: ChannelConfigView): Record<string, unknown> {
  const url = draft.url.trim();
  return {
    ...(editing ? {} : { channel: draft.channel }),
    name: draft.name.trim(),
    scope: draft.scope,
    scopeId: draft.scopeId,
    enabled: draft.enabled,
    settings: settingsOf(draft),
    ...(url ? { url } : {}),
    ...(draft.secret ? { secret: draft.secret } : {}),
  };
}
