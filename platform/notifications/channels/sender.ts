import type { ChannelConfig, NotificationChannel } from '../../db/prisma-types';
import type { OutboxPayload } from '../outbox-payload';

/** One claimed outbox row, ready to send. */
export interface OutboxMessage {
  id: string;
  idempotencyKey: string;
  channel: NotificationChannel;
  payload: OutboxPayload;
  /** The config the row goes through (robots, webhooks, e-mail); null for the inbox or when deleted. */
  config: ChannelConfig | null;
  /** This attempt's number (1 = first). */
  attempt: number;
}

/** Sends one message; resolves when the receiver acknowledged it, throws a DeliveryError otherwise. */
export type Sender = (message: OutboxMessage) => Promise<void>;
