import type { AppDeps } from '../deps';
import { dummyPasswordHash, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../auth/passwords';
import { openSession, revokeSession } from '../auth/sessions';
import { tokenHash } from '../auth/tokens';
import { audit } from '../../platform/audit/audit-log';
import { badRequest, conflict, HttpProblem, notFound, tooManyRequests } from '../http/problem';
import { checkTimeZone } from './time-zone';
import { userOf, type RouteDef } from '../http/route';


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
      responses: { 200: { description: 'Logged in' }, 401: { description: 'Wrong e-mail or password' }, 429: { description: 'Too many failed attempts' } },
      async handler(req) {
        const { email: rawEmail, password } = req.body as { email: string; password: string };
        const address = rawEmail.trim().toLowerCase();
        const keys = [`email:${address}`, `ip:${req.ip ?? '?'}`];
        const wait = deps.loginLimiter.retryAfter(keys);
        if (wait > 0) throw tooManyRequests(`Too many failed logins; try again in ${wait} s.`, wait);
        const user = await prisma.user.findUnique({ where: { email: address }, include: { org: true } });
        const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
        if (!user || !ok || user.disabled) {
          deps.loginLimiter.fail(keys);
          await audit(prisma, { type: 'auth.login_failed', actorLabel: address, data: { ip: req.ip } });
          throw new HttpProblem(401, 'invalid-credentials', 'Unauthorized', 'The e-mail or password is wrong.');
        }
        deps.loginLimiter.succeed(keys);
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
      method: 'post',
      path: '/api/auth/logout',
      operationId: 'logout',
      summary: 'Revoke the current token',
      tag: 'auth',
      access: { roles: 'any' },
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
      responses: { 200: { description: 'The caller' } },
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
        required: ['password', 'name'],
        additionalProperties: false,
        properties: {
          password: { type: 'string', minLength: MIN_PASSWORD_LENGTH, maxLength: 1024 }, name: { type: 'string', minLength: 1, maxLength: 200 },
          // The invited person's own language and zone (the invitation page sends what it shows and the browser's zone).
          locale: { enum: ['zh-CN', 'en'] }, timezone: { type: 'string', minLength: 1, maxLength: 64 },
        },
      },
      status: 201,
      responses: { 201: { description: 'Account created' }, 404: { description: 'Unknown, revoked or expired invitation' }, 409: { description: 'An account with this e-mail exists' } },
      async handler(req) {
        const { password, name, locale, timezone } = req.body as { password: string; name: string; locale?: string; timezone?: string };
        checkTimeZone(timezone);
        const invitation = await prisma.invitation.findUnique({ where: { tokenHash: tokenHash(String(req.params.token)) } });
        if (!invitation || invitation.acceptedAt || invitation.expiresAt.getTime() <= Date.now()) throw notFound('Invitation');
        if (await prisma.user.findUnique({ where: { email: invitation.email } })) throw conflict('email-taken', `An account for ${invitation.email} exists already: log in instead.`);
        const passwordHash = await hashPassword(password);
        const user = await prisma.$transaction(async (tx) => {
          const created = await tx.user.create({ data: { email: invitation.email, name, passwordHash, roles: invitation.roles, orgId: invitation.orgId, locale, timezone } });
          await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: new Date() } });
          return created;
        });
        await audit(prisma, { type: 'user.invitation_accepted', actorId: user.id, actorLabel: user.email, data: { invitationId: invitation.id, roles: user.roles } });
        const session = await openSession(prisma, user.id, deps.sessionTtlMs);
        return { token: session.token, expiresAt: session.expiresAt.toISOString(), userId: user.id, email: user.email };
      },
    },
  ];
}
