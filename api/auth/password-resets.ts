/**
 * Password reset links: a 256-bit token, only its SHA-256 stored, single use,
 * expiring (1 h when e-mailed, 24 h when an admin hands it over). Using one
 * sets the password, ends every session of the account and voids the
 * account's other open links, all in one transaction.
 */
import type { PrismaClient } from '../../platform/db/prisma-types';
import { newToken, tokenHash } from './tokens';

export const EMAILED_RESET_TTL_MS = 60 * 60_000;
export const ISSUED_RESET_TTL_MS = 24 * 60 * 60_000;

export function resetLink(publicUrl: string, token: string): string {
  return `${publicUrl}/reset-password/${token}`;
}

/** Creates a reset link for a user; returns the token (shown once) and its expiry. */
export async function createPasswordReset(prisma: PrismaClient, userId: string, ttlMs: number, issuedById?: string): Promise<{ id: string; token: string; expiresAt: Date }> {
  const token = newToken();
  const createdAt = new Date();
  const expiresAt = new Date(createdAt.getTime() + ttlMs);
  const row = await prisma.passwordReset.create({ data: { tokenHash: tokenHash(token), userId, issuedById, createdAt, expiresAt } });
  return { id: row.id, token, expiresAt };
}

/**
 * Uses a reset token: undefined when it is unknown, used, expired or its account is
 * disabled; otherwise the user whose password is now `passwordHash`. Concurrent uses of
 * one token: the first claims the row, the others find it used.
 */
export async function usePasswordReset(prisma: PrismaClient, token: string, passwordHash: string): Promise<{ id: string; email: string; resetId: string } | undefined> {
  return prisma.$transaction(async (tx) => {
    const now = new Date();
    const reset = await tx.passwordReset.findUnique({ where: { tokenHash: tokenHash(token) }, include: { user: true } });
    if (!reset || reset.user.disabled) return undefined;
    const claimed = await tx.passwordReset.updateMany({ where: { id: reset.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (claimed.count === 0) return undefined;
    await tx.passwordReset.updateMany({ where: { userId: reset.userId, usedAt: null }, data: { usedAt: now } });
    await tx.user.update({ where: { id: reset.userId }, data: { passwordHash } });
    await tx.session.updateMany({ where: { userId: reset.userId, revokedAt: null }, data: { revokedAt: now } });
    return { id: reset.userId, email: reset.user.email, resetId: reset.id };
  });
}
