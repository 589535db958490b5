/**
 * API keys for ERP/CRM clients (api/auth/api-keys.ts): admins list, create
 * (the secret is in the answer once) and revoke them. Keys themselves cannot
 * call these routes (`notForApiKeys`).
 */
import { decodeInstantCursor, encodeInstantCursor } from '../http/cursor';
import type { AppDeps } from '../deps';
import { newApiKey, principalEmail, revokeApiKey } from '../auth/api-keys';
import { audit } from '../../platform/audit/audit-log';
import { notFound, unprocessable } from '../http/problem';
import { userOf, type RouteDef } from '../http/route';
import { idParam, paging, roleList } from './schemas';

/** A key needs a name a person recognises, e.g. "ERP production". */
const keyName = { type: 'string', minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001f]*$' };

const dateTime = { type: 'string', format: 'date-time' };
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };

/** A key as listed: never its secret or hash. */
const apiKeySchema = {
  type: 'object', additionalProperties: false,
  required: ['id', 'name', 'prefix', 'roles', 'org', 'expiresAt', 'revokedAt', 'lastUsedAt', 'createdAt', 'createdBy', 'status'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    /** What the token starts with, to tell keys apart in a client's configuration. */
    prefix: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    org: { type: 'object', additionalProperties: false, required: ['id', 'name', 'kind'], properties: { id: { type: 'string' }, name: { type: 'string' }, kind: { enum: ['internal', 'vendor'] } } },
    expiresAt: nullableDateTime,
    revokedAt: nullableDateTime,
    lastUsedAt: nullableDateTime,
    createdAt: dateTime,
    createdBy: { oneOf: [{ type: 'null' }, { type: 'object', additionalProperties: false, required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } }] },
    status: { enum: ['active', 'expired', 'revoked'] },
  },
};

const KEY_INCLUDE = { principal: { include: { org: true } }, createdBy: { select: { id: true, name: true } } } as const;

interface KeyRow {
  id: string;
  name: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
  principal: { roles: string[]; org: { id: string; name: string; kind: 'internal' | 'vendor' } };
  createdBy: { id: string; name: string } | null;
}

function keyDto(k: KeyRow, now = Date.now()) {
  const status = k.revokedAt ? 'revoked' : k.expiresAt && k.expiresAt.getTime() <= now ? 'expired' : 'active';
  return {
    id: k.id, name: k.name, prefix: `sopk_${k.id}_`, roles: k.principal.roles,
    org: { id: k.principal.org.id, name: k.principal.org.name, kind: k.principal.org.kind },
    expiresAt: k.expiresAt?.toISOString() ?? null, revokedAt: k.revokedAt?.toISOString() ?? null, lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    createdAt: k.createdAt.toISOString(), createdBy: k.createdBy, status,
  };
}

export function apiKeyRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  return [
    {
      method: 'get', path: '/api/api-keys', operationId: 'listApiKeys', summary: 'API keys, newest first (never their secrets); `?all=true` adds revoked and expired ones', tag: 'admin',
      access: { roles: ['admin'] }, notForApiKeys: true,
      query: { type: 'object', additionalProperties: false, properties: { all: { type: 'boolean', default: false }, ...paging } },
      responses: {
        200: {
          description: 'A page of keys',
          schema: { type: 'object', additionalProperties: false, required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: apiKeySchema }, nextCursor: { type: ['string', 'null'] } } },
        },
        422: { description: 'The cursor is not one this API returned' },
      },
      async handler(req) {
        const q = req.query as unknown as { all: boolean; cursor?: string; limit: number };
        const now = new Date();
        let after: { createdAt: Date; id: string } | undefined;
        if (q.cursor) {
          const { at, id } = decodeInstantCursor(q.cursor);
          after = { createdAt: at, id };
        }
        const rows = await prisma.apiKey.findMany({
          where: {
            ...(q.all ? {} : { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }),
            ...(after ? { AND: [{ OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }] } : {}),
          },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: q.limit + 1, include: KEY_INCLUDE,
        });
        const page = rows.slice(0, q.limit);
        const last = page.at(-1);
        const nextCursor = rows.length > q.limit && last ? encodeInstantCursor(last.createdAt, last.id) : null;
        return { items: page.map((k) => keyDto(k, now.getTime())), nextCursor };
      },
    },
    {
      method: 'post', path: '/api/api-keys', operationId: 'createApiKey', tag: 'admin',
      summary: 'Create an API key acting with the given roles in one organisation (a vendor for the vendor role, else an internal one; default: yours); the secret is in this answer only',
      access: { roles: ['admin'] }, notForApiKeys: true, answerHoldsSecret: true, status: 201,
      body: {
        type: 'object', required: ['name', 'roles'], additionalProperties: false,
        properties: { name: keyName, roles: roleList, orgId: { ...idParam, pattern: '^[^\\u0000]*$' }, expiresAt: dateTime },
      },
      responses: {
        201: {
          description: 'The key, with `token` (the full secret, shown this once)',
          schema: { ...apiKeySchema, required: [...apiKeySchema.required, 'token'], properties: { ...apiKeySchema.properties, token: { type: 'string', pattern: '^sopk_[0-9a-f]{24}_[A-Za-z0-9_-]{43}$' } } },
        },
        422: { description: 'Unknown organisation, roles that do not fit it, or an expiry in the past' },
      },
      async handler(req) {
        const actor = userOf(req);
        const body = req.body as { name: string; roles: string[]; orgId?: string; expiresAt?: string };
        const name = body.name.trim();
        if (!name) throw unprocessable('api-key-name-required', 'Give the key a name (e.g. "ERP production").', [{ path: 'body/name', message: 'blank' }]);
        const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
        // A format-valid time JavaScript cannot hold (a leap second, 23:59:60) is refused like one in the past.
        if (expiresAt && (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now())) {
          throw unprocessable('api-key-expiry-past', 'The expiry must be a time in the future.', [{ path: 'body/expiresAt', message: 'in the past' }]);
        }
        const orgId = body.orgId ?? actor.orgId;
        const org = await prisma.org.findUnique({ where: { id: orgId } });
        if (!org) throw unprocessable('org-unknown', `Organisation ${orgId} does not exist.`, [{ path: 'body/orgId', message: 'unknown organisation' }]);
        // The rule for people holds for keys: the vendor role only in a vendor organisation (its jobs are its scope), internal roles only in an internal one.
        const bad = body.roles.filter((r) => (org.kind === 'vendor' ? r !== 'vendor' : r === 'vendor'));
        if (bad.length > 0) {
          throw unprocessable('roles-do-not-fit-org', `A key of a ${org.kind} organisation cannot hold: ${bad.join(', ')}.`, [{ path: 'body/roles', message: 'not allowed for this organisation' }]);
        }
        const key = newApiKey();
        const created = await prisma.$transaction(async (tx) => {
          const principal = await tx.user.create({
            data: { kind: 'apiKey', email: principalEmail(key.id), name: `API key: ${name}`, passwordHash: '!api-key', roles: body.roles, orgId: org.id, notificationChannels: [] },
          });
          return tx.apiKey.create({ data: { id: key.id, name, secretHash: key.hash, principalId: principal.id, expiresAt, createdById: actor.id }, include: KEY_INCLUDE });
        });
        await audit(prisma, {
          type: 'api_key.created', actorId: actor.id, actorLabel: actor.email,
          data: { apiKeyId: created.id, name, roles: body.roles, orgId: org.id, principalId: created.principalId, expiresAt: expiresAt?.toISOString() ?? null },
        });
        return { ...keyDto(created), token: key.token };
      },
    },
    {
      method: 'delete', path: '/api/api-keys/:id', operationId: 'revokeApiKey', summary: 'Revoke an API key: it stops working at once on this server, within 2 s on every other', tag: 'admin',
      access: { roles: ['admin'] }, notForApiKeys: true, status: 204,
      responses: { 204: { description: 'Revoked' }, 404: { description: 'No such key, or revoked already' } },
      async handler(req) {
        const actor = userOf(req);
        const id = String(req.params.id);
        if (!(await revokeApiKey(prisma, id))) throw notFound(`Active API key ${id}`);
        await audit(prisma, { type: 'api_key.revoked', actorId: actor.id, actorLabel: actor.email, data: { apiKeyId: id } });
        return undefined;
      },
    },
  ];
}
