/**
 * A real SMTP server on loopback (the `smtp-server` package) that records
 * every message it accepts, decoded enough to assert on: envelope, Message-ID,
 * Subject, and the text and HTML parts. It can go down and come back on the
 * same port to play an unreachable mail server.
 */
import { SMTPServer } from 'smtp-server';
import { freePort } from '../../platform/net';

export interface ReceivedMail {
  from: string;
  to: string[];
  messageId: string;
  subject: string;
  contentType: string;
  text: string;
  html: string;
  raw: string;
  /** Arrival time (ms since epoch). */
  at: number;
}

export interface SmtpReceiver {
  port: number;
  url: string;
  mails: ReceivedMail[];
  /** Distinct Message-IDs received. */
  distinctIds(): string[];
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

function decodeWords(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return headers;
}

function decodeBody(body: string, encoding: string | undefined): string {
  const enc = (encoding ?? '7bit').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

function split(raw: string): { headers: Map<string, string>; body: string } {
  const at = raw.indexOf('\r\n\r\n');
  return { headers: parseHeaders(at < 0 ? raw : raw.slice(0, at)), body: at < 0 ? '' : raw.slice(at + 4) };
}

export function parseMail(raw: string, envelope: { from: string; to: string[] }): ReceivedMail {
  const { headers, body } = split(raw);
  const contentType = headers.get('content-type') ?? '';
  let text = '';
  let html = '';
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (boundary) {
    for (const part of body.split(`--${boundary}`).slice(1)) {
      if (part.startsWith('--')) break;
      const p = split(part.replace(/^\r\n/, ''));
      const type = p.headers.get('content-type') ?? '';
      const decoded = decodeBody(p.body.replace(/\r\n$/, ''), p.headers.get('content-transfer-encoding'));
      if (type.startsWith('text/plain')) text = decoded;
      if (type.startsWith('text/html')) html = decoded;
    }
  } else {
    text = decodeBody(body, headers.get('content-transfer-encoding'));
  }
  return {
    ...envelope,
    messageId: headers.get('message-id') ?? '',
    subject: decodeWords(headers.get('subject') ?? ''),
    contentType: contentType.split(';')[0]!.trim(),
    text: text.replace(/\r\n/g, '\n'),
    html,
    raw,
    at: Date.now(),
  };
}

export async function startSmtpReceiver(port?: number): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const listenPort = port ?? (await freePort());
  let server: SMTPServer | undefined;
  const up = () =>
    new Promise<void>((resolve, reject) => {
      const s = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            const envelope = { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) };
            mails.push(parseMail(Buffer.concat(chunks).toString('utf8'), envelope));
            callback();
          });
        },
      });
      s.on('error', () => undefined);
      s.listen(listenPort, '127.0.0.1', () => {
        server = s;
        resolve();
      });
      s.server.once('error', reject);
    });
  const down = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = undefined;
      if (!s) return resolve();
      // Drop open (pooled) client connections too, as a dead server would.
      for (const conn of (s as unknown as { connections: Set<{ _socket?: { destroy(): void } }> }).connections ?? []) conn._socket?.destroy();
      s.close(() => resolve());
    });
  await up();
  return {
    port: listenPort,
    url: `smtp://127.0.0.1:${listenPort}`,
    mails,
    distinctIds: () => [...new Set(mails.map((m) => m.messageId))],
    down,
    up,
    close: down,
  };
}
