/**
 * E-mail over SMTP with nodemailer: a multipart/alternative message (text +
 * HTML, composed by mime.ts) whose `Message-ID` is derived from the outbox
 * row's idempotency key, so a message resent after a crash carries the same id
 * and mail systems and clients can recognise the duplicate. Pooled
 * connections per config.
 *
 * TLS is required: `smtps://` is TLS from the first byte, `smtp://` must
 * upgrade with STARTTLS (a server that does not offer it is refused, never a
 * silent fallback to plain text) unless the config's settings say
 * `tls: false`. Connections pass the address rules (outbound/guarded-connect.ts).
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { ChannelConfig } from '../../db/prisma-types';
import { redact, settingsOf } from '../channel-config';
import { DeliveryError, excerpt } from '../delivery-error';
import { NO_ALLOWED_HOSTS, type AllowedHosts } from '../outbound/address-rules';
import { guardedSocket, isOutboundRefused } from '../outbound/guarded-connect';
import { assertTarget } from '../outbound/target-rules';
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

interface EmailOptions {
  timeoutMs: number;
  maxConnections?: number;
  /** The operator's NOTIFY_ALLOWED_HOSTS (default none: public addresses only). */
  allowed?: AllowedHosts;
}

function transportFor(config: ChannelConfig, options: EmailOptions): Transporter {
  const { timeoutMs } = options;
  const allowed = options.allowed ?? NO_ALLOWED_HOSTS;
  const url = new URL(config.url);
  const settings = settingsOf(config);
  const secure = url.protocol === 'smtps:';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  return nodemailer.createTransport({
    host,
    port,
    secure,
    requireTLS: !secure && settings.tls !== false,
    // Every pooled connection is opened here, through the address rules; nodemailer adds TLS (implicit or STARTTLS) on top.
    getSocket: (_options: unknown, callback: (error: Error | null, socket?: { connection: import('node:net').Socket }) => void) => {
      guardedSocket(allowed, host, port, timeoutMs).then(
        (connection) => callback(null, { connection }),
        (error: Error) => callback(isOutboundRefused(error) ? error : Object.assign(error, { code: 'ESOCKET' })), // as nodemailer names its own connect errors
      );
    },
    auth: settings.user ? { user: settings.user, pass: config.secret } : undefined,
    pool: true,
    maxConnections: options.maxConnections ?? 8,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 2,
  });
}

/**
 * nodemailer's error → DeliveryError: 5xx replies, refused logins, a refused
 * address and a server without TLS are permanent (an admin must act).
 */
function classify(error: unknown, config: ChannelConfig): DeliveryError {
  const e = error as Error & { code?: string; responseCode?: number; response?: string };
  if (isOutboundRefused(e)) return new DeliveryError(`not sent: ${e.message}`, true);
  if (e.code === 'ETLS' && !new URL(config.url).protocol.startsWith('smtps')) {
    const said = e.response ? ` (the server answered: ${excerpt(redact(e.response, config))})` : '';
    return new DeliveryError(`e-mail not sent: the SMTP server ${new URL(config.url).host} did not upgrade to TLS with STARTTLS${said}; TLS is required. Use smtps://, enable STARTTLS on the server, or set "tls": false in the config's settings to allow plain text.`, true);
  }
  const permanent = (e.responseCode !== undefined && e.responseCode >= 500) || e.code === 'EAUTH' || e.code === 'EENVELOPE';
  const detail = e.responseCode !== undefined ? `SMTP ${e.responseCode}: ${excerpt(redact(e.response ?? e.message, config))}` : `${e.code ?? 'error'}: ${excerpt(redact(e.message, config))}`;
  return new DeliveryError(`e-mail not accepted: ${detail}`, permanent);
}

export function emailSender(options: EmailOptions): EmailSender {
  const allowed = options.allowed ?? NO_ALLOWED_HOSTS;
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
      assertTarget('email', config.url, allowed);
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
        throw classify(error, config);
      }
    },
    close() {
      for (const { transport } of transports.values()) transport.close();
      transports.clear();
    },
  };
}
