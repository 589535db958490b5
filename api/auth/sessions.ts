import type { PrismaClient } from '../../platform/db/prisma-types';
import type { Role } from '../http/route';
import type { AuthUser } from './auth-user';
import { sessionCacheFor } from './session-cache';
import { newToken, tokenHash } from './tokens';

export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60_000;

/** Opens a session and returns the bearer token (shown once, stored only as a hash). */
export async function openSession(prisma: PrismaClient, userId: string, ttlMs = DEFAULT_SESSION_TTL_MS): Promise<{ token: string; expiresAt: Date; id: string }> {
  const token = newToken();
  const expiresAt = new Date(Date.now() + ttlMs);
  const session = await prisma.session.create({ data: { tokenHash: tokenHash(token), userId, expiresAt } });
  return { token, expiresAt, id: session.id };
}

/** The user of a live (unexpired, unrevoked) session, or undefined. */
export async function userForToken(prisma: PrismaClient, token: string): Promise<{ user: AuthUser; sessionId: string } | undefined> {
  const hash = tokenHash(token);
  return sessionCacheFor(prisma).lookup(hash, async () => {
    const session = await prisma.session.findUnique({
      where: { tokenHash: hash },
      include: { user: { include: { org: true } } },
    });
    if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now() || session.user.disabled || session.user.kind !== 'person') return undefined;
    const u = session.user;
    const value = {
      sessionId: session.id,
      user: {
        id: u.id,
        email: u.email,
        name: u.name,
        roles: u.roles as Role[],
        orgId: u.orgId,
        orgKind: u.org.kind,
        orgName: u.org.name,
        locale: u.locale,
        timezone: u.timezone,
      },
    };
    return { value, expiresAt: session.expiresAt };
  });
}

export async function revokeSession(prisma: PrismaClient, sessionId: string): Promise<void> {
  sessionCacheFor(prisma).evictSession(sessionId);
  await prisma.session.update({ where: { id: sessionId }, data: { revokedAt: new Date() } });
  sessionCacheFor(prisma).evictSession(sessionId); // again: a request may have cached it while the update ran
}

/**
 * Ends every open session of a user (account disabled, password changed or reset) and
 * forgets them here at once; `exceptSessionId` keeps the one the change was made from.
 */
export async function revokeUserSessions(prisma: PrismaClient, userId: string, exceptSessionId?: string): Promise<number> {
  sessionCacheFor(prisma).evictUser(userId);
  const { count } = await prisma.session.updateMany({
    where: { userId, revokedAt: null, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
    data: { revokedAt: new Date() },
  });
  sessionCacheFor(prisma).evictUser(userId);
  return count;
}

/** The user's roles, name or preferences changed: requests through this process read them again at once. */
export function forgetCachedUser(prisma: PrismaClient, userId: string): void {
  sessionCacheFor(prisma).evictUser(userId);
}

/**
 * The user of live session `sessionId`, read from the database (not the cache):
 * for long-lived connections (the live event stream) that check every so often
 * whether their session still holds, and with which roles and organisation.
 */
export async function userForSession(prisma: PrismaClient, sessionId: string): Promise<{ user: AuthUser; sessionId: string } | undefined> {
  const session = await prisma.session.findUnique({ where: { id: sessionId }, include: { user: { include: { org: true } } } });
  if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now() || session.user.disabled || session.user.kind !== 'person') return undefined;
  const u = session.user;
  return {
    sessionId: session.id,
    user: { id: u.id, email: u.email, name: u.name, roles: u.roles as Role[], orgId: u.orgId, orgKind: u.org.kind, orgName: u.org.name, locale: u.locale, timezone: u.timezone },
  };
}
