/**
 * One-use tickets that open the live event stream. A browser's EventSource
 * cannot send an Authorization header, and the session's bearer token must
 * never appear in a URL (proxy logs, history): the UI asks for a ticket with
 * its token (`POST /api/events/ticket`) and opens `GET /api/events?ticket=…`
 * within 60 s. A ticket is 256 random bits, stored only as its sha256 in
 * PostgreSQL (so any API process may redeem it), bound to the session that
 * asked for it, and deleted by the redemption that uses it.
 */
import type { PrismaClient } from '../../platform/db/prisma-types';
import type { AuthUser } from '../auth/auth-user';
import { userForSession } from '../auth/sessions';
import { newToken, tokenHash } from '../auth/tokens';

export const STREAM_TICKET_TTL_MS = 60_000;
/** base64url of 32 bytes. */
export const STREAM_TICKET_PATTERN = '^[A-Za-z0-9_-]{43}$';

/** A new ticket for `sessionId`; expired tickets of everyone are swept on the way. */
export async function issueStreamTicket(prisma: PrismaClient, sessionId: string): Promise<{ ticket: string; expiresAt: Date }> {
  const ticket = newToken();
  const expiresAt = new Date(Date.now() + STREAM_TICKET_TTL_MS);
  await prisma.$transaction([
    prisma.streamTicket.deleteMany({ where: { expiresAt: { lte: new Date() } } }),
    prisma.streamTicket.create({ data: { tokenHash: tokenHash(ticket), sessionId, expiresAt } }),
  ]);
  return { ticket, expiresAt };
}

/** Uses up `ticket`: the user of its session if the ticket existed, had not expired and the session still holds. */
export async function redeemStreamTicket(prisma: PrismaClient, ticket: string): Promise<{ user: AuthUser; sessionId: string } | undefined> {
  // DELETE … RETURNING: of two concurrent redemptions exactly one gets the row.
  const [row] = await prisma.$queryRawUnsafe<Array<{ sessionId: string; expiresAt: Date }>>(
    `DELETE FROM "StreamTicket" WHERE "tokenHash" = $1 RETURNING "sessionId", "expiresAt"`,
    tokenHash(ticket),
  );
  if (!row || new Date(row.expiresAt).getTime() <= Date.now()) return undefined;
  return userForSession(prisma, row.sessionId);
}
