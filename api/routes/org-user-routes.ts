import type { AppDeps } from '../deps';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords';
import { newToken, tokenHash } from '../auth/tokens';
import { audit } from '../../platform/audit/audit-log';
import { conflict, notFound, unprocessable } from '../http/problem';
import { forgetCachedUser, revokeUserSessions } from '../auth/sessions';
import { checkTimeZone } from './time-zone';
import { syncMonthlyReportSchedule } from '../../platform/schedules/monthly-report-schedule';
import { INTERNAL_ROLES, userOf, type RouteDef } from '../http/route';
import { email, roleList } from './schemas';
import { itemsOf, ref } from '../http/response-schemas';

const INVITATION_TTL_MS = 7 * 24 * 60 * 60_000;
/** pg_advisory_xact_lock key serialising changes that can remove an active admin. */
const ADMIN_LOCK_KEY = 7_261_202_001n;

const isActiveAdmin = (u: { roles: string[]; disabled: boolean }) => !u.disabled && u.roles.includes('admin');

function userDto(u: { id: string; email: string; name: string; roles: string[]; orgId: string; locale: string; timezone: string; disabled: boolean }) {
  return { id: u.id, email: u.email, name: u.name, roles: u.roles, orgId: u.orgId, locale: u.locale, timezone: u.timezone, disabled: u.disabled };
}

/** Vendor organisations' users may only hold the vendor role; internal users may not hold it. */
async function checkRolesFitOrg(deps: AppDeps, orgId: string, roles: string[]): Promise<void> {
  const org = await deps.db.prisma.org.findUnique({ where: { id: orgId } });
  if (!org) throw unprocessable('org-unknown', `Organisation ${orgId} does not exist.`, [{ path: 'body/orgId', message: 'unknown organisation' }]);
  const vendorOrg = org.kind === 'vendor';
  const bad = roles.filter((r) => (vendorOrg ? r !== 'vendor' : r === 'vendor'));
  if (bad.length > 0) {
    throw unprocessable('roles-do-not-fit-org', `A ${org.kind} organisation's users cannot hold: ${bad.join(', ')}.`, [{ path: 'body/roles', message: 'not allowed for this organisation' }]);
  }
}

export function orgUserRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  return [
    {
      method: 'get', path: '/api/orgs', operationId: 'listOrgs', summary: 'Organisations (internal and vendors)', tag: 'admin',
      access: { roles: INTERNAL_ROLES },
      responses: { 200: { description: 'Organisations', schema: itemsOf(ref('Org')) } },
      handler: async () => ({ items: await prisma.org.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true, kind: true, timezone: true, createdAt: true } }) }),
    },
    {
      method: 'post', path: '/api/orgs', operationId: 'createOrg', summary: 'Create an organisation', tag: 'admin',
      access: { roles: ['admin'] }, status: 201,
      body: {
        type: 'object', required: ['name', 'kind'], additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 200 }, kind: { enum: ['internal', 'vendor'] },
          timezone: { type: 'string', maxLength: 64, description: 'IANA zone of its calendar (default Asia/Shanghai): an internal organisation\'s monthly report is built on the 1st at 09:00 here' },
        },
      },
      responses: { 201: { description: 'Created', schema: ref('Org') }, 422: { description: 'timezone-unknown' } },
      async handler(req) {
        const { name, kind, timezone } = req.body as { name: string; kind: 'internal' | 'vendor'; timezone?: string };
        checkTimeZone(timezone);
        const org = await prisma.org.create({ data: { name: name.trim(), kind, ...(timezone ? { timezone } : {}) } });
        await audit(prisma, { type: 'org.created', actorId: userOf(req).id, actorLabel: userOf(req).email, data: { orgId: org.id, name: org.name, kind, timezone: org.timezone } });
        if (kind === 'internal') {
          // Its monthly report schedule now rather than at the next worker start (which would make it then, should this fail).
          await syncMonthlyReportSchedule(deps.temporal.client, org, { taskQueue: deps.config.taskQueue }).catch((error: Error) =>
            (deps.log ?? ((l: string) => process.stderr.write(l + '\n')))(`[api] the monthly report schedule of organisation ${org.id} was not created (the next worker start creates it): ${error.message}`));
        }
        return { id: org.id, name: org.name, kind: org.kind, timezone: org.timezone, createdAt: org.createdAt.toISOString() };
      },
    },
    {
      method: 'get', path: '/api/users', operationId: 'listUsers', summary: 'People', tag: 'admin',
      access: { roles: INTERNAL_ROLES },
      query: { type: 'object', additionalProperties: false, properties: { orgId: { type: 'string' }, role: { type: 'string' } } },
      responses: { 200: { description: 'People', schema: itemsOf(ref('User')) } },
      async handler(req) {
        const { orgId, role } = req.query as { orgId?: string; role?: string };
        const users = await prisma.user.findMany({ where: { kind: 'person', ...(orgId ? { orgId } : {}), ...(role ? { roles: { has: role } } : {}) }, orderBy: { email: 'asc' } });
        return { items: users.map(userDto) };
      },
    },
    {
      method: 'post', path: '/api/users', operationId: 'createUser', summary: 'Create a user with a password', tag: 'admin',
      access: { roles: ['admin'] }, notForApiKeys: true, status: 201,
      body: {
        type: 'object', required: ['email', 'name', 'orgId', 'roles', 'password'], additionalProperties: false,
        properties: {
          email, name: { type: 'string', minLength: 1, maxLength: 200 }, orgId: { type: 'string' }, roles: roleList,
          password: { type: 'string', minLength: MIN_PASSWORD_LENGTH, maxLength: 1024 },
          locale: { enum: ['zh-CN', 'en'] }, timezone: { type: 'string', maxLength: 64 },
        },
      },
      responses: { 201: { description: 'Created', schema: ref('User') }, 409: { description: 'E-mail taken' } },
      async handler(req) {
        const body = req.body as { email: string; name: string; orgId: string; roles: string[]; password: string; locale?: string; timezone?: string };
        checkTimeZone(body.timezone);
        await checkRolesFitOrg(deps, body.orgId, body.roles);
        const address = body.email.trim().toLowerCase();
        if (await prisma.user.findUnique({ where: { email: address } })) throw conflict('email-taken', `An account for ${address} exists already.`);
        const user = await prisma.user.create({
          data: { email: address, name: body.name, orgId: body.orgId, roles: body.roles, passwordHash: await hashPassword(body.password), locale: body.locale, timezone: body.timezone },
        });
        await audit(prisma, { type: 'user.created', actorId: userOf(req).id, actorLabel: userOf(req).email, data: { userId: user.id, email: address, roles: body.roles } });
        return userDto(user);
      },
    },
    {
      method: 'patch', path: '/api/users/:id', operationId: 'updateUser', summary: 'Change a person\'s roles or name, or disable the account (its sessions end at once)', tag: 'admin',
      access: { roles: ['admin'] }, notForApiKeys: true,
      body: {
        type: 'object', additionalProperties: false, minProperties: 1,
        properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, roles: roleList, disabled: { type: 'boolean' } },
      },
      responses: { 200: { description: 'The user', schema: ref('User') }, 404: { description: 'No such user' }, 409: { description: 'An admin cannot disable or demote themselves, nor the last active admin' } },
      async handler(req) {
        const actor = userOf(req);
        const id = String(req.params.id);
        const body = req.body as { name?: string; roles?: string[]; disabled?: boolean };
        const before = await prisma.user.findUnique({ where: { id } });
        // An API key's principal is changed through its key (revoke, create another), never as a person.
        if (!before || before.kind !== 'person') throw notFound(`User ${id}`);
        if (body.roles) await checkRolesFitOrg(deps, before.orgId, body.roles);
        if (id === actor.id && (body.disabled === true || (body.roles && !body.roles.includes('admin')))) {
          throw conflict('cannot-lock-out-self', 'An admin cannot disable their own account or remove their own admin role; ask another admin.');
        }
        const removesAdmin = isActiveAdmin(before) && (body.disabled === true || (body.roles !== undefined && !body.roles.includes('admin')));
        const user = await prisma.$transaction(async (tx) => {
          if (removesAdmin) {
            // One lock for every change that can remove an active admin: of two concurrent
            // demotions of the last two admins, the second sees the first and is refused.
            await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_LOCK_KEY})`;
            const others = await tx.user.count({ where: { id: { not: id }, kind: 'person', disabled: false, roles: { has: 'admin' } } });
            if (others === 0) throw conflict('last-admin', 'This is the last active admin: make someone else an admin first.');
          }
          return tx.user.update({
            where: { id },
            data: { ...(body.name !== undefined ? { name: body.name } : {}), ...(body.roles ? { roles: body.roles } : {}), ...(body.disabled !== undefined ? { disabled: body.disabled } : {}) },
          });
        });
        const revoked = body.disabled === true && !before.disabled ? await revokeUserSessions(prisma, id) : 0;
        forgetCachedUser(prisma, id);
        const changed = (['name', 'roles', 'disabled'] as const).filter((k) => body[k] !== undefined && JSON.stringify(body[k]) !== JSON.stringify(before[k]));
        await audit(prisma, {
          type: 'user.updated', actorId: actor.id, actorLabel: actor.email,
          data: { userId: id, email: before.email, changed, from: Object.fromEntries(changed.map((k) => [k, before[k]])), to: Object.fromEntries(changed.map((k) => [k, user[k]])), sessionsRevoked: revoked },
        });
        return userDto(user);
      },
    },
    {
      method: 'get', path: '/api/invitations', operationId: 'listInvitations', summary: 'Invitations not accepted yet (open ones; `?all=true` adds expired and revoked)', tag: 'admin',
      access: { roles: ['admin'] }, notForApiKeys: true,
      query: { type: 'object', additionalProperties: false, properties: { all: { type: 'boolean', default: false } } },
      responses: { 200: { description: '{ items: [{ id, email, orgId, roles, expiresAt, createdAt, createdBy, open }] }', schema: itemsOf(ref('Invitation')) } },
      async handler(req) {
        const { all } = req.query as unknown as { all: boolean };
        const now = new Date();
        const rows = await prisma.invitation.findMany({
          where: { acceptedAt: null, ...(all ? {} : { expiresAt: { gt: now } }) },
          orderBy: { createdAt: 'desc' }, take: 500, include: { createdBy: { select: { id: true, name: true } } },
        });
        return {
          items: rows.map((i) => ({
            id: i.id, email: i.email, orgId: i.orgId, roles: i.roles, expiresAt: i.expiresAt.toISOString(), createdAt: i.createdAt.toISOString(),
            createdBy: i.createdBy, open: i.expiresAt > now,
          })),
        };
      },
    },
    {
      method: 'delete', path: '/api/invitations/:id', operationId: 'revokeInvitation', summary: 'Revoke an invitation: its link stops working at once', tag: 'admin',
      access: { roles: ['admin'] }, notForApiKeys: true, status: 204,
      responses: { 204: { description: 'Revoked' }, 404: { description: 'No such open invitation' } },
      async handler(req) {
        const id = String(req.params.id);
        const now = new Date();
        const { count } = await prisma.invitation.updateMany({ where: { id, acceptedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } });
        if (count === 0) throw notFound(`Open invitation ${id}`);
        await audit(prisma, { type: 'user.invitation_revoked', actorId: userOf(req).id, actorLabel: userOf(req).email, data: { invitationId: id } });
        return undefined;
      },
    },
    {
      method: 'post', path: '/api/invitations', operationId: 'invite', summary: 'Invite a person; returns an expiring link to set a password', tag: 'admin',
      access: { roles: ['admin'] }, notForApiKeys: true, answerHoldsSecret: true, status: 201,
      body: { type: 'object', required: ['email', 'orgId', 'roles'], additionalProperties: false, properties: { email, orgId: { type: 'string' }, roles: roleList } },
      responses: { 201: { description: 'Invitation link', schema: ref('CreatedInvitation') } },
      async handler(req) {
        const body = req.body as { email: string; orgId: string; roles: string[] };
        await checkRolesFitOrg(deps, body.orgId, body.roles);
        const address = body.email.trim().toLowerCase();
        if (await prisma.user.findUnique({ where: { email: address } })) throw conflict('email-taken', `An account for ${address} exists already.`);
        const token = newToken();
        const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
        const invitation = await prisma.invitation.create({
          data: { tokenHash: tokenHash(token), email: address, orgId: body.orgId, roles: body.roles, expiresAt, createdById: userOf(req).id },
        });
        await audit(prisma, { type: 'user.invited', actorId: userOf(req).id, actorLabel: userOf(req).email, data: { invitationId: invitation.id, email: address, roles: body.roles } });
        return { id: invitation.id, email: address, expiresAt: expiresAt.toISOString(), link: `${deps.config.publicUrl}/invite/${token}`, token };
      },
    },
  ];
}
