/**
 * `Idempotency-Key` on POSTs: the first request's answer is stored and a
 * retry with the same key (same user, same request) gets it again instead of
 * doing the work twice. A retry while the first is still running gets 409; the
 * same key on a different request gets 422. 5xx answers are not remembered.
 */
import { createHash } from 'node:crypto';
import type { AppDeps } from '../deps';
import { problemBody } from './error-middleware';
import { HttpProblem, conflict, unprocessable, badRequest } from './problem';
import type { ApiRequest } from './route';
import { canonicalJson } from '../../platform/audit/canonical-json';
import type { Prisma } from '../../platform/db/prisma-types';

const IN_PROGRESS = 0;

export interface RouteResult {
  status: number;
  body: unknown;
  replayed?: boolean;
}

function requestHash(req: ApiRequest): string {
  const content = req.is('multipart/form-data') ? `multipart:${req.headers['content-length'] ?? '?'}` : canonicalJson(req.body ?? null);
  return createHash('sha256').update(`${req.method} ${req.baseUrl}${req.path}\n${content}`).digest('hex');
}

export async function withIdempotency(deps: AppDeps, req: ApiRequest, execute: () => Promise<RouteResult>): Promise<RouteResult> {
  const key = req.get('Idempotency-Key');
  if (key === undefined) return execute();
  if (key.length < 1 || key.length > 200) throw badRequest('Idempotency-Key must be 1 to 200 characters.');
  const prisma = deps.db.prisma;
  const userId = req.user!.id;
  const hash = requestHash(req);
  const where = { userId_key: { userId, key } };
  try {
    await prisma.idempotencyRecord.create({
      data: { userId, key, method: req.method, path: `${req.baseUrl}${req.path}`, requestHash: hash, status: IN_PROGRESS, responseBody: {} },
    });
  } catch (error) {
    if ((error as { code?: string }).code !== 'P2002') throw error;
    const previous = await prisma.idempotencyRecord.findUnique({ where });
    if (!previous) throw conflict('idempotency-retry', 'Retry the request.');
    if (previous.requestHash !== hash) {
      throw unprocessable('idempotency-key-reused', 'This Idempotency-Key was already used for a different request.');
    }
    if (previous.status === IN_PROGRESS) throw conflict('idempotency-in-progress', 'A request with this Idempotency-Key is still being processed.');
    return { status: previous.status, body: previous.responseBody, replayed: true };
  }
  try {
    const result = await execute();
    await prisma.idempotencyRecord.update({ where, data: { status: result.status, responseBody: (result.body ?? null) as Prisma.InputJsonValue } });
    return result;
  } catch (error) {
    if (error instanceof HttpProblem && error.status < 500) {
      await prisma.idempotencyRecord.update({ where, data: { status: error.status, responseBody: problemBody(error) as Prisma.InputJsonValue } });
    } else {
      await prisma.idempotencyRecord.delete({ where }).catch(() => undefined);
    }
    throw error;
  }
}
