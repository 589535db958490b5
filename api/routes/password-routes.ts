/**
 * Passwords: change (everyone, current password required, other sessions end),
 * reset by an e-mailed link (the request answers the same whether or not the
 * account exists), and reset links an admin hands over.
 */
import type { AppDeps } from '../deps';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../auth/passwords';
import { createPasswordReset, EMAILED_RESET_TTL_MS, ISSUED_RESET_TTL_MS, resetLink, usePasswordReset } from '../auth/password-resets';
import { sendResetMail } from '../auth/reset-mail';
import { revokeUserSessions } from '../auth/sessions';
import { audit } from '../../platform/audit/audit-log';
import { HttpProblem, notFound, tooManyRequests, unprocessable } from '../http/problem';
import { userOf, type RouteDef } from '../http/route';
import { email } from './schemas';
import { parseAllowedHosts } from '../../platform/notifications/outbound/address-rules';
import { INLINE, ref } from '../http/response-schemas';

const newPassword = { type: 'string', minLength: MIN_PASSWORD_LENGTH, maxLength: 1024 } as const;
const RESET_REQUESTED = { status: 'requested', detail: 'If an account with this e-mail exists, a link to set a new password is on its way (valid for 1 hour).' };

export function passwordRoutes(deps: AppDeps): RouteDef[] {
  const allowedHosts = parseAllowedHosts(deps.notifyAllowedHosts ?? []);
  const prisma = deps.db.prisma;
  const gate = () => deps.passwordGate!;
  return [
    {
      method: 'post', path: '/api/auth/password', operationId: 'changePassword', tag: 'auth',
      summary: 'Change your own password (the current one is required); your other sessions end',
      access: { roles: 'any' }, notForApiKeys: true, status: 204,
      body: { type: 'object', required: ['currentPassword', 'newPassword'], additionalProperties: false, properties: { currentPassword: { type: 'string', minLength: 1, maxLength: 1024 }, newPassword } },
      responses: { 204: { description: 'Changed' }, 422: { description: 'The current password is wrong' }, 429: { description: 'Too many wrong current passwords' } },
      async handler(req) {
        const actor = userOf(req);
        const { currentPassword, newPassword: next } = req.body as { currentPassword: string; newPassword: string };
        // A stolen session must not be a way to guess the password: the login limits apply.
        const subject = { account: actor.email, address: req.ip ?? '?' };
        const wait = await deps.loginLimiter.take(subject);
        if (wait > 0) throw tooManyRequests(`Too many wrong passwords; try again in ${wait} s.`, wait);
        const user = await prisma.user.findUniqueOrThrow({ where: { id: actor.id } });
        if (!(await gate().run(() => verifyPassword(user.passwordHash, currentPassword)))) {
          await audit(prisma, { type: 'auth.password_change_failed', actorId: actor.id, actorLabel: actor.email, data: { ip: req.ip } });
          throw unprocessable('current-password-wrong', 'The current password is wrong.', [{ path: 'body/currentPassword', message: 'wrong password' }]);
        }
        await deps.loginLimiter.succeeded(subject);
        const passwordHash = await gate().run(() => hashPassword(next));
        await prisma.user.update({ where: { id: actor.id }, data: { passwordHash } });
        const revoked = await revokeUserSessions(prisma, actor.id, req.auth!.sessionId);
        await audit(prisma, { type: 'auth.password_changed', actorId: actor.id, actorLabel: actor.email, data: { ip: req.ip, sessionsRevoked: revoked } });
        return undefined;
      },
    },
    {
      method: 'post', path: '/api/auth/password-reset', operationId: 'requestPasswordReset', tag: 'auth',
      summary: 'E-mail a link to set a new password; answers the same whether or not the account exists',
      access: 'public', status: 202,
      body: { type: 'object', required: ['email'], additionalProperties: false, properties: { email } },
      responses: { 202: { description: 'Requested (whether or not the account exists)', schema: INLINE.resetRequested }, 429: { description: 'Too many requests from this address or for this account' } },
      async handler(req) {
        const address = (req.body as { email: string }).email.trim().toLowerCase();
        // Its own counters (namespace by prefix): asking for links must not use up login attempts, nor flood a mailbox.
        const subject = { account: `reset:${address}`, address: `reset:${req.ip ?? '?'}` };
        const wait = await deps.loginLimiter.take(subject);
        if (wait > 0) throw tooManyRequests(`Too many reset requests; try again in ${wait} s.`, wait);
        // Everything that depends on whether the account exists runs after the answer, so
        // neither the body nor the time taken tells.
        const ip = req.ip;
        setImmediate(() => {
          void (async () => {
            const user = await prisma.user.findUnique({ where: { email: address } });
            if (!user || user.disabled || user.kind !== 'person') return;
            const reset = await createPasswordReset(prisma, user.id, EMAILED_RESET_TTL_MS);
            await audit(prisma, { type: 'auth.password_reset_requested', actorLabel: address, data: { ip, resetId: reset.id } });
            await sendResetMail(prisma, { to: user.email, name: user.name, locale: user.locale, link: resetLink(deps.config.publicUrl, reset.token) }, allowedHosts);
          })().catch((error: unknown) => process.stderr.write(`[auth] a password reset request failed: ${(error as Error).message.split('\n')[0]}\n`));
        });
        return RESET_REQUESTED;
      },
    },
    {
      method: 'post', path: '/api/auth/password-reset/:token', operationId: 'resetPassword', tag: 'auth',
      summary: 'Set a new password with a reset link (single use); every session of the account ends',
      access: 'public', status: 204,
      body: { type: 'object', required: ['password'], additionalProperties: false, properties: { password: newPassword } },
      responses: { 204: { description: 'Password set: log in with it' }, 410: { description: 'Unknown, used or expired link' } },
      async handler(req) {
        const { password } = req.body as { password: string };
        const passwordHash = await gate().run(() => hashPassword(password));
        const user = await usePasswordReset(prisma, String(req.params.token), passwordHash);
        if (!user) throw new HttpProblem(410, 'reset-link-invalid', 'Gone', 'This link is unknown, used or expired: ask for a new one.');
        await audit(prisma, { type: 'auth.password_reset', actorId: user.id, actorLabel: user.email, data: { ip: req.ip, resetId: user.resetId } });
        return undefined;
      },
    },
    {
      method: 'post', path: '/api/users/:id/password-reset', operationId: 'issuePasswordReset', tag: 'admin',
      summary: 'Issue a link (valid 24 h, single use) with which the person sets a new password; hand it over yourself',
      access: { roles: ['admin'] }, notForApiKeys: true, answerHoldsSecret: true, status: 201,
      responses: { 201: { description: '{ link, token, expiresAt }', schema: ref('ResetLink') }, 404: { description: 'No such user' }, 409: { description: 'The account is disabled' } },
      async handler(req) {
        const actor = userOf(req);
        const id = String(req.params.id);
        const user = await prisma.user.findUnique({ where: { id } });
        if (!user || user.kind !== 'person') throw notFound(`User ${id}`);
        if (user.disabled) throw new HttpProblem(409, 'account-disabled', 'Conflict', 'Enable the account first: a disabled account cannot set a password.');
        const reset = await createPasswordReset(prisma, user.id, ISSUED_RESET_TTL_MS, actor.id);
        await audit(prisma, { type: 'auth.password_reset_issued', actorId: actor.id, actorLabel: actor.email, data: { userId: user.id, email: user.email, resetId: reset.id } });
        return { link: resetLink(deps.config.publicUrl, reset.token), token: reset.token, expiresAt: reset.expiresAt.toISOString() };
      },
    },
  ];
}
