/**
 * What an outbox row (Notification.payload) carries, by channel. Everything a
 * sender needs is rendered when the row is written, so every resend of a row
 * sends the same content; only signatures and their timestamps are fresh.
 * Credentials are never part of a payload: they stay in ChannelConfig.
 */
import type { RenderedNotice } from './templates';

/** Facts shown in the inbox and in the admin's delivery list. */
export interface NoticeFacts {
  jobCode: string;
  jobTitle: string;
  nodeTitle: string | null;
  message: string | null;
  dueAt: string | null;
  scheduledAt: string;
  link: string;
  cc: boolean;
  roles: string[];
}

export interface EmailContent {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** The generic webhook's JSON body (signed as sent). */
export interface WebhookEventBody {
  id: string;
  type: string;
  occurredAt: string;
  job: { id: string; code: string; title: string; link: string } | null;
  data: unknown;
}

export interface OutboxPayload extends Partial<NoticeFacts> {
  /** inbox (subject and text in the reader's language) */
  title?: string;
  text?: string;
  email?: EmailContent;
  /** robots */
  notice?: RenderedNotice;
  /** generic webhook */
  event?: WebhookEventBody;
}
