/**
 * E-mails a password reset link through the company's e-mail channel (an
 * enabled `email` ChannelConfig of an internal organisation, Settings →
 * Channels). Sent straight away, not through the outbox: the outbox keeps
 * rendered messages, and a reset link must exist only as a hash once it
 * left. Failures are logged without the link; the person can ask again or an
 * admin can issue a link.
 */
import { emailSender } from '../../platform/notifications/channels/email-sender';
import type { PrismaClient } from '../../platform/db/prisma-types';
import type { AllowedHosts } from '../../platform/notifications/outbound/address-rules';

export interface ResetMail {
  to: string;
  name: string;
  locale: string;
  link: string;
}

function content(mail: ResetMail): { subject: string; text: string; html: string } {
  const en = mail.locale === 'en';
  const subject = en ? 'Reset your password' : '重设密码';
  const text = en
    ? `Hello ${mail.name},\n\nsomeone (hopefully you) asked to reset your password. Open this link within an hour to choose a new one:\n\n${mail.link}\n\nIf it was not you, ignore this e-mail: your password stays as it is.`
    : `${mail.name}，你好：\n\n有人（希望是你）申请重设你的密码。请在一小时内打开以下链接设置新密码：\n\n${mail.link}\n\n如果不是你本人操作，请忽略此邮件，你的密码不会改变。`;
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<p>${escape(text).replace(/\n\n/g, '</p><p>').replace(escape(mail.link), `<a href="${escape(mail.link)}">${escape(mail.link)}</a>`)}</p>`;
  return { subject, text, html };
}

/** Sends the mail; resolves false (and logs why, without the link) when there is no e-mail channel or it failed. */
export async function sendResetMail(
  prisma: PrismaClient,
  mail: ResetMail,
  /** NOTIFY_ALLOWED_HOSTS: the SMTP server is reached through the same address filter as every notification. */
  allowed: AllowedHosts,
  log: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): Promise<boolean> {
  const internal = await prisma.org.findMany({ where: { kind: 'internal' }, select: { id: true } });
  const config = await prisma.channelConfig.findFirst({
    where: { channel: 'email', scope: 'org', enabled: true, scopeId: { in: internal.map((o) => o.id) } },
    orderBy: { createdAt: 'asc' },
  });
  if (!config) {
    log('[auth] a password reset link was not e-mailed: no e-mail channel is configured for an internal organisation (Settings → Channels); an admin can issue a link instead.');
    return false;
  }
  const sender = emailSender({ timeoutMs: 10_000, maxConnections: 1, allowed });
  try {
    await sender.send({ id: 'password-reset', idempotencyKey: `password-reset:${mail.link}`, channel: 'email', config, attempt: 1, payload: { email: { to: mail.to, ...content(mail) } } });
    return true;
  } catch (error) {
    log(`[auth] a password reset e-mail failed: ${(error as Error).message}`);
    return false;
  } finally {
    sender.close();
  }
}
