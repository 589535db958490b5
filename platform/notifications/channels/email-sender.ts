/**
 * E-mail over SMTP with nodemailer: a multipart/alternative message (text +
 * HTML, composed by mime.ts) whose `Message-ID` is derived from the outbox
 * row's idempotency key, so a message resent after a crash carries the same id
 * and mail systems and clients can recognise the duplicate. Pooled
 * connections per config.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { ChannelConfig } from '../../db/prisma-types';
import { settingsOf } from '../channel-config';
import { DeliveryError } from '../delivery-error';
import { messageIdFor } from '../signatures';
import { addressOf, canCompose, mimeMessage } from './mime';
import type { Sender } from './sender';

export interface EmailSender {
  send: Sender;
  /** Closes the pooled SMTP connections. */
  close(): void;
}

/** The domain of a From address (`"SOP" <noreply@example.com>` → `example.com`). */
export function domainOf(from: string | undefined): string {
  const address = /<([^>]+)>/.exec(from ?? '')?.[1] ?? from ?? '';
  const domain = address.split('@')[1]?.trim();
  return domain && /^[A-Za-z0-9.-]+$/.test(domain) ? domain : 'sop.invalid';
}

function transportFor(config: ChannelConfig, options: { timeoutMs: number; maxConnections?: number }): Transporter {
  const { timeoutMs } = options;
  const url = new URL(config.url);
  const settings = settingsOf(config);
  const secure = url.protocol === 'smtps:';
  return nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: settings.user ? { user: settings.user, pass: config.secret } : undefined,
    pool: true,
    maxConnections: options.maxConnections ?? 8,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 2,
  });
}

/** nodemailer's error → DeliveryError: 5xx replies and refused logins are permanent. */
function classify(error: unknown): DeliveryError {
  const e = error as Error & { code?: string; responseCode?: number; response?: string };
  const permanent = (e.responseCode !== undefined && e.responseCode >= 500) || e.code === 'EAUTH' || e.code === 'EENVELOPE';
  const detail = e.responseCode !== undefined ? `SMTP ${e.responseCode}: ${e.response ?? e.message}` : `${e.code ?? 'error'}: ${e.message}`;
  return new DeliveryError(`e-mail not accepted: ${detail}`, permanent);
}

export function emailSender(options: { timeoutMs: number; maxConnections?: number }): EmailSender {
  const transports = new Map<string, { version: number; transport: Transporter }>();
  const transportOf = (config: ChannelConfig): Transporter => {
    const cached = transports.get(config.id);
    if (cached && cached.version === config.updatedAt.getTime()) return cached.transport;
    cached?.transport.close();
    const transport = transportFor(config, options);
    transports.set(config.id, { version: config.updatedAt.getTime(), transport });
    return transport;
  };
  return {
    async send(message) {
      const config = message.config;
      if (!config) throw new DeliveryError(`the e-mail config of outbox row ${message.id} was deleted`, true);
      const email = message.payload.email;
      if (!email) throw new DeliveryError(`outbox row ${message.id} has no e-mail content`, true);
      const from = settingsOf(config).from ?? `SOP <noreply@${domainOf(undefined)}>`;
      const messageId = messageIdFor(message.idempotencyKey, domainOf(from));
      const headers = { 'Auto-Submitted': 'auto-generated' };
      try {
        if (canCompose({ from, to: email.to })) {
          const raw = mimeMessage({ from, to: email.to, subject: email.subject, text: email.text, html: email.html, messageId, headers });
          await transportOf(config).sendMail({ envelope: { from: addressOf(from), to: [email.to] }, raw });
        } else {
          await transportOf(config).sendMail({ from, to: email.to, subject: email.subject, text: email.text, html: email.html, messageId, headers });
        }
      } catch (error) {
        throw classify(error);
      }
    },
    close() {
      for (const { transport } of transports.values()) transport.close();
      transports.clear();
    },
  };
}
