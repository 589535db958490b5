/**
 * Browser-facing headers on every response (helmet, pinned): a strict
 * Content-Security-Policy — scripts only from this origin's files (the built
 * UI is external module scripts, no inline script, no eval), no plugins, no
 * framing (`frame-ancestors 'none'`, X-Frame-Options DENY) — `nosniff`,
 * `Referrer-Policy: no-referrer`, and HSTS only on requests that arrived over
 * https (directly or through a trusted proxy's X-Forwarded-Proto), so a plain
 * http intranet install is not locked out of itself.
 */
import helmet from 'helmet';
import type { RequestHandler } from 'express';

/** The Content-Security-Policy directives of every response (file downloads tighten their own). */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  // React Flow and the charts position elements with style attributes.
  'style-src': ["'self'", "'unsafe-inline'"],
  // Previews are fetched with the token and shown as blob: URLs of passive images (api/files/file-preview.ts).
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** HSTS value sent on https requests. */
export const HSTS_VALUE = 'max-age=31536000; includeSubDomains';

export function securityHeaders(): RequestHandler[] {
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: Object.fromEntries(Object.entries(CSP_DIRECTIVES).map(([k, v]) => [k, [...v]])),
    },
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  const hstsOnHttps: RequestHandler = (req, res, next) => {
    if (req.secure) res.setHeader('Strict-Transport-Security', HSTS_VALUE);
    next();
  };
  return [headers, hstsOnHttps];
}
