/**
 * An ERP-like receiver of the product's signed webhooks for the browser story:
 * it refuses (HTTP 410, a permanent failure) until told to accept, and keeps
 * what it accepted with the signature checked against the secrets it was given.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '../../platform/notifications/signatures';

export interface ReceivedEvent {
  type: string;
  jobCode: string | undefined;
  signatureOk: boolean;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:port` */
  origin: string;
  /** Whether requests are answered 2xx (true) or 410 Gone (false). */
  accepting: boolean;
  /** Secrets the signature may have been made with (one per config pointing here). */
  secrets: string[];
  accepted: ReceivedEvent[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: Omit<WebhookReceiver, 'origin' | 'close'> = { accepting: false, secrets: [], accepted: [] };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (!receiver.accepting) {
        res.writeHead(410, { 'Content-Type': 'text/plain' }).end('endpoint retired');
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const event = JSON.parse(body) as { type: string; job?: { code?: string } };
      const header = req.headers['x-sop-signature'];
      const check = verifyWebhookSignature({ secret: receiver.secrets, body, header: typeof header === 'string' ? header : undefined });
      receiver.accepted.push({ type: event.type, jobCode: event.job?.code, signatureOk: check.ok });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
