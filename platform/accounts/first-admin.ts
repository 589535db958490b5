/**
 * `sop-admin create-admin`: an invitation with the admin role for an internal
 * organisation (the oldest; one is created when there is none), carrying the
 * person's name. Its link sets the password once; only the token's hash is
 * stored, like any invitation (api/routes/org-user-routes.ts).
 */
import { newToken, tokenHash } from '../../api/auth/tokens';
import { appendAudit } from '../audit/audit-log';
import type { PrismaClient } from '../db/prisma-types';

export const FIRST_ADMIN_INVITATION_TTL_MS = 24 * 60 * 60_000;

export class AccountExistsError extends Error {
  override readonly name = 'AccountExistsError';
}

export async function createAdminInvitation(
  prisma: PrismaClient,
  input: { email: string; name: string; orgName?: string; publicUrl: string },
): Promise<{ link: string; expiresAt: Date; orgName: string }> {
  const email = input.email.trim().toLowerCase();
  if (await prisma.user.findUnique({ where: { email } })) {
    throw new AccountExistsError(`an account for ${email} exists already; an admin can issue a password reset link for it (Settings → People)`);
  }
  const token = newToken();
  const expiresAt = new Date(Date.now() + FIRST_ADMIN_INVITATION_TTL_MS);
  const org = await prisma.$transaction(async (tx) => {
    const existing = await tx.org.findFirst({ where: { kind: 'internal', ...(input.orgName ? { name: input.orgName } : {}) }, orderBy: { createdAt: 'asc' } });
    const found = existing ?? (await tx.org.create({ data: { name: input.orgName ?? 'Internal', kind: 'internal' } }));
    const invitation = await tx.invitation.create({ data: { tokenHash: tokenHash(token), email, name: input.name.trim(), orgId: found.id, roles: ['admin'], expiresAt } });
    await appendAudit(tx, { type: 'user.invited', actorLabel: 'sop-admin create-admin', data: { invitationId: invitation.id, email, roles: ['admin'] } });
    return found;
  });
  return { link: `${input.publicUrl}/invite/${token}`, expiresAt, orgName: org.name };
}
