/**
 * The RFC 5322 / MIME text of a notification e-mail (pure): a
 * multipart/alternative message with a text and an HTML part, both UTF-8 and
 * base64-encoded (lines of 76 characters), non-ASCII header text as RFC 2047
 * encoded words. Composing it here costs a small fraction of a general MIME
 * composer's work per message, which counts when a thousand escalations fall
 * due together; nodemailer still speaks SMTP.
 *
 * Everything but the `Date` header is a function of the outbox row, so a
 * message resent after a crash is the same message (same Message-ID, same
 * boundary, same bodies).
 */
import { createHash } from 'node:crypto';

export interface MailParts {
  /** `"Name" <addr@host>`, `Name <addr@host>` or `addr@host`. */
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<id@domain>`. */
  messageId: string;
  /** Extra header lines (ASCII values), e.g. `Auto-Submitted`. */
  headers?: Record<string, string>;
  date?: Date;
}

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;

/** `addr@host` of a From value. */
export function addressOf(from: string): string {
  return (/<([^>]+)>/.exec(from)?.[1] ?? from).trim();
}

/** One plain ASCII address, `local@domain`. */
const SIMPLE_ADDRESS = /^[\x21-\x7e]+@[\x21-\x7e]+$/;
const SPECIALS = /[<>,;"()[\]\\]/;

/** Whether `mimeMessage` can carry these parts: one plain ASCII address each (anything else is left to a general composer). */
export function canCompose(parts: Pick<MailParts, 'from' | 'to'>): boolean {
  const from = addressOf(parts.from);
  return SIMPLE_ADDRESS.test(from) && !SPECIALS.test(from) && SIMPLE_ADDRESS.test(parts.to) && !SPECIALS.test(parts.to);
}

/**
 * RFC 2047 `=?UTF-8?B?…?=` words of at most 39 bytes of text each (64
 * characters a word, so `Subject: ` and a word fit in 78; characters are never
 * split), folded onto continuation lines.
 */
export function encodedWords(value: string): string {
  const words: string[] = [];
  let chunk = '';
  let bytes = 0;
  for (const ch of value) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > 39) {
      words.push(chunk);
      chunk = '';
      bytes = 0;
    }
    chunk += ch;
    bytes += size;
  }
  if (chunk !== '' || words.length === 0) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}

/** A header value: as is when short printable ASCII, encoded words otherwise. */
function headerText(value: string): string {
  return ASCII_PRINTABLE.test(value) && value.length <= 900 ? value : encodedWords(value);
}

/** The From header's value, the display name quoted or encoded. */
export function fromHeader(from: string): string {
  const address = addressOf(from);
  const name = from.includes('<') ? from.slice(0, from.indexOf('<')).trim().replace(/^"(.*)"$/, '$1') : '';
  if (!name) return address;
  const display = ASCII_PRINTABLE.test(name) ? `"${name.replace(/(["\\])/g, '\\$1')}"` : encodedWords(name);
  const lastLine = display.slice(display.lastIndexOf('\n') + 1);
  return lastLine.length + address.length > 66 ? `${display}\r\n <${address}>` : `${display} <${address}>`;
}

/** Base64 of the UTF-8 text with CRLF line breaks (MIME's canonical form), in lines of 76 characters. */
export function base64Body(text: string): string {
  const encoded = Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8').toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += 76) lines.push(encoded.slice(i, i + 76));
  return lines.join('\r\n');
}

/** The whole message, CRLF line breaks, ready for SMTP DATA. */
export function mimeMessage(parts: MailParts): string {
  const boundary = `----=_sop_${createHash('sha256').update(parts.messageId).digest('hex').slice(0, 24)}`;
  const extra = Object.entries(parts.headers ?? {}).filter(([name, value]) => /^[A-Za-z0-9-]+$/.test(name) && ASCII_PRINTABLE.test(value));
  return [
    `From: ${fromHeader(parts.from)}`,
    `To: ${parts.to}`,
    `Subject: ${headerText(parts.subject)}`,
    `Message-ID: ${parts.messageId}`,
    `Date: ${(parts.date ?? new Date()).toUTCString()}`,
    'MIME-Version: 1.0',
    ...extra.map(([name, value]) => `${name}: ${value}`),
    `Content-Type: multipart/alternative;\r\n boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Body(parts.text),
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Body(parts.html),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
