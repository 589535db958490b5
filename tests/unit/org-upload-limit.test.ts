import { createOrgUploadLimit } from '../../api/files/org-upload-limit';

describe('the per-organisation upload limit', () => {
  test('an organisation at its limit is refused with 429 uploads-in-flight while another organisation still enters', () => {
    const limit = createOrgUploadLimit(2);
    limit.enter('a');
    limit.enter('a');
    expect(() => limit.enter('a')).toThrow(expect.objectContaining({ status: 429, code: 'uploads-in-flight' }));
    expect(() => limit.enter('b')).not.toThrow();
    expect(limit.inFlight('a')).toBe(2);
    expect(limit.inFlight('b')).toBe(1);
  });

  test('leaving frees the slot once, however often the leave function is called', () => {
    const limit = createOrgUploadLimit(1);
    const leave = limit.enter('a');
    const other = createOrgUploadLimit(1).enter('a');
    leave();
    leave();
    other();
    expect(limit.inFlight('a')).toBe(0);
    const again = limit.enter('a');
    expect(() => limit.enter('a')).toThrow(expect.objectContaining({ code: 'uploads-in-flight' }));
    again();
    expect(limit.inFlight('a')).toBe(0);
  });

  test('a limit that is not a whole number of at least 1 is refused', () => {
    expect(() => createOrgUploadLimit(0)).toThrow('an upload limit per organisation must be a whole number ≥ 1 (got 0)');
    expect(() => createOrgUploadLimit(1.5)).toThrow('(got 1.5)');
  });
});
