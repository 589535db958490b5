import { createAuditThrottle, AUDIT_THROTTLE_WINDOW_MS } from '../../api/http/audit-throttle';

describe('the audit throttle (downloads, refusals)', () => {
  it('audits the first download per user and file, not the repeats within the hour, and again once the hour is over', () => {
    let now = 1_000_000;
    const throttle = createAuditThrottle(() => now);
    expect(throttle.shouldAudit('u1', 'f1')).toBe(true);
    now += AUDIT_THROTTLE_WINDOW_MS - 1;
    expect(throttle.shouldAudit('u1', 'f1')).toBe(false);
    expect(throttle.shouldAudit('u2', 'f1')).toBe(true);
    expect(throttle.shouldAudit('u1', 'f2')).toBe(true);
    now += 1;
    expect(throttle.shouldAudit('u1', 'f1')).toBe(true);
    expect(throttle.shouldAudit('u1', 'f1')).toBe(false);
  });

  it('does not mistake one user+file pair for another when ids share text', () => {
    const throttle = createAuditThrottle(() => 0);
    expect(throttle.shouldAudit('ab', 'c')).toBe(true);
    expect(throttle.shouldAudit('a', 'bc')).toBe(true);
  });
});
