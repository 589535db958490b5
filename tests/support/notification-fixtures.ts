/**
 * Notification test set-up: channel configs created through the admin API
 * (pointing at the loopback receivers), and a dispatcher tuned for tests.
 * The receivers listen on 127.0.0.1, which production refuses: the app
 * (`startAppHarness(kind, { notifyAllowedHosts: LOOPBACK_RECEIVERS })`) and
 * the dispatcher list it explicitly, as NOTIFY_ALLOWED_HOSTS would; the SMTP
 * receiver speaks plain text, so its configs say `tls: false`.
 */
import request from 'supertest';
import { createDispatcher, type Dispatcher, type DispatcherOptions } from '../../platform/notifications/dispatcher';
import type { AppHarness } from './app-harness';
import { auth } from './api-fixtures';
import type { HttpReceiver, ReceiverChannel, ReceiverSecrets } from './notification-http-receiver';
import type { SmtpReceiver } from './notification-smtp-receiver';

/** The allow-list that lets the app and the dispatcher reach the loopback receivers. */
export const LOOPBACK_RECEIVERS = ['127.0.0.1'];

export type ConfigIds = Partial<Record<ReceiverChannel | 'email', string>>;

/** The secret each channel's config carries (WeCom's key is its secret; Slack's URL is the only credential). */
export function secretOf(secrets: ReceiverSecrets, channel: ReceiverChannel): string {
  switch (channel) {
    case 'dingtalk': return secrets.dingtalk.secret;
    case 'wecom': return secrets.wecom.key;
    case 'feishu': return secrets.feishu.secret;
    case 'slack': return '';
    case 'webhook': return secrets.webhook.secret;
  }
}

/** Creates configs (org scope: the demo company) for the given channels; returns their ids. */
export async function configureChannels(
  h: AppHarness,
  targets: { http?: HttpReceiver; secrets?: ReceiverSecrets; smtp?: SmtpReceiver | { url: string } },
  channels: Array<ReceiverChannel | 'email'>,
  extra: { settings?: Record<string, unknown>; secretOverride?: string } = {},
): Promise<ConfigIds> {
  const admin = await h.login('admin');
  const ids: ConfigIds = {};
  for (const channel of channels) {
    const body = channel === 'email'
      ? { channel, url: targets.smtp!.url, secret: '', settings: { from: '外发跟进 SOP <notify@sop.example>', tls: false, ...extra.settings } }
      : { channel, url: targets.http!.urls[channel], secret: extra.secretOverride ?? secretOf(targets.secrets!, channel), settings: extra.settings ?? {} };
    const res = await request(h.app).post('/api/notifications/channels').set(auth(admin))
      .send({ scope: 'org', scopeId: h.ids.orgs['Demo Co 演示公司'], name: `test ${channel}`, ...body });
    if (res.status !== 201) throw new Error(`configure ${channel}: ${res.status} ${res.text}`);
    ids[channel] = (res.body as { id: string }).id;
  }
  return ids;
}

/** Removes configs (their rows still pending fail with a reason) so later tests start clean. */
export async function removeChannels(h: AppHarness, ids: ConfigIds): Promise<void> {
  const admin = await h.login('admin');
  for (const id of Object.values(ids)) await request(h.app).delete(`/api/notifications/channels/${id}`).set(auth(admin));
}

/** A started dispatcher polling every 50 ms, retrying after 150 ms (doubling), reaching the loopback receivers, with log lines kept. */
export function startTestDispatcher(h: AppHarness, options: Partial<DispatcherOptions> = {}): Dispatcher & { logs: string[] } {
  const logs: string[] = [];
  const dispatcher = createDispatcher({
    db: h.test.db, publicUrl: 'http://localhost', pollMs: 50, backoffMs: 150, backoffMaxMs: 1000, maxAttempts: 5, leaseMs: 5000, timeoutMs: 2000, allowedHosts: LOOPBACK_RECEIVERS,
    log: (line) => logs.push(line), ...options,
  });
  dispatcher.start();
  return Object.assign(dispatcher, { logs });
}
