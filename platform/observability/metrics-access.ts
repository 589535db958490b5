/**
 * Who may read `/metrics` (docs/OPERATIONS.md): a caller on loopback that did
 * not come through a proxy, or one presenting `Authorization: Bearer
 * $METRICS_TOKEN`. A request carrying any forwarding header (X-Forwarded-For,
 * Forwarded, X-Real-IP, X-Forwarded-Host, Via) came through a proxy — behind
 * a reverse proxy on the same host every socket is loopback, so the socket
 * address alone would open the metrics to the world. And when the deployment
 * says it runs behind a proxy (TRUST_PROXY set), loopback proves nothing: a
 * proxy that forwards no such header would still be loopback, so only the
 * token opens the metrics.
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

/** TRUST_PROXY's parsed value names a proxy (true, a hop count ≥ 1, or addresses). */
export function isBehindProxy(trustProxy: boolean | number | string[] | undefined): boolean {
  if (Array.isArray(trustProxy)) return trustProxy.length > 0;
  return typeof trustProxy === 'number' ? trustProxy > 0 : trustProxy === true;
}

const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-host', 'x-forwarded-proto', 'via'] as const;

/**
 * True when `caller` may read the metrics; `token` is METRICS_TOKEN (undefined or empty = loopback only);
 * `behindProxy`: the deployment declares a reverse proxy (TRUST_PROXY), so loopback alone is not enough.
 */
export function mayReadMetrics(caller: MetricsCaller, token: string | undefined, options: { behindProxy?: boolean } = {}): boolean {
  const bearer = /^Bearer\s+(\S+)$/i.exec(caller.headers.authorization ?? '')?.[1];
  if (token && bearer !== undefined) return sameSecret(bearer, token);
  if (options.behindProxy) return false;
  const proxied = FORWARDING_HEADERS.some((name) => caller.headers[name] !== undefined);
  return !proxied && isLoopbackAddress(caller.remoteAddress);
}

/** The 403 problem body for a caller that may not read the metrics. */
export const METRICS_FORBIDDEN = {
  type: 'urn:sop:problem:metrics-forbidden',
  title: 'Forbidden',
  status: 403,
  detail: 'Metrics are served to loopback callers that did not come through a proxy (none when TRUST_PROXY is set), or with Authorization: Bearer <METRICS_TOKEN>.',
};
