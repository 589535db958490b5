/**
 * `GET /api/calendars?q=`: the server searches every calendar (key and name,
 * any case, `%` and `_` literal) and pages the matches with the list's own
 * cursor, so a calendar past the first page is found without loading it; a
 * vendor (another organisation) is refused, search or not.
 */
import request from 'supertest';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';
import { auth, sharedCalendar } from '../support/api-fixtures';

jest.setTimeout(180_000);

interface CalendarPage {
  items: Array<{ key: string; name: string }>;
  nextCursor: string | null;
}

describe.each(databaseKinds())('on %s', (kind) => {
  let h: AppHarness;
  let owner: string;

  /** GET /api/calendars with `query` as the owner: status and the page. */
  async function list(query: Record<string, string>): Promise<{ status: number; body: CalendarPage & { type?: string } }> {
    const res = await request(h.app).get('/api/calendars').query(query).set(auth(owner));
    return { status: res.status, body: res.body };
  }

  beforeAll(async () => {
    h = await startAppHarness(kind);
    owner = await h.login('owner');
    // 120 calendars that sort before the two searched for: those are past the first pages.
    for (let i = 0; i < 120; i += 1) await sharedCalendar(h, `bulk-${String(i).padStart(3, '0')}`);
    const created = [
      ['yy-office-5000', 'Office 5000 plan'],
      ['zz-harbin-office', 'Harbin Office 50% 春节 shift'],
    ];
    for (const [key, name] of created) {
      const res = await request(h.app).post('/api/calendars').set(auth(owner)).send({ key, name, spec: { workdays: [1, 2, 3, 4, 5], hours: ['09:00', '18:00'] }, timezone: 'Asia/Harbin' });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  test('a calendar past the first page is not in it, and `q` finds it by name in any case, by key, and by Chinese text', async () => {
    const first = await list({ limit: '50' });
    expect([first.status, first.body.items.length, first.body.nextCursor]).toEqual([200, 50, 'bulk-049']);
    expect(first.body.items.map((c) => c.key)).not.toContain('zz-harbin-office');

    for (const q of ['HARBIN', 'zz-harbin', '春节', '  harbin   shift ']) {
      const found = await list({ q, limit: '50' });
      expect([q, found.status, found.body.items.map((c) => c.key), found.body.nextCursor]).toEqual([q, 200, ['zz-harbin-office'], null]);
    }
  });

  test('every word must occur, `%` is literal, and the matches page with the list\'s cursor', async () => {
    const both = await list({ q: 'office', limit: '1' });
    expect([both.body.items.map((c) => c.key), both.body.nextCursor]).toEqual([['yy-office-5000'], 'yy-office-5000']);
    const next = await list({ q: 'office', limit: '1', cursor: both.body.nextCursor! });
    expect([next.body.items.map((c) => c.key), next.body.nextCursor]).toEqual([['zz-harbin-office'], null]);

    expect((await list({ q: 'office 50%' })).body.items.map((c) => c.key)).toEqual(['zz-harbin-office']);
    expect((await list({ q: 'office plan' })).body.items.map((c) => c.key)).toEqual(['yy-office-5000']);
    expect((await list({ q: '5_00' })).body.items).toEqual([]);
    expect((await list({ q: 'no-such-calendar' })).body).toEqual({ items: [], nextCursor: null });
  });

  test('a search of one-character words only, or of more than five words, is 422 as in the job list', async () => {
    const short = await list({ q: 'a b' });
    expect([short.status, short.body.type]).toEqual([422, 'urn:sop:problem:search-word-too-short']);
    const long = await list({ q: 'a1 b2 c3 d4 e5 f6' });
    expect([long.status, long.body.type]).toEqual([422, 'urn:sop:problem:search-too-long']);
  });

  test('a vendor, of another organisation, is refused: no calendar matches for it', async () => {
    const res = await request(h.app).get('/api/calendars').query({ q: 'harbin' }).set(auth(await h.login('vendor-a')));
    expect(res.status).toBe(403);
    expect(res.body.items).toBeUndefined();
    expect(res.text).not.toContain('zz-harbin-office');
  });
});
