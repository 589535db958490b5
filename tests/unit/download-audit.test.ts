import { createDownloadAuditThrottle, DOWNLOAD_AUDIT_WINDOW_MS } from '../../api/files/download-audit';

describe('the download audit throttle', () => {
  it('audits the first download per user and file, not the repeats within the hour, and again once the hour is over', () => {
    let now = 1_000_000;
    const throttle = createDownloadAuditThrottle(() => now);
    expect(throttle.shouldAudit('u1', 'f1')).toBe(true);
    now += DOWNLOAD_AUDIT_WINDOW_MS - 1;
    expect(throttle.shouldAudit('u1', 'f1')).toBe(false);
    expect(throttle.shouldAudit('u2', 'f1')).toBe(true);
    expect(throttle.shouldAudit('u1', 'f2')).toBe(true);
    now += 1;
    expect(throttle.shouldAudit('u1', 'f1')).toBe(true);
    expect(throttle.shouldAudit('u1', 'f1')).toBe(false);
  });

  it('does not mistake one user+file pair for another when ids share text', () => {
    const throttle = createDownloadAuditThrottle(() => 0);
    expect(throttle.shouldAudit('ab', 'c')).toBe(true);
    expect(throttle.shouldAudit('a', 'bc')).toBe(true);
  });
});
