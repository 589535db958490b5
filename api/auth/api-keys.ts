/**
 * API keys for ERP/CRM clients: `sopk_<key id>_<secret>`, sent as
 * `Authorization: Bearer sopk_…` or `X-Api-Key: sopk_…`.
 *
 * A key acts as its principal: a `User` row of kind `apiKey` that holds the
 * key's roles and organisation. Every role gate and every job scope applies to
 * it unchanged, and what it writes (jobs, comments, idempotency records) has an
 * author. The principal never logs in (no password; login refuses the kind),
 * is not listed among people and receives no notices.
 *
 * Storage: only SHA-256 over (version tag, key id, secret) is kept. The secret
 * is 32 random bytes (256 bits), so nobody can guess it or search a leaked hash
 * for it: a slow password hash (argon2) would add nothing but ~60 ms of CPU to
 * every API request, a lever for denial of service. Binding the id into the
 * hash means a row's hash cannot be copied onto another key. The key id in the
 * token makes the lookup one primary-key read; the hashes are then compared in
 * constant time (timingSafeEqual), and an unknown id is compared against a dummy
 * hash so both paths do the same work.
 *
 * Revocation: through this process at once (the cache entry is evicted before
 * and after the update); through another API process within the session
 * cache's TTL (session-cache.ts, 2 s by default).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '../../platform/db/prisma-types';
import type { Role } from '../http/route';
import type { AuthUser } from './auth-user';
import { sessionCacheFor } from './session-cache';
import { tokenHash } from './tokens';

export const API_KEY_PREFIX = 'sopk_';
/** `sopk_` + 24 hex digits of id + `_` + 43 base64url characters of secret. */
const KEY_PATTERN = /^sopk_([0-9a-f]{24})_([A-Za-z0-9_-]{43})$/;
/** lastUsedAt is written at most this often per key (a busy client must not turn every read into a write). */
export const LAST_USED_RESOLUTION_MS = 60_000;
/** The domain of the principal rows' e-mail addresses (RFC 2606: never deliverable). */
export const API_KEY_EMAIL_DOMAIN = 'api-keys.invalid';

export const principalEmail = (keyId: string) => `key-${keyId}@${API_KEY_EMAIL_DOMAIN}`;
/** The cache's "session" id of a key: revocation evicts by it. */
const cacheId = (keyId: string) => `apikey:${keyId}`;

export function secretHash(keyId: string, secret: string): string {
  return createHash('sha256').update(`sopk-v1\0${keyId}\0${secret}`).digest('hex');
}

const DUMMY_HASH = secretHash('0'.repeat(24), 'x'.repeat(43));

/** A new key: its id and the full token (shown once; only `hash` is stored). */
export function newApiKey(): { id: string; token: string; hash: string } {
  const id = randomBytes(12).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `${API_KEY_PREFIX}${id}_${secret}`, hash: secretHash(id, secret) };
}

export const looksLikeApiKey = (token: string) => token.startsWith(API_KEY_PREFIX);

function sameHash(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a, 'hex'), Buffer.from(b, 'hex')];
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The principal of a live (known, unexpired, unrevoked) key with this exact secret, or undefined. */
export async function principalForApiKey(prisma: PrismaClient, token: string): Promise<{ user: AuthUser; sessionId: string } | undefined> {
  const match = KEY_PATTERN.exec(token);
  if (!match) return undefined;
  const [, keyId, secret] = match as unknown as [string, string, string];
  // Cached by the hash of the whole token: a wrong secret never finds a cached entry.
  const cacheKey = tokenHash(token);
  return sessionCacheFor(prisma).lookup(cacheKey, async () => {
    const key = await prisma.apiKey.findUnique({ where: { id: keyId }, include: { principal: { include: { org: true } } } });
    const matches = sameHash(key?.secretHash ?? DUMMY_HASH, secretHash(keyId, secret));
    if (!key || !matches) return undefined;
    const now = Date.now();
    if (key.revokedAt || (key.expiresAt && key.expiresAt.getTime() <= now) || key.principal.disabled || key.principal.kind !== 'apiKey') return undefined;
    if (!key.lastUsedAt || key.lastUsedAt.getTime() <= now - LAST_USED_RESOLUTION_MS) {
      // Conditional: of concurrent first uses in a minute (any process), one writes.
      await prisma.apiKey.updateMany({
        where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now - LAST_USED_RESOLUTION_MS) } }] },
        data: { lastUsedAt: new Date(now) },
      });
    }
    const p = key.principal;
    const value = {
      sessionId: cacheId(key.id),
      user: {
        id: p.id, email: p.email, name: p.name, roles: p.roles as Role[], orgId: p.orgId, orgKind: p.org.kind, orgName: p.org.name,
        locale: p.locale, timezone: p.timezone, apiKeyId: key.id,
      },
    };
    return { value, expiresAt: key.expiresAt ?? new Date(now + 24 * 60 * 60_000) };
  });
}

/** Revokes the key: requests through this process are refused at once, through others within the cache TTL. Returns false when there is no live key with this id. */
export async function revokeApiKey(prisma: PrismaClient, keyId: string): Promise<boolean> {
  if (!/^[0-9a-f]{24}$/.test(keyId)) return false; // not an id this API makes (and never a NUL byte for PostgreSQL)
  const cache = sessionCacheFor(prisma);
  cache.evictSession(cacheId(keyId));
  const count = await prisma.$transaction(async (tx) => {
    const revoked = await tx.apiKey.updateMany({ where: { id: keyId, revokedAt: null }, data: { revokedAt: new Date() } });
    // The principal is disabled too: nothing can act as it, nor bind it to a step, even if a check above is forgotten.
    if (revoked.count > 0) await tx.user.updateMany({ where: { apiKey: { id: keyId }, kind: 'apiKey' }, data: { disabled: true } });
    return revoked.count;
  });
  cache.evictSession(cacheId(keyId)); // again: a request may have cached it while the update ran
  return count > 0;
}
