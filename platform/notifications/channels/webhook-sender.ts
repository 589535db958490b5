/**
 * The generic signed webhook (ERP, CRM, finance). Headers:
 * `X-SOP-Event-Id` (stable per outbox row: receivers drop repeats),
 * `X-SOP-Event-Type`, and `X-SOP-Signature: t=…,v1=…` (see signatures.ts;
 * check it with `verifyWebhookSignature`).
 */
import { DeliveryError } from '../delivery-error';
import { NO_ALLOWED_HOSTS, type AllowedHosts } from '../outbound/address-rules';
import { assertTarget } from '../outbound/target-rules';
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signWebhook } from '../signatures';
import { expectOk, postJson, withoutCredentials } from './http-post';
import type { Sender } from './sender';

/** `allowed`: the operator's NOTIFY_ALLOWED_HOSTS (default none: public addresses only). */
export function webhookSender(options: { timeoutMs: number; now?: () => number; allowed?: AllowedHosts }): Sender {
  const now = options.now ?? Date.now;
  const allowed = options.allowed ?? NO_ALLOWED_HOSTS;
  return async (message) => {
    const config = message.config;
    if (!config) throw new DeliveryError(`the webhook config of outbox row ${message.id} was deleted`, true);
    assertTarget('webhook', config.url, allowed);
    const event = message.payload.event;
    if (!event) throw new DeliveryError(`outbox row ${message.id} has no event body`, true);
    const body = JSON.stringify(event);
    const headers: Record<string, string> = { [EVENT_ID_HEADER]: event.id, [EVENT_TYPE_HEADER]: event.type };
    if (config.secret) headers[SIGNATURE_HEADER] = signWebhook(config.secret, body, Math.floor(now() / 1000));
    expectOk(withoutCredentials(await postJson(config.url, body, headers, options.timeoutMs, allowed), config), 'the webhook receiver');
  };
}
