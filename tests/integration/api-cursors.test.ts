/**
 * Every paginated list refuses a cursor it did not write with 422
 * `cursor-invalid` — dates that do not exist, years outside 1–9999, ids with
 * NUL or spaces, numbers past the column's range — never a database error.
 */
import request from 'supertest';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { auth, publishSop, startJob, strictSop } from '../support/api-fixtures';

jest.setTimeout(180_000);

const b64 = (text: string) => Buffer.from(text).toString('base64url');

const TAMPERED: Array<[string, string]> = [
  ['30 February', b64('2024-02-30T00:00:00.000Z|abc')],
  ['year 0', b64('0000-01-01T00:00:00.000Z|abc')],
  ['a date JavaScript reads but did not write', b64('-271821-04-20T00:00:00.000Z|abc')],
  ['an id with NUL', b64('2024-01-01T00:00:00.000Z|a\u0000b')],
  ['an id with a space', b64('2024-01-01T00:00:00.000Z|a b')],
  ['no id', b64('2024-01-01T00:00:00.000Z')],
  ['garbage', 'not-a-cursor'],
];

describe('tampered cursors', () => {
  let h: AppHarness;
  let job: { id: string };
  beforeAll(async () => {
    h = await startAppHarness();
    await publishSop(h, strictSop('cursors'));
    job = await startJob(h, 'cursors');
  });
  afterAll(async () => {
    await h?.close();
  });

  const lists = () => [
    ['owner', '/api/jobs'],
    ['vendor-a', `/api/jobs/${job.id}/comments`],
    ['vendor-a', `/api/jobs/${job.id}/submissions`],
    ['admin', '/api/api-keys'],
  ] as const;

  test.each(TAMPERED)('%s: every instant-and-id list answers 422 cursor-invalid', async (_what, cursor) => {
    for (const [who, path] of lists()) {
      const res = await request(h.app).get(path).query({ cursor }).set(auth(await h.login(who)));
      expect([path, res.status, res.body.type]).toEqual([path, 422, 'urn:sop:problem:cursor-invalid']);
    }
  });

  test('the task queue refuses impossible dates and NUL ids in its cursor', async () => {
    const token = await h.login('vendor-a');
    for (const cursor of [b64('[1,"2024-02-30T00:00:00.000Z","x"]'), b64('[0,null,"a\\u0000b"]'), b64('[1,"0000-01-01T00:00:00.000Z","x"]')]) {
      const res = await request(h.app).get('/api/me/tasks').query({ cursor }).set(auth(token));
      expect([res.status, res.body.type]).toEqual([422, 'urn:sop:problem:cursor-invalid']);
    }
  });

  test('the job trail refuses a position past its int4 sequence, and takes a real one', async () => {
    const token = await h.login('owner');
    for (const cursor of [b64('2147483648'), b64('99999999999999'), b64('-1'), b64('1e3')]) {
      const res = await request(h.app).get(`/api/jobs/${job.id}/events`).query({ cursor }).set(auth(token));
      expect([cursor, res.status, res.body.type]).toEqual([cursor, 422, 'urn:sop:problem:cursor-invalid']);
    }
    const first = await request(h.app).get(`/api/jobs/${job.id}/events`).query({ limit: 1 }).set(auth(token));
    const next = await request(h.app).get(`/api/jobs/${job.id}/events`).query({ cursor: first.body.nextCursor, limit: 1 }).set(auth(token));
    expect(next.status).toBe(200);
    expect(next.body.items[0].seq).toBeGreaterThan(first.body.items[0].seq);
  });
});
