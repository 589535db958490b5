/**
 * The generic signed webhook (ERP, CRM, finance). Headers:
 * `X-SOP-Event-Id` (stable per outbox row: receivers drop repeats),
 * `X-SOP-Event-Type`, and `X-SOP-Signature: t=…,v1=…` (see signatures.ts;
 * check it with `verifyWebhookSignature`).
 */
import { DeliveryError } from '../delivery-error';
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signWebhook } from '../signatures';
import { expectOk, postJson } from './http-post';
import type { Sender } from './sender';

export function webhookSender(options: { timeoutMs: number; now?: () => number }): Sender {
  const now = options.now ?? Date.now;
  return async (message) => {
    const config = message.config;
    if (!config) throw new DeliveryError(`the webhook config of outbox row ${message.id} was deleted`, true);
    const event = message.payload.event;
    if (!event) throw new DeliveryError(`outbox row ${message.id} has no event body`, true);
    const body = JSON.stringify(event);
    const headers: Record<string, string> = { [EVENT_ID_HEADER]: event.id, [EVENT_TYPE_HEADER]: event.type };
    if (config.secret) headers[SIGNATURE_HEADER] = signWebhook(config.secret, body, Math.floor(now() / 1000));
    expectOk(await postJson(config.url, body, headers, options.timeoutMs), 'the webhook receiver');
  };
}
