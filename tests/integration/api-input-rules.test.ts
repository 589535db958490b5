/**
 * The edge input rule (api/http/input-rules.ts) on the real app: text the
 * database cannot store (NUL, unpaired surrogates) answers 422
 * `text-not-storable` wherever it is sent, integers beyond the database range
 * answer 422 `integer-out-of-range`, malformed path parameters answer 4xx —
 * never 500. The first cases are the ones a schemathesis run found as 500s.
 */
import request from 'supertest';
import { INT4_MAX, STORABLE_TEXT_PATTERN } from '../../api/http/input-rules';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { auth, multipart, pngOf, publishSop, startJob, strictSop, uniqueCode, uploadRowCounts } from '../support/api-fixtures';

jest.setTimeout(180_000);

const PROBLEM = /^application\/problem\+json/;
const NUL_DETAIL = 'Text may not contain NUL (U+0000) characters or unpaired UTF-16 surrogates; remove them and send the request again.';
const nulAt = (path: string, index: number) => ({ path, message: `contains a NUL character (U+0000) at index ${index}`, code: 'text-not-storable' });

function expectTextNotStorable(res: request.Response, errors: unknown[]): void {
  expect(res.status).toBe(422);
  expect(res.headers['content-type']).toMatch(PROBLEM);
  expect(res.body).toMatchObject({ type: 'urn:sop:problem:text-not-storable', title: 'Unprocessable content', status: 422, detail: NUL_DETAIL });
  expect(res.body.errors).toEqual(errors);
}

describe('the edge input rule', () => {
  let h: AppHarness;
  let admin: string;
  let owner: string;
  let vendor: string;
  const sopKey = 'input-rules';

  beforeAll(async () => {
    h = await startAppHarness('embedded');
    [admin, owner, vendor] = [await h.login('admin'), await h.login('owner'), await h.login('vendor-a')];
    await publishSop(h, strictSop(sopKey));
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('the operations the fuzzer found answering 500', () => {
    test('GET /api/users with a NUL in the query answers 422 text-not-storable naming the parameter', async () => {
      const res = await request(h.app).get('/api/users?orgId=org%00x').set(auth(owner));
      expectTextNotStorable(res, [nulAt('query/orgId', 3)]);
    });

    test.each([['owner'], ['vendor']])('POST /api/notifications/read with a NUL in ids answers 422 as %s', async (who) => {
      const res = await request(h.app).post('/api/notifications/read').set(auth(who === 'owner' ? owner : vendor)).send({ ids: ['ok', '\u0000'] });
      expectTextNotStorable(res, [nulAt('body/ids/1', 0)]);
    });

    test.each([['owner'], ['vendor']])('POST /api/notifications/unread with a NUL in ids answers 422 as %s', async (who) => {
      const res = await request(h.app).post('/api/notifications/unread').set(auth(who === 'owner' ? owner : vendor)).send({ ids: ['a\u0000b'] });
      expectTextNotStorable(res, [nulAt('body/ids/0', 1)]);
    });

    test('POST /api/invitations with a NUL in orgId answers 422 and stores no invitation', async () => {
      const before = await h.test.db.prisma.invitation.count();
      const res = await request(h.app).post('/api/invitations').set(auth(admin)).send({ email: 'nul@example.com', orgId: `${h.ids.orgs['Vendor A']}\u0000`, roles: ['vendor'] });
      expectTextNotStorable(res, [nulAt('body/orgId', h.ids.orgs['Vendor A']!.length)]);
      expect(await h.test.db.prisma.invitation.count()).toBe(before);
    });

    test('POST /api/jobs with a version beyond the database range answers 422 integer-out-of-range and starts nothing', async () => {
      const before = await h.test.db.prisma.job.count();
      const code = uniqueCode('RANGE');
      const res = await request(h.app).post('/api/jobs').set(auth(owner))
        .send({ sop: sopKey, version: 243685256211, code, title: 'Out of range', vendorOrgId: h.ids.orgs['Vendor A'] });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({
        type: 'urn:sop:problem:integer-out-of-range', status: 422,
        detail: 'An integer is outside the range the database stores; errors[] names each value and its limit.',
      });
      expect(res.body.errors).toEqual([{ path: 'body/version', message: `must be <= ${INT4_MAX}`, code: 'integer-out-of-range' }]);
      expect(await h.test.db.prisma.job.count()).toBe(before);
    });

    test('POST /api/orgs, POST /api/notifications/channels, GET /api/notifications/deliveries and GET /api/jobs refuse NUL the same way', async () => {
      expectTextNotStorable(await request(h.app).post('/api/orgs').set(auth(admin)).send({ name: 'Studio\u0000', kind: 'vendor' }), [nulAt('body/name', 6)]);
      expectTextNotStorable(
        await request(h.app).post('/api/notifications/channels').set(auth(admin)).send({ scope: 'org', scopeId: 'o\u0000', channel: 'webhook', url: 'https://example.com/hook' }),
        [nulAt('body/scopeId', 1)],
      );
      expectTextNotStorable(await request(h.app).get('/api/notifications/deliveries?jobId=%00').set(auth(admin)), [nulAt('query/jobId', 0)]);
      expectTextNotStorable(await request(h.app).get('/api/jobs?vendorOrgId=v%00').set(auth(owner)), [nulAt('query/vendorOrgId', 1)]);
    });
  });

  describe('every request string', () => {
    test('an unpaired surrogate in a JSON body answers 422 naming the character', async () => {
      const res = await request(h.app).post('/api/notifications/read').set(auth(owner)).set('Content-Type', 'application/json').send('{"ids":["x\\ud800"]}');
      expectTextNotStorable(res, [{ path: 'body/ids/0', message: 'contains an unpaired UTF-16 surrogate (U+D800) at index 1', code: 'text-not-storable' }]);
    });

    test('a NUL in a property name of free JSON answers 422 (the name is shown with U+FFFD)', async () => {
      const res = await request(h.app).post('/api/jobs').set(auth(owner))
        .send({ sop: sopKey, code: uniqueCode('KEY'), title: 'Key', vendorOrgId: h.ids.orgs['Vendor A'], fields: { 'bud\u0000get': 1 } });
      expectTextNotStorable(res, [{ path: 'body/fields/bud\uFFFDget', message: 'property name contains a NUL character (U+0000) at index 3', code: 'text-not-storable' }]);
    });

    test('a NUL in a job id path parameter answers 422 before the job is looked up', async () => {
      const res = await request(h.app).get('/api/jobs/abc%00def').set(auth(vendor));
      expectTextNotStorable(res, [nulAt('path/id', 3)]);
    });

    test('a path that is not percent-encoded UTF-8 answers 400 path-malformed', async () => {
      const res = await request(h.app).get('/api/jobs/%E0%A4%A').set(auth(owner));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toEqual({
        type: 'urn:sop:problem:path-malformed', title: 'Bad request', status: 400, detail: 'The URL path is not valid percent-encoded UTF-8.', instance: '/api/jobs/%E0%A4%A',
      });
    });

    test.each([['2147483648'], ['243685256211']])('SOP version %s (beyond the database range) answers 404', async (version) => {
      const res = await request(h.app).get(`/api/sops/${sopKey}/versions/${version}`).set(auth(owner));
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        type: 'urn:sop:problem:not-found', title: 'Not found', status: 404,
        detail: `Version ${version} of SOP "${sopKey}" was not found.`, instance: `/api/sops/${sopKey}/versions/${version}`,
      });
    });

    test('a NUL in a multipart text field answers 422 and stores no bytes and no rows', async () => {
      const job = await startJob(h, sopKey);
      const before = await uploadRowCounts(h);
      const body = multipart([
        { name: 'note', data: 'see\u0000attached' },
        { name: 'banner', filename: `${job.code}_banner_v01.png`, contentType: 'image/png', data: await pngOf() },
      ]);
      const res = await request(h.app).post(`/api/jobs/${job.id}/steps/draft/submissions`).set(auth(vendor)).set('Content-Type', body.contentType).send(body.body);
      expectTextNotStorable(res, [nulAt('body/note', 3)]);
      expect(await uploadRowCounts(h)).toEqual(before);
    });
  });

  test('the OpenAPI document shows the bounds: integers with the database range, free strings with the storable-text pattern', async () => {
    const doc = (await request(h.app).get('/api/openapi.json')).body;
    const startJobBody = doc.paths['/api/jobs'].post.requestBody.content['application/json'].schema;
    expect(startJobBody.properties.version).toEqual({ type: 'integer', minimum: 1, maximum: INT4_MAX });
    expect(startJobBody.properties.title).toEqual({ type: 'string', minLength: 1, maxLength: 300, pattern: STORABLE_TEXT_PATTERN });
    expect(doc.paths['/api/jobs/{id}'].get.parameters[0]).toEqual({ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: STORABLE_TEXT_PATTERN } });
    expect(doc.paths['/api/sops/{key}/versions/{version}'].get.parameters[1].schema).toEqual({ type: 'integer', minimum: 1, maximum: INT4_MAX });
  });
});
