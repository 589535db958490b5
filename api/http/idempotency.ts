/**
 * `Idempotency-Key` on POSTs: the first request's answer is stored and a
 * retry with the same key (same user, same request) gets it again instead of
 * doing the work twice. The same key on a different request gets 422. 5xx
 * answers are not remembered, nor are the 4xx that say "not now" (408, 425,
 * 429: a stalled upload, too early, too many uploads in flight): the request
 * did no work, and its retry with the same key must run, not replay the refusal.
 *
 * While the first request runs, its record holds a lease (`lockedUntil`) that
 * the running request renews; a retry then gets 409 with Retry-After. When the
 * process serving the first request dies, nobody renews the lease: a retry
 * after it ran out takes the key over and runs the request again (the routes
 * that take keys finish or join what the dead request began: a job start
 * resumes its own half-started job, submissions and reviews are Temporal
 * Updates whose id is the key). So a key is never refused forever. Records
 * older than {@link RECORD_TTL_MS} are forgotten (the key may be reused).
 */
import { createHash } from 'node:crypto';
import type { AppDeps } from '../deps';
import { problemBody } from './error-middleware';
import { HttpProblem, unprocessable, badRequest } from './problem';
import type { ApiRequest } from './route';
import { canonicalJson } from '../../platform/audit/canonical-json';
import type { Prisma } from '../../platform/db/prisma-types';

const IN_PROGRESS = 0;
/** How long a running request's claim lasts without renewal. */
export const LEASE_MS = 15_000;
/** How often a running request renews its claim. */
const RENEW_MS = 5_000;
/** Refusals that say "try again later": forgotten like a 5xx, so the retry with the same key runs. */
const NOT_NOW = new Set([408, 425, 429]);

/** How long an answer is kept for retries (24 h, as payment APIs keep theirs). */
export const RECORD_TTL_MS = 24 * 3_600_000;

export interface RouteResult {
  status: number;
  body: unknown;
  replayed?: boolean;
}

function requestHash(req: ApiRequest): string {
  const content = req.is('multipart/form-data') ? `multipart:${req.headers['content-length'] ?? '?'}` : canonicalJson(req.body ?? null);
  return createHash('sha256').update(`${req.method} ${req.baseUrl}${req.path}\n${content}`).digest('hex');
}

/** 409 while another request with the key runs; says when to retry. */
function inProgress(lockedUntil: Date | null): HttpProblem {
  const seconds = Math.max(1, Math.ceil(((lockedUntil?.getTime() ?? Date.now()) - Date.now()) / 1000));
  return new HttpProblem(409, 'idempotency-in-progress', 'Conflict', `A request with this Idempotency-Key is still being processed: retry in ${seconds} s.`, undefined, {
    'Retry-After': String(seconds),
  });
}

export async function withIdempotency(deps: AppDeps, req: ApiRequest, execute: () => Promise<RouteResult>): Promise<RouteResult> {
  const header = req.get('Idempotency-Key');
  if (header === undefined) return execute();
  if (header.length < 1 || header.length > 200) throw badRequest('Idempotency-Key must be 1 to 200 characters.');
  const key: string = header;
  const prisma = deps.db.prisma;
  const userId = req.user!.id;
  const hash = requestHash(req);
  const where = { userId_key: { userId, key } };
  const lease = () => new Date(Date.now() + LEASE_MS);
  const claimed = await claim();
  if (claimed) return claimed;
  req.idempotencyKey = `${userId}:${key}`;
  const renewal = setInterval(() => {
    prisma.idempotencyRecord.updateMany({ where: { userId, key, status: IN_PROGRESS }, data: { lockedUntil: lease() } }).catch(() => undefined);
  }, RENEW_MS);
  try {
    const result = await execute();
    await prisma.idempotencyRecord.update({ where, data: { status: result.status, responseBody: (result.body ?? null) as Prisma.InputJsonValue, lockedUntil: null } });
    return result;
  } catch (error) {
    if (error instanceof HttpProblem && error.status < 500 && !NOT_NOW.has(error.status)) {
      await prisma.idempotencyRecord.update({ where, data: { status: error.status, responseBody: problemBody(error) as Prisma.InputJsonValue, lockedUntil: null } });
    } else {
      await prisma.idempotencyRecord.delete({ where }).catch(() => undefined);
    }
    throw error;
  } finally {
    clearInterval(renewal);
  }

  /** Claims the key for this request (undefined), or answers from the record of an earlier one. */
  async function claim(): Promise<RouteResult | undefined> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        await prisma.idempotencyRecord.create({
          data: { userId, key, method: req.method, path: `${req.baseUrl}${req.path}`, requestHash: hash, status: IN_PROGRESS, responseBody: {}, lockedUntil: lease() },
        });
        return undefined;
      } catch (error) {
        if ((error as { code?: string }).code !== 'P2002') throw error;
      }
      const previous = await prisma.idempotencyRecord.findUnique({ where });
      if (!previous) continue; // removed meanwhile (a 5xx, or expired): claim again
      if (Date.now() - previous.createdAt.getTime() > RECORD_TTL_MS) {
        await prisma.idempotencyRecord.deleteMany({ where: { userId, key, createdAt: previous.createdAt } });
        continue;
      }
      if (previous.requestHash !== hash) {
        throw unprocessable('idempotency-key-reused', 'This Idempotency-Key was already used for a different request.');
      }
      if (previous.status !== IN_PROGRESS) return { status: previous.status, body: previous.responseBody, replayed: true };
      // Still running — unless its process died and the lease ran out: then this request takes over.
      const takeover = await prisma.idempotencyRecord.updateMany({
        where: { userId, key, status: IN_PROGRESS, OR: [{ lockedUntil: null }, { lockedUntil: { lt: new Date() } }] },
        data: { lockedUntil: lease() },
      });
      if (takeover.count === 1) return undefined;
      throw inProgress(previous.lockedUntil);
    }
    throw inProgress(null);
  }
}
