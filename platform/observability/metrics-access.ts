/**
 * Who may read `/metrics` (docs/OPERATIONS.md): a caller on loopback that did
 * not come through a proxy, or one presenting `Authorization: Bearer
 * $METRICS_TOKEN`. A request carrying X-Forwarded-For or Forwarded came
 * through a proxy — behind a reverse proxy on the same host every socket is
 * loopback, so the socket address alone would open the metrics to the world.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface MetricsCaller {
  /** The socket's remote address (never X-Forwarded-For). */
  remoteAddress: string | undefined;
  headers: IncomingHttpHeaders;
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  return plain === '::1' || /^127(\.\d{1,3}){3}$/.test(plain);
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** True when `caller` may read the metrics; `token` is METRICS_TOKEN (undefined or empty = loopback only). */
export function mayReadMetrics(caller: MetricsCaller, token: string | undefined): boolean {
  const bearer = /^Bearer\s+(\S+)$/i.exec(caller.headers.authorization ?? '')?.[1];
  if (token && bearer !== undefined) return sameSecret(bearer, token);
  const proxied = caller.headers['x-forwarded-for'] !== undefined || caller.headers.forwarded !== undefined;
  return !proxied && isLoopbackAddress(caller.remoteAddress);
}

/** The 403 problem body for a caller that may not read the metrics. */
export const METRICS_FORBIDDEN = {
  type: 'urn:sop:problem:metrics-forbidden',
  title: 'Forbidden',
  status: 403,
  detail: 'Metrics are served to loopback callers, or with Authorization: Bearer <METRICS_TOKEN>.',
};
