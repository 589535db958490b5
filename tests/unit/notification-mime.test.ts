/**
 * The notification e-mail's MIME text (platform/notifications/channels/mime.ts),
 * as pure logic: it decodes back to exactly what was rendered (with the test
 * SMTP receiver's parser), keeps every line short and CRLF-terminated, never
 * splits a character across encoded words, and is the same message on every
 * resend except for its Date.
 */
import { addressOf, base64Body, canCompose, encodedWords, fromHeader, mimeMessage, type MailParts } from '../../platform/notifications/channels/mime';
import { parseMail } from '../support/notification-smtp-receiver';

const parts: MailParts = {
  from: '外发跟进 SOP <notify@sop.example>',
  to: 'vendor-a@demo.test',
  subject: '[升级 第 1 级] J-1 店铺装修设计稿：双十一主会场横幅（含移动端适配与多尺寸导出）已逾期 2 天 3 小时',
  text: '[升级 第 1 级] J-1\n\n任务: J-1 双十一\n截止: 2026-11-27 18:00 (Asia/Shanghai)\n\n打开任务: http://localhost/jobs/j1\n',
  html: `<!doctype html><html><body><h3>升级</h3><p>${'长'.repeat(300)}</p><a href="http://localhost/jobs/j1">打开任务</a></body></html>`,
  messageId: '<f3c07c743c93e9a42bc9fce9e1fb5fbd@sop.example>',
  headers: { 'Auto-Submitted': 'auto-generated' },
  date: new Date('2026-11-27T10:00:00Z'),
};

describe('mimeMessage', () => {
  const raw = mimeMessage(parts);

  test('decodes back to the rendered subject, text and HTML', () => {
    const mail = parseMail(raw, { from: 'notify@sop.example', to: ['vendor-a@demo.test'] });
    expect(mail.contentType).toBe('multipart/alternative');
    expect(mail.messageId).toBe(parts.messageId);
    expect(mail.subject).toBe(parts.subject);
    expect(mail.text).toBe(parts.text);
    expect(mail.html).toBe(parts.html);
  });
  test('headers: From with its name encoded, Date, MIME-Version, extra headers', () => {
    const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
    expect(head).toContain(`From: ${encodedWords('外发跟进 SOP')} <notify@sop.example>`);
    expect(head).toContain('To: vendor-a@demo.test');
    expect(head).toContain('Date: Fri, 27 Nov 2026 10:00:00 GMT');
    expect(head).toContain('MIME-Version: 1.0');
    expect(head).toContain('Auto-Submitted: auto-generated');
  });
  test('only CRLF line breaks, every line at most 78 characters', () => {
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const longest = Math.max(...raw.split('\r\n').map((l) => l.length));
    expect(longest).toBeLessThanOrEqual(78);
  });
  test('the same message on every resend but for the Date header', () => {
    const again = mimeMessage({ ...parts, date: new Date('2026-11-28T00:00:00Z') });
    const withoutDate = (m: string) => m.replace(/^Date: .*$/m, '');
    expect(withoutDate(again)).toBe(withoutDate(raw));
  });
});

describe('header encoding', () => {
  test('encoded words carry at most 39 bytes each and never split a character', () => {
    const text = '店'.repeat(40) + 'abc' + '😀'.repeat(5);
    const words = encodedWords(text).split('\r\n ');
    expect(words.length).toBeGreaterThan(3);
    for (const w of words) expect(w.length).toBeLessThanOrEqual(64);
    const decoded = words.map((w) => Buffer.from(/^=\?UTF-8\?B\?(.*)\?=$/.exec(w)![1]!, 'base64').toString('utf8'));
    expect(decoded.join('')).toBe(text);
    expect(decoded.every((d) => !d.includes('\uFFFD'))).toBe(true);
  });
  test('ASCII subjects stay readable; From names are quoted or encoded', () => {
    const raw = mimeMessage({ ...parts, from: 'SOP "Bot" <n@sop.example>', subject: '[Escalation level 1] J-1 Banner' });
    expect(raw).toContain('\r\nSubject: [Escalation level 1] J-1 Banner\r\n');
    expect(fromHeader('SOP "Bot" <n@sop.example>')).toBe('"SOP \\"Bot\\"" <n@sop.example>');
    expect(fromHeader('"Plain" <n@sop.example>')).toBe('"Plain" <n@sop.example>');
    expect(fromHeader('n@sop.example')).toBe('n@sop.example');
    expect(addressOf('外发跟进 <n@sop.example>')).toBe('n@sop.example');
  });
  test('unusual addresses are left to the general composer', () => {
    expect(canCompose({ from: 'SOP <n@sop.example>', to: 'a.b+tag@example.com' })).toBe(true);
    expect(canCompose({ from: 'SOP <n@sop.example>', to: '张三@例子.公司' })).toBe(false);
    expect(canCompose({ from: 'SOP <n@sop.example>', to: 'a@x.example, b@y.example' })).toBe(false);
    expect(canCompose({ from: 'SOP <n@sop.example>', to: '"odd"@x.example' })).toBe(false);
  });
  test('bodies are base64 of CRLF text in 76-character lines', () => {
    const body = base64Body('a\nb\n' + 'x'.repeat(200));
    expect(body.split('\r\n').every((l) => l.length <= 76)).toBe(true);
    expect(Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8')).toBe('a\r\nb\r\n' + 'x'.repeat(200));
  });
});
