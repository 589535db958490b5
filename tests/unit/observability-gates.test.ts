/**
 * The pure parts of observability: who may read /metrics, which incoming
 * request ids are kept, what the logger redacts, and the settings' checks.
 */
import { Writable } from 'node:stream';
import { loadConfig } from '../../platform/config';
import { createLogger, loggablePath, logSettingsFrom } from '../../platform/observability/logger';
import { isBehindProxy, isLoopbackAddress, mayReadMetrics } from '../../platform/observability/metrics-access';
import { requestIdFrom, runWithRequestId } from '../../platform/observability/request-context';

const TOKEN = 'a-metrics-token-of-32-characters!';

test('loopback callers may read /metrics; a remote address may not without the token, and may with it', () => {
  expect(mayReadMetrics({ remoteAddress: '127.0.0.1', headers: {} }, undefined)).toBe(true);
  expect(mayReadMetrics({ remoteAddress: '::ffff:127.0.0.1', headers: {} }, undefined)).toBe(true);
  expect(mayReadMetrics({ remoteAddress: '::1', headers: {} }, undefined)).toBe(true);
  expect(mayReadMetrics({ remoteAddress: '203.0.113.9', headers: {} }, undefined)).toBe(false);
  expect(mayReadMetrics({ remoteAddress: '203.0.113.9', headers: {} }, TOKEN)).toBe(false);
  expect(mayReadMetrics({ remoteAddress: '203.0.113.9', headers: { authorization: `Bearer ${TOKEN}` } }, TOKEN)).toBe(true);
  expect(mayReadMetrics({ remoteAddress: '203.0.113.9', headers: { authorization: `Bearer ${TOKEN}x` } }, TOKEN)).toBe(false);
  expect(mayReadMetrics({ remoteAddress: '203.0.113.9', headers: { authorization: `Bearer ${TOKEN}` } }, undefined)).toBe(false);
});

test('a loopback socket that came through a proxy (X-Forwarded-For or Forwarded) counts as remote', () => {
  expect(mayReadMetrics({ remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '198.51.100.4' } }, undefined)).toBe(false);
  expect(mayReadMetrics({ remoteAddress: '127.0.0.1', headers: { forwarded: 'for=198.51.100.4' } }, undefined)).toBe(false);
  expect([isLoopbackAddress('127.8.9.10'), isLoopbackAddress('128.0.0.1'), isLoopbackAddress(undefined)]).toEqual([true, false, false]);
});

test('X-Real-IP, X-Forwarded-Host, X-Forwarded-Proto and Via also mark a loopback socket as proxied', () => {
  for (const name of ['x-real-ip', 'x-forwarded-host', 'x-forwarded-proto', 'via']) {
    expect(mayReadMetrics({ remoteAddress: '127.0.0.1', headers: { [name]: 'x' } }, undefined)).toBe(false);
  }
});

test('behind a declared proxy (TRUST_PROXY) loopback alone does not open /metrics; the token still does', () => {
  expect(mayReadMetrics({ remoteAddress: '127.0.0.1', headers: {} }, undefined, { behindProxy: true })).toBe(false);
  expect(mayReadMetrics({ remoteAddress: '127.0.0.1', headers: {} }, TOKEN, { behindProxy: true })).toBe(false);
  expect(mayReadMetrics({ remoteAddress: '127.0.0.1', headers: { authorization: `Bearer ${TOKEN}` } }, TOKEN, { behindProxy: true })).toBe(true);
  expect([isBehindProxy(false), isBehindProxy(0), isBehindProxy([]), isBehindProxy(undefined)]).toEqual([false, false, false, false]);
  expect([isBehindProxy(true), isBehindProxy(1), isBehindProxy(['loopback'])]).toEqual([true, true, true]);
});

test('incoming request ids are kept when 1–128 safe characters, replaced by a UUID otherwise', () => {
  expect(requestIdFrom('abc-DEF_1.2:3')).toBe('abc-DEF_1.2:3');
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  for (const bad of [undefined, '', 'x'.repeat(129), 'has space', 'new\nline', '<script>', ['a']]) expect(requestIdFrom(bad)).toMatch(uuid);
  expect(requestIdFrom('x'.repeat(128))).toBe('x'.repeat(128));
});

test('the logger puts the current request id on every line and redacts credentials wherever they sit', () => {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ destination, base: { service: 'test' } });
  runWithRequestId('req-unit-1', () => {
    logger.info({ req: { headers: { authorization: 'Bearer sk-live-1', cookie: 'sid=abc', 'x-api-key': 'sopk_x', referer: 'https://sop.example/reset-password/rst_secret' } } }, 'with headers');
    logger.warn({ password: 'hunter2', user: { token: 't-1', secret: 's-1', name: 'Ann' } }, 'with fields');
  });
  logger.info('outside a request');
  expect(lines.map((l) => [l.level, l.msg, l.requestId, l.service])).toEqual([
    ['info', 'with headers', 'req-unit-1', 'test'],
    ['warn', 'with fields', 'req-unit-1', 'test'],
    ['info', 'outside a request', undefined, 'test'],
  ]);
  expect(lines[0]!.req).toEqual({ headers: { authorization: '[Redacted]', cookie: '[Redacted]', 'x-api-key': '[Redacted]', referer: '[Redacted]' } });
  expect([lines[1]!.password, lines[1]!.user]).toEqual(['[Redacted]', { token: '[Redacted]', secret: '[Redacted]', name: 'Ann' }]);
});

test.each([
  ['/api/auth/password-reset/rst_abc', '/api/auth/password-reset/[Redacted]'],
  ['/api/invitations/inv_abc/accept', '/api/invitations/[Redacted]/accept'],
  ['/reset-password/rst_abc', '/reset-password/[Redacted]'],
  ['/invite/inv_abc', '/invite/[Redacted]'],
  ['/api/jobs/job-1/events', '/api/jobs/job-1/events'],
])('a logged path never carries a reset or invitation token: %s → %s', (path, logged) => {
  expect(loggablePath(path)).toBe(logged);
});

test('LOG_LEVEL, LOG_FORMAT, METRICS_TOKEN and WORKER_METRICS_PORT are checked', () => {
  expect(logSettingsFrom({})).toEqual({ level: 'info', format: 'json' });
  expect(logSettingsFrom({ NODE_ENV: 'development' })).toEqual({ level: 'info', format: 'pretty' });
  expect(logSettingsFrom({ LOG_LEVEL: 'DEBUG', LOG_FORMAT: 'json', NODE_ENV: 'development' })).toEqual({ level: 'debug', format: 'json' });
  expect(() => logSettingsFrom({ LOG_LEVEL: 'loud' })).toThrow('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (found "loud")');
  expect(() => logSettingsFrom({ LOG_FORMAT: 'xml' })).toThrow('LOG_FORMAT must be json or pretty (found "xml")');
  expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow('METRICS_TOKEN must be at least 16 characters');
  expect([loadConfig({}).metricsToken, loadConfig({}).workerMetricsPort]).toEqual([undefined, undefined]);
  expect(loadConfig({ WORKER_METRICS_PORT: '9464', METRICS_TOKEN: TOKEN })).toMatchObject({ workerMetricsPort: 9464, metricsToken: TOKEN });
  expect(() => loadConfig({ WORKER_METRICS_PORT: 'yes' })).toThrow('WORKER_METRICS_PORT must be a port number 0-65535 (found "yes")');
});
