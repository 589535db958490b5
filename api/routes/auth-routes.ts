import type { AppDeps } from '../deps';
import { dummyPasswordHash, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../auth/passwords';
import { openSession, revokeSession } from '../auth/sessions';
import { tokenHash } from '../auth/tokens';
import { audit } from '../../platform/audit/audit-log';
import { conflict, HttpProblem, notFound, tooManyRequests, unprocessable } from '../http/problem';
import { DEMO_ACCOUNTS } from '../../platform/seed/demo-tenant';
import { isUniqueViolation } from '../../platform/db/unique-violation';
import { checkTimeZone } from './time-zone';
import { userOf, type RouteDef } from '../http/route';
import { INLINE, ref } from '../http/response-schemas';


export function meDto(user: ReturnType<typeof userOf>) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    roles: user.roles,
    orgId: user.orgId,
    org: { id: user.orgId, name: user.orgName, kind: user.orgKind },
    locale: user.locale,
    timezone: user.timezone,
  };
}

const invitationUsed = () => new HttpProblem(410, 'invitation-used', 'Gone', 'This invitation was accepted already: log in, or ask an admin for a new one.');

export function authRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  return [
    {
      method: 'post',
      path: '/api/auth/login',
      operationId: 'login',
      summary: 'Log in with e-mail and password; returns a bearer token',
      tag: 'auth',
      access: 'public',
      body: {
        type: 'object',
        required: ['email', 'password'],
        additionalProperties: false,
        properties: { email: { type: 'string', minLength: 3, maxLength: 254 }, password: { type: 'string', minLength: 1, maxLength: 1024 } },
      },
      responses: { 200: { description: 'Logged in', schema: ref('Session') }, 401: { description: 'Wrong e-mail or password' }, 429: { description: 'Too many failed attempts' } },
      async handler(req) {
        const { email: rawEmail, password } = req.body as { email: string; password: string };
        const address = rawEmail.trim().toLowerCase();
        const subject = { account: address, address: req.ip ?? '?' };
        // Counted before the password is checked: parallel guesses cannot outrun the budget.
        const wait = await deps.loginLimiter.take(subject);
        if (wait > 0) throw tooManyRequests(`Too many failed logins; try again in ${wait} s.`, wait);
        const user = await prisma.user.findUnique({ where: { email: address }, include: { org: true } });
        const ok = await deps.passwordGate!.run(async () => verifyPassword(user?.kind === 'person' ? user.passwordHash : await dummyPasswordHash(), password));
        // An API key's principal never signs in (its row has no password; the same answer as for an unknown e-mail).
        if (!user || !ok || user.disabled || user.kind !== 'person') {
          await audit(prisma, { type: 'auth.login_failed', actorLabel: address, data: { ip: req.ip } });
          throw new HttpProblem(401, 'invalid-credentials', 'Unauthorized', 'The e-mail or password is wrong.');
        }
        await deps.loginLimiter.succeeded(subject);
        const session = await openSession(prisma, user.id, deps.sessionTtlMs);
        await audit(prisma, { type: 'auth.login', actorId: user.id, actorLabel: user.email, data: { ip: req.ip, sessionId: session.id } });
        return {
          token: session.token,
          expiresAt: session.expiresAt.toISOString(),
          user: meDto({
            id: user.id, email: user.email, name: user.name, roles: user.roles as never, orgId: user.orgId,
            orgKind: user.org.kind, orgName: user.org.name, locale: user.locale, timezone: user.timezone,
          }),
        };
      },
    },
    {
      method: 'get',
      path: '/api/auth/options',
      operationId: 'authOptions',
      summary: 'What the login page may show: demo mode and, only then, the demo accounts',
      tag: 'auth',
      access: 'public',
      responses: { 200: { description: '{ demoMode, demoAccounts }', schema: INLINE.authOptions } },
      handler: async () => ({ demoMode: deps.config.demoMode === true, demoAccounts: deps.config.demoMode === true ? DEMO_ACCOUNTS.map((a) => a.email) : [] }),
    },
    {
      method: 'post',
      path: '/api/auth/logout',
      operationId: 'logout',
      summary: 'Revoke the current token',
      tag: 'auth',
      access: { roles: 'any' },
      notForApiKeys: true,
      status: 204,
      responses: { 204: { description: 'Revoked' } },
      async handler(req) {
        await revokeSession(prisma, req.auth!.sessionId);
        await audit(prisma, { type: 'auth.logout', actorId: userOf(req).id, actorLabel: userOf(req).email });
        return undefined;
      },
    },
    {
      method: 'get',
      path: '/api/me',
      operationId: 'me',
      summary: 'The caller: roles, organisation, locale, time zone',
      tag: 'auth',
      access: { roles: 'any' },
      responses: { 200: { description: 'The caller', schema: ref('Me') } },
      handler: async (req) => meDto(userOf(req)),
    },
    {
      method: 'post',
      path: '/api/invitations/:token/accept',
      operationId: 'acceptInvitation',
      summary: 'Set a password from an invitation link; returns a bearer token',
      tag: 'auth',
      access: 'public',
      body: {
        type: 'object',
        required: ['password'],
        additionalProperties: false,
        properties: {
          password: { type: 'string', minLength: MIN_PASSWORD_LENGTH, maxLength: 1024 }, name: { type: 'string', minLength: 1, maxLength: 200 },
          // The invited person's own language and zone (the invitation page sends what it shows and the browser's zone).
          locale: { enum: ['zh-CN', 'en'] }, timezone: { type: 'string', minLength: 1, maxLength: 64 },
        },
      },
      status: 201,
      responses: {
        201: { description: 'Account created', schema: INLINE.invitationAccepted }, 404: { description: 'Unknown, revoked or expired invitation' },
        409: { description: 'An account with this e-mail exists' }, 410: { description: 'The invitation was accepted already (also by a concurrent request)' },
      },
      async handler(req) {
        const { password, name: givenName, locale, timezone } = req.body as { password: string; name?: string; locale?: string; timezone?: string };
        checkTimeZone(timezone);
        const invitation = await prisma.invitation.findUnique({ where: { tokenHash: tokenHash(String(req.params.token)) } });
        if (!invitation || invitation.expiresAt.getTime() <= Date.now()) throw notFound('Invitation');
        if (invitation.acceptedAt) throw invitationUsed();
        const name = givenName?.trim() || invitation.name;
        if (!name) throw unprocessable('name-required', 'Give your name: this invitation does not carry one.', [{ path: 'body/name', message: 'required' }]);
        if (await prisma.user.findUnique({ where: { email: invitation.email } })) throw conflict('email-taken', `An account for ${invitation.email} exists already: log in instead.`);
        const passwordHash = await deps.passwordGate!.run(() => hashPassword(password));
        const user = await prisma.$transaction(async (tx) => {
          // Claim the invitation first: a concurrent accept waits on this row and then finds it taken.
          const claimed = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null, expiresAt: { gt: new Date() } }, data: { acceptedAt: new Date() } });
          if (claimed.count === 0) throw invitationUsed();
          return tx.user.create({ data: { email: invitation.email, name, passwordHash, roles: invitation.roles, orgId: invitation.orgId, locale, timezone } });
        }).catch((error: unknown) => {
          if (isUniqueViolation(error)) throw conflict('email-taken', `An account for ${invitation.email} exists already: log in instead.`);
          throw error;
        });
        await audit(prisma, { type: 'user.invitation_accepted', actorId: user.id, actorLabel: user.email, data: { invitationId: invitation.id, roles: user.roles } });
        const session = await openSession(prisma, user.id, deps.sessionTtlMs);
        return { token: session.token, expiresAt: session.expiresAt.toISOString(), userId: user.id, email: user.email };
      },
    },
  ];
}
