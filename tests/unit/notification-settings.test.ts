/**
 * Dispatcher settings from the environment and the retry schedule, as pure
 * logic; and the redaction that keeps credentials out of stored errors.
 */
import { matchesPattern, redact, targetOf } from '../../platform/notifications/channel-config';
import { backoffDelay, DEFAULT_NOTIFICATION_SETTINGS, loadNotificationSettings } from '../../platform/notifications/notification-settings';

test('defaults, and every NOTIFY_* variable read as a positive integer', () => {
  expect(loadNotificationSettings({})).toEqual(DEFAULT_NOTIFICATION_SETTINGS);
  expect(DEFAULT_NOTIFICATION_SETTINGS).toMatchObject({ enabled: true, pollMs: 250, batchSize: 100, concurrency: 32, smtpConnections: 8, maxAttempts: 8, leaseMs: 60_000 });
  const env = { NOTIFY_DISPATCHER: 'off', NOTIFY_POLL_MS: '100', NOTIFY_BATCH: '400', NOTIFY_CONCURRENCY: '64', NOTIFY_SMTP_CONNECTIONS: '2', NOTIFY_MAX_ATTEMPTS: '3', NOTIFY_BACKOFF_MS: '500', NOTIFY_BACKOFF_MAX_MS: '9000', NOTIFY_LEASE_MS: '30000', NOTIFY_TIMEOUT_MS: '2500' };
  expect(loadNotificationSettings(env)).toEqual({ enabled: false, pollMs: 100, batchSize: 400, concurrency: 64, smtpConnections: 2, maxAttempts: 3, backoffMs: 500, backoffMaxMs: 9000, leaseMs: 30000, timeoutMs: 2500 });
  expect(() => loadNotificationSettings({ NOTIFY_CONCURRENCY: '0' })).toThrow('NOTIFY_CONCURRENCY must be a positive integer (found "0")');
  expect(() => loadNotificationSettings({ NOTIFY_POLL_MS: '1.5' })).toThrow('NOTIFY_POLL_MS must be a positive integer');
  expect(() => loadNotificationSettings({ NOTIFY_DISPATCHER: 'maybe' })).toThrow('NOTIFY_DISPATCHER must be on or off');
});

test('retries back off 2 s · 2^(n−1) with ±10 % jitter, capped', () => {
  const s = { backoffMs: 2000, backoffMaxMs: 600_000 };
  expect([1, 2, 3, 4].map((n) => backoffDelay(s, n, () => 0.5))).toEqual([2000, 4000, 8000, 16000]);
  expect(backoffDelay(s, 1, () => 0)).toBe(1800);
  expect(backoffDelay(s, 1, () => 1)).toBe(2200);
  expect(backoffDelay(s, 20, () => 0.5)).toBe(600_000);
});

test('credentials never survive in an error text; only scheme and host are shown', () => {
  const config = { url: 'https://oapi.dingtalk.com/robot/send?access_token=tok-0123456789', secret: 'SEC-signing-secret' };
  expect(redact('POST https://oapi.dingtalk.com/robot/send?access_token=tok-0123456789 failed (sign SEC-signing-secret)', config)).toBe('POST *** failed (sign ***)');
  expect(redact('token tok-0123456789 refused', config)).toBe('token *** refused');
  expect(targetOf(config.url)).toBe('https://oapi.dingtalk.com');
  expect(targetOf('smtps://user:pw@mail.example:465')).toBe('smtps://mail.example:465');
});

test('webhook event patterns', () => {
  expect(['job.started', 'step.overdue', 'notice.escalation', 'review.approved'].filter((t) => matchesPattern(['job.*', 'notice.escalation'], t))).toEqual(['job.started', 'notice.escalation']);
  expect(matchesPattern(['*'], 'anything.at_all')).toBe(true);
  expect(matchesPattern(['job.*'], 'jobs.started')).toBe(false);
});
