/**
 * Bad input answers a precise problem+json and leaves nothing behind:
 * malformed or mistyped bodies, unknown ids, invalid SOPs, oversize,
 * wrongly typed or empty uploads, hostile file names, submissions to steps
 * that are not active, concurrent and retried submissions.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';
import {
  auth, multipart, pngOf, publishSop, startExtraApp, startJob, storedPaths, strictSop, submitDraft, uniqueCode, uploadRowCounts, type MultipartPart,
} from '../support/api-fixtures';
import { minimalReviewSop } from '../support/sop-builder';

jest.setTimeout(180_000);

const PROBLEM = /^application\/problem\+json/;
/** Bytes that sniff as PNG but are not one. */
const pngLookalike = (size: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(size - 8)]);
const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.from([1, 0, 1, 0, 0x80, 0, 0]), randomBytes(40)]);

const byPath = (errors: Array<{ path: string }>) => [...errors].sort((a, b) => a.path.localeCompare(b.path));

describe.each(databaseKinds())('on %s', (kind) => {
  let h: AppHarness;
  let owner: string;
  let vendor: string;
  const sopKey = `bad-input-${kind}`;
  const tinySopKey = `tiny-${kind}`;

  beforeAll(async () => {
    h = await startAppHarness(kind);
    owner = await h.login('owner');
    vendor = await h.login('vendor-a');
    await publishSop(h, strictSop(sopKey));
    await publishSop(h, strictSop(tinySopKey, 1000));
  });
  afterAll(async () => {
    await h?.close();
  });

  function submit(jobId: string, parts: MultipartPart[], nodeId = 'draft', key?: string) {
    const body = multipart(parts);
    const req = request(h.app).post(`/api/jobs/${jobId}/steps/${nodeId}/submissions`).set(auth(vendor)).set('Content-Type', body.contentType);
    return (key ? req.set('Idempotency-Key', key) : req).send(body.body);
  }

  /** Runs `act` and asserts it wrote no upload row and no stored object. */
  async function expectNothingWritten(act: () => Promise<void>): Promise<void> {
    const [rowsBefore, filesBefore] = [await uploadRowCounts(h), storedPaths(h)];
    await act();
    expect(await uploadRowCounts(h)).toEqual(rowsBefore);
    expect(storedPaths(h)).toEqual(filesBefore);
  }

  describe('bodies and query strings', () => {
    test('malformed JSON answers 400 problem+json', async () => {
      const res = await request(h.app).post('/api/jobs').set(auth(owner)).set('Content-Type', 'application/json').send('{"sop": ');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(JSON.parse(res.text)).toEqual({
        type: 'urn:sop:problem:malformed-json', title: 'Malformed JSON', status: 400, detail: 'The request body is not valid JSON.', instance: '/api/jobs',
      });
    });

    test('wrong types and unknown properties answer 400 naming each path', async () => {
      const res = await request(h.app).post('/api/jobs').set(auth(owner))
        .send({ sop: sopKey, code: 12, title: [], vendorOrgId: 'x', assignees: { vendor: 5 }, colour: 'red' });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ type: 'urn:sop:problem:bad-request', title: 'Bad request', status: 400, detail: 'The request body is invalid.' });
      expect(byPath(res.body.errors)).toEqual([
        { path: 'body/assignees/vendor', message: 'must be string' },
        { path: 'body/code', message: 'must be string' },
        { path: 'body/colour', message: 'is not a known property' },
        { path: 'body/title', message: 'must be string' },
      ]);
    });

    test('a missing required property is named, also when the body is left out entirely', async () => {
      const job = await startJob(h, sopKey);
      const empty = await request(h.app).post(`/api/jobs/${job.id}/steps/review/review`).set(auth(owner));
      expect(empty.status).toBe(400);
      expect(empty.body.errors).toEqual([{ path: 'body/decision', message: "must have required property 'decision'" }]);
      const wrong = await request(h.app).post(`/api/jobs/${job.id}/steps/review/review`).set(auth(owner)).send({ decision: 'maybe', reasons: 'color' });
      expect(byPath(wrong.body.errors)).toEqual([
        { path: 'body/decision', message: 'must be equal to one of the allowed values' },
        { path: 'body/reasons', message: 'must be array' },
      ]);
    });

    test('a POST whose body is all optional may leave it out (cancel, mark read)', async () => {
      const job = await startJob(h, sopKey);
      const cancelled = await request(h.app).post(`/api/jobs/${job.id}/cancel`).set(auth(owner));
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toEqual({ id: job.id, status: 'cancelling' });
      const read = await request(h.app).post('/api/notifications/read').set(auth(owner));
      expect(read.status).toBe(200);
      expect(read.body).toEqual({ updated: expect.any(Number) });
    });

    test('a body that is not JSON on a JSON route answers 400', async () => {
      const res = await request(h.app).post('/api/orgs').set(auth(await h.login('admin'))).set('Content-Type', 'text/plain').send('name=x');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ type: 'urn:sop:problem:bad-request', detail: 'Send the body as application/json.' });
    });

    test('a mistyped or unknown query parameter answers 400 naming it', async () => {
      const res = await request(h.app).get('/api/jobs?limit=abc&colour=red&status=done').set(auth(owner));
      expect(res.status).toBe(400);
      expect(res.body.detail).toBe('The query string is invalid.');
      expect(byPath(res.body.errors)).toEqual([
        { path: 'query/colour', message: 'is not a known property' },
        { path: 'query/limit', message: 'must be integer' },
        { path: 'query/status', message: 'must be equal to one of the allowed values' },
      ]);
    });
  });

  describe('unknown things', () => {
    test.each([
      ['/api/jobs/no-such-job', 'urn:sop:problem:not-found', 'Job no-such-job was not found.'],
      ['/api/jobs/no-such-job/files', 'urn:sop:problem:not-found', 'Job no-such-job was not found.'],
      ['/api/jobs/no-such-job/events', 'urn:sop:problem:not-found', 'Job no-such-job was not found.'],
      ['/api/files/no-such-file/content', 'urn:sop:problem:not-found', 'File no-such-file was not found.'],
      ['/api/sops/no-such-sop', 'urn:sop:problem:not-found', 'SOP "no-such-sop" was not found.'],
      ['/api/sops/store-decoration/versions/99', 'urn:sop:problem:not-found', 'Version 99 of SOP "store-decoration" was not found.'],
      ['/api/sops/store-decoration/versions/abc', 'urn:sop:problem:not-found', 'Version abc of SOP "store-decoration" was not found.'],
      ['/api/no-such-route', 'urn:sop:problem:route-not-found', 'No route GET /api/no-such-route.'],
    ])('GET %s answers 404', async (path, type, detail) => {
      const res = await request(h.app).get(path).set(auth(owner));
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toEqual({ type, title: 'Not found', status: 404, detail, instance: path });
    });

    test('a submission to a step that is not a task of the job answers 404', async () => {
      const job = await startJob(h, sopKey);
      const res = await submit(job.id, [{ name: 'banner', filename: `${job.code}_banner_v01.png`, data: await pngOf() }], 'nowhere');
      expect(res.status).toBe(404);
      expect(res.body.detail).toBe(`Task step "nowhere" of job ${job.code} was not found.`);
    });

    test('starting a job of an unpublished SOP or with unknown people answers 422 naming each field', async () => {
      const base = { code: 'BAD-JOB-1', title: 'x', vendorOrgId: h.ids.orgs['Vendor A'] };
      const unpublished = await request(h.app).post('/api/jobs').set(auth(owner)).send({ ...base, sop: 'no-such-sop' });
      expect(unpublished.status).toBe(422);
      expect(unpublished.body).toMatchObject({ type: 'urn:sop:problem:sop-not-published', errors: [{ path: 'body/sop', message: 'no published version' }] });
      const wrongPeople = await request(h.app).post('/api/jobs').set(auth(owner))
        .send({ ...base, sop: sopKey, vendorOrgId: h.ids.orgs['Vendor B'], assignees: { vendor: h.ids.users['vendor-a'], qa: 'nobody' }, references: { banner: h.ids.referenceFileId } });
      expect(wrongPeople.status).toBe(422);
      expect(wrongPeople.body.type).toBe('urn:sop:problem:job-invalid');
      expect(byPath(wrongPeople.body.errors)).toEqual([
        { path: 'body/assignees/qa', message: 'unknown user' },
        { path: 'body/assignees/vendor', message: 'must be a user of the vendor organisation' },
      ]);
      expect(await h.test.db.prisma.job.count({ where: { code: 'BAD-JOB-1' } })).toBe(0);
    });

    test("a reference file of another vendor's organisation answers 422 'unknown file' and starts nothing; the job's own vendor's file is accepted", async () => {
      const prisma = h.test.db.prisma;
      const ours = await prisma.storedFile.findUniqueOrThrow({ where: { id: h.ids.referenceFileId } });
      const vendorB = { id: h.ids.users['vendor-b']! };
      const theirs = await prisma.storedFile.create({ data: { sha256: ours.sha256, originalName: 'vendor-b-work.png', uploadedById: vendorB.id, orgId: h.ids.orgs['Vendor B']! } });
      const body = (code: string, vendor: string, vendorUser: string) => ({
        sop: sopKey, code, title: 'x', vendorOrgId: h.ids.orgs[vendor],
        assignees: { vendor: h.ids.users[vendorUser], qa: h.ids.users.qa, manager: h.ids.users.manager }, references: { banner: theirs.id },
      });
      const code = uniqueCode('FOREIGN-REF');
      const refused = await request(h.app).post('/api/jobs').set(auth(owner)).send(body(code, 'Vendor A', 'vendor-a'));
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([{ path: 'body/references/banner', message: 'unknown file' }]);
      expect(await prisma.job.count({ where: { code } })).toBe(0);
      const own = await request(h.app).post('/api/jobs').set(auth(owner)).send(body(uniqueCode('OWN-VENDOR-REF'), 'Vendor B', 'vendor-b'));
      expect(own.status).toBe(201);
    });
  });

  describe('invalid SOPs', () => {
    const broken = () => {
      const definition = { ...minimalReviewSop(), key: `broken-${kind}` };
      definition.edges = definition.edges.filter((e) => e.from !== 'draft');
      definition.edges.push({ from: 'review', to: 'ghost', on: 'approved' });
      return definition;
    };
    const expectedErrors = [
      { path: 'body/definition/edges/3/to', code: 'EDGE_UNKNOWN_NODE', message: 'Arrow #4 (from “review” to “ghost”) names the step “ghost”, which does not exist.' },
      { path: 'body/definition/nodes/1', code: 'NODE_DEAD_END', message: expect.stringContaining('Step “draft” (task) has no outgoing arrow') },
      { path: 'body/definition/nodes/2', code: 'OUTCOME_DUPLICATE', message: expect.stringContaining('Step “review” (review) has 2 arrows for the outcome “approved”') },
    ];

    test('creating an invalid SOP answers 422 with a code, path and sentence per problem, and stores nothing', async () => {
      const res = await request(h.app).post('/api/sops').set(auth(owner)).send({ definition: broken() });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ type: 'urn:sop:problem:sop-invalid', title: 'Unprocessable content', status: 422 });
      expect(res.body.detail).toMatch(/^The SOP has 3 problem\(s\): /);
      expect(res.body.errors).toEqual(expectedErrors);
      expect(await h.test.db.prisma.sop.count({ where: { key: `broken-${kind}` } })).toBe(0);
    });

    test('publishing an invalid draft answers 422 with the same codes and publishes nothing', async () => {
      const good = { ...minimalReviewSop(), key: `broken-${kind}` };
      expect((await request(h.app).post('/api/sops').set(auth(owner)).send({ definition: good })).status).toBe(201);
      const saved = await request(h.app).put(`/api/sops/broken-${kind}/draft`).set(auth(owner)).send({ definition: broken() });
      expect(saved.status).toBe(200);
      expect(saved.body.valid).toBe(false);
      expect(saved.body.errors.map((e: { code: string }) => e.code)).toEqual(['EDGE_UNKNOWN_NODE', 'NODE_DEAD_END', 'OUTCOME_DUPLICATE']);
      const published = await request(h.app).post(`/api/sops/broken-${kind}/publish`).set(auth(owner));
      expect(published.status).toBe(422);
      expect(published.body.errors).toEqual(expectedErrors);
      expect(await h.test.db.prisma.sopVersion.count({ where: { sopKey: `broken-${kind}` } })).toBe(0);
    });
  });

  describe('uploads', () => {
    test('a reference file over maxUploadBytes answers 413 and writes no row and no file', async () => {
      const extra = await startExtraApp(h, { maxUploadBytes: 1024 });
      try {
        const big = pngLookalike(5000);
        await expectNothingWritten(async () => {
          const body = multipart([{ name: 'file', filename: 'big.png', contentType: 'image/png', data: big }]);
          const res = await request(extra.app).post('/api/files').set(auth(owner)).set('Content-Type', body.contentType).send(body.body);
          expect(res.status).toBe(413);
          expect(res.headers['content-type']).toMatch(PROBLEM);
          expect(res.body).toMatchObject({ type: 'urn:sop:problem:payload-too-large', status: 413, detail: '"big.png" is larger than 1024 bytes.' });
        });
        const small = multipart([{ name: 'file', filename: 'small.png', data: await pngOf() }]);
        expect((await request(extra.app).post('/api/files').set(auth(owner)).set('Content-Type', small.contentType).send(small.body)).status).toBe(201);
      } finally {
        await extra.close();
      }
    });

    test('a deliverable over its maxBytes answers 413 and writes no row and no file; the step stays open', async () => {
      const job = await startJob(h, tinySopKey);
      await expectNothingWritten(async () => {
        const res = await submit(job.id, [{ name: 'banner', filename: `${job.code}_banner_v01.png`, contentType: 'image/png', data: pngLookalike(5000) }]);
        expect(res.status).toBe(413);
        expect(res.body.detail).toBe(`"${job.code}_banner_v01.png" is larger than 1000 bytes.`);
      });
      const ok = await submit(job.id, [{ name: 'banner', filename: `${job.code}_banner_v01.png`, data: await pngOf() }]);
      expect(ok.status).toBe(201);
    });

    test.each([
      ['a GIF', 'anim.gif', gif, '"anim.gif" is image/gif; accepted: image/png, image/jpeg.'],
      ['a text file named .png', 'notes.png', Buffer.from('just some text, not an image\n'), '"notes.png" is of an unrecognised type; accepted: image/png, image/jpeg.'],
      ['random bytes', 'noise.jpg', randomBytes(300), '"noise.jpg" is of an unrecognised type; accepted: image/png, image/jpeg.'],
    ])('%s where the deliverable accepts PNG/JPEG answers 415 and writes nothing', async (_what, filename, data, detail) => {
      const job = await startJob(h, sopKey);
      await expectNothingWritten(async () => {
        const res = await submit(job.id, [{ name: 'banner', filename, contentType: 'image/png', data }]);
        expect(res.status).toBe(415);
        expect(res.headers['content-type']).toMatch(PROBLEM);
        expect(res.body).toMatchObject({ type: 'urn:sop:problem:unsupported-media-type', status: 415, detail });
      });
    });

    test('an empty file answers 400 naming the part, and writes nothing', async () => {
      const job = await startJob(h, sopKey);
      await expectNothingWritten(async () => {
        const res = await submit(job.id, [{ name: 'banner', filename: 'empty.png', data: Buffer.alloc(0) }]);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ detail: 'The file "empty.png" is empty.', errors: [{ path: 'body/banner', message: 'empty file' }] });
      });
    });

    test('a part that is not a deliverable of the step answers 422 part-unknown and writes nothing', async () => {
      const job = await startJob(h, sopKey);
      await expectNothingWritten(async () => {
        const res = await submit(job.id, [{ name: 'banner', filename: 'a.png', data: await pngOf() }, { name: 'poster', filename: 'b.png', data: await pngOf(5, 5) }]);
        expect(res.status).toBe(422);
        expect(res.body).toMatchObject({
          type: 'urn:sop:problem:part-unknown',
          detail: 'Unexpected part "poster"; this request takes file "banner", "checklist", "note".',
          errors: [{ path: 'body/poster', message: 'not a part of this request' }],
        });
      });
    });

    test.each([
      ['../../etc/passwd.png', 'passwd.png'],
      ['C:\\fakepath\\x.png', 'x.png'],
      ['..\\..\\windows\\win.png', 'win.png'],
      ['首页横幅 终稿.png', '首页横幅 终稿.png'],
    ])('the file name %j is stored as %j', async (sent, stored) => {
      const body = multipart([{ name: 'file', filename: sent, contentType: 'image/png', data: await pngOf(3, 3, [1, 2, Math.floor(Math.random() * 255)]) }]);
      const res = await request(h.app).post('/api/files').set(auth(owner)).set('Content-Type', body.contentType).send(body.body);
      expect(res.status).toBe(201);
      expect(res.body.name).toBe(stored);
      const row = await h.test.db.prisma.storedFile.findUniqueOrThrow({ where: { id: res.body.id as string } });
      expect(row.originalName).toBe(stored);
      const download = await request(h.app).get(`/api/files/${res.body.id as string}/content`).set(auth(owner));
      expect(download.headers['content-disposition']).toBe(`inline; filename="${stored.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(stored)}`);
    });

    test('a submitted file named with a path is stored and matched by its bare name', async () => {
      const job = await startJob(h, sopKey);
      const res = await submit(job.id, [{ name: 'banner', filename: `../../${job.code}_banner_v01.png`, data: await pngOf() }]);
      expect(res.status).toBe(201);
      expect(res.body.files).toEqual([expect.objectContaining({ deliverable: 'banner', version: 1, name: `${job.code}_banner_v01.png` })]);
      expect(res.body.naming).toEqual([expect.objectContaining({ deliverable: 'banner', passed: true, reasons: [] })]);
    });
  });

  describe('submissions that may not happen', () => {
    test('a submission to a step that is not active answers 409 with the reason and keeps no file row', async () => {
      const job = await startJob(h, sopKey);
      await submitDraft(h, job);
      const prisma = h.test.db.prisma;
      const [versions, files] = [await prisma.deliverableVersion.count(), await prisma.storedFile.count()];
      const res = await submit(job.id, [{ name: 'banner', filename: `${job.code}_banner_v02.png`, data: await pngOf(6, 6) }]);
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ type: 'urn:sop:problem:step-not-active', title: 'Conflict', status: 409, detail: 'Step "draft" is not active now.' });
      expect([await prisma.deliverableVersion.count(), await prisma.storedFile.count()]).toEqual([versions, files]);
      const refused = await prisma.auditEvent.findFirstOrThrow({ where: { jobId: job.id, type: 'submission.refused' } });
      expect(refused.data).toEqual({ nodeId: 'draft', code: 'step-not-active', detail: 'Step "draft" is not active now.' });
    });

    test('the same refusal repeated by one person is audited once an hour, so a retry loop cannot grow the trail', async () => {
      const job = await startJob(h, sopKey);
      await submitDraft(h, job);
      const prisma = h.test.db.prisma;
      for (let i = 0; i < 5; i += 1) {
        expect((await submit(job.id, [{ name: 'banner', filename: `${job.code}_banner_v02.png`, data: await pngOf(6, 6) }])).status).toBe(409);
      }
      expect(await prisma.auditEvent.count({ where: { jobId: job.id, type: 'submission.refused' } })).toBe(1);
    });

    test('a submission to a cancelled job answers 409', async () => {
      const job = await startJob(h, sopKey);
      expect((await request(h.app).post(`/api/jobs/${job.id}/cancel`).set(auth(owner)).send({ reason: 'test' })).status).toBe(200);
      const prisma = h.test.db.prisma;
      await expect(waitUntil(async () => (await prisma.job.findUniqueOrThrow({ where: { id: job.id } })).status === 'cancelled')).resolves.toBe(true);
      const res = await submit(job.id, [{ name: 'banner', filename: `${job.code}_banner_v01.png`, data: await pngOf() }]);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ type: 'urn:sop:problem:job-not-running', detail: 'The job is cancelled; nothing can be submitted.' });
    });

    test('two concurrent submissions with the same Idempotency-Key make one submission', async () => {
      const job = await startJob(h, sopKey);
      const parts = [{ name: 'banner', filename: `${job.code}_banner_v01.png`, data: await pngOf() }];
      const [a, b] = await Promise.all([submit(job.id, parts, 'draft', 'same-key-1'), submit(job.id, parts, 'draft', 'same-key-1')]);
      const [first, second] = a.headers['idempotent-replayed'] || a.status === 409 ? [b, a] : [a, b];
      expect(first.status).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      if (second.status === 201) {
        expect(second.headers['idempotent-replayed']).toBe('true');
        expect(second.body).toEqual(first.body);
      } else {
        expect(second.status).toBe(409);
        expect(second.body.type).toBe('urn:sop:problem:idempotency-in-progress');
      }
      const prisma = h.test.db.prisma;
      expect(await prisma.submission.count({ where: { jobId: job.id } })).toBe(1);
      expect(await prisma.deliverableVersion.count({ where: { jobId: job.id } })).toBe(1);
      const retried = await submit(job.id, parts, 'draft', 'same-key-1');
      expect(retried.status).toBe(201);
      expect(retried.headers['idempotent-replayed']).toBe('true');
      expect(retried.body).toEqual(first.body);
    });

    test('two concurrent submissions without a key: exactly one 201 and one 409', async () => {
      const job = await startJob(h, sopKey);
      const parts = [{ name: 'banner', filename: `${job.code}_banner_v01.png`, data: await pngOf() }];
      const answers = await Promise.all([submit(job.id, parts), submit(job.id, parts)]);
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
      const refused = answers.find((r) => r.status === 409)!;
      expect(['urn:sop:problem:step-busy', 'urn:sop:problem:step-not-active']).toContain(refused.body.type);
      const prisma = h.test.db.prisma;
      expect(await prisma.submission.count({ where: { jobId: job.id } })).toBe(1);
      expect(await prisma.deliverableVersion.count({ where: { jobId: job.id } })).toBe(1);
    });

    test('a retried POST with the same key returns the stored answer marked Idempotent-Replayed; another body with that key answers 422', async () => {
      const job = await startJob(h, sopKey);
      const send = (body: object) => request(h.app).post(`/api/jobs/${job.id}/comments`).set(auth(owner)).set('Idempotency-Key', 'comment-key').send(body);
      const first = await send({ body: '请改颜色' });
      expect(first.status).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const again = await send({ body: '请改颜色' });
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      const other = await send({ body: '另一条' });
      expect(other.status).toBe(422);
      expect(other.body).toMatchObject({ type: 'urn:sop:problem:idempotency-key-reused', status: 422 });
      expect(await h.test.db.prisma.comment.count({ where: { jobId: job.id } })).toBe(1);
    });

    test('a job start whose process died mid-request is refused with 409 + Retry-After while its lease runs, then taken over by a retry: the same job, started once', async () => {
      const code = `TAKEOVER-${kind}-${Date.now().toString(36)}`;
      const body = {
        sop: sopKey, code, title: 'Takeover', vendorOrgId: h.ids.orgs['Vendor A'],
        assignees: { vendor: h.ids.users['vendor-a'], qa: h.ids.users.qa, manager: h.ids.users.manager },
        references: { banner: h.ids.referenceFileId },
      };
      const send = () => request(h.app).post('/api/jobs').set(auth(owner)).set('Idempotency-Key', `start-${code}`).send(body);
      const first = await send();
      expect(first.status).toBe(201);
      // As if the process had died before recording the answer: the key is still in progress, nobody renews its lease.
      const prisma = h.test.db.prisma;
      const key = { key: `start-${code}` };
      await prisma.idempotencyRecord.updateMany({ where: key, data: { status: 0, responseBody: {}, lockedUntil: new Date(Date.now() + 10_000) } });
      const refused = await send();
      expect(refused.status).toBe(409);
      expect(refused.body.type).toBe('urn:sop:problem:idempotency-in-progress');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(10);

      await prisma.idempotencyRecord.updateMany({ where: key, data: { lockedUntil: new Date(Date.now() - 1) } });
      const retried = await send();
      expect(retried.status).toBe(201);
      expect(retried.body).toEqual(first.body);
      expect(await prisma.job.count({ where: { code } })).toBe(1);
      expect(await prisma.idempotencyRecord.findFirstOrThrow({ where: key })).toMatchObject({ status: 201, lockedUntil: null });
      const replay = await send();
      expect([replay.status, replay.headers['idempotent-replayed']]).toEqual([201, 'true']);
    });

    test('an approval that ended the job, retried after its process died unanswered, gets the approval\'s own answer (not "the job has ended")', async () => {
      const job = await startJob(h, sopKey);
      await submitDraft(h, job);
      const qa = await h.login('qa');
      const approve = () => request(h.app).post(`/api/jobs/${job.id}/steps/review/review`).set(auth(qa)).set('Idempotency-Key', `approve-${job.code}`).send({ decision: 'approved' });
      const first = await approve();
      expect(first.status).toBe(200);
      const prisma = h.test.db.prisma;
      await expect(waitUntil(async () => (await prisma.job.findUniqueOrThrow({ where: { id: job.id } })).status === 'completed')).resolves.toBe(true);
      // As if the API had died before recording the answer, and the lease has run out.
      await prisma.idempotencyRecord.updateMany({ where: { key: `approve-${job.code}` }, data: { status: 0, responseBody: {}, lockedUntil: new Date(Date.now() - 1) } });
      const retried = await approve();
      expect([retried.status, retried.body]).toEqual([200, first.body]);
      expect(await prisma.review.count({ where: { jobId: job.id } })).toBe(1);
      // Without the key, a second approval of the ended job is still refused.
      const another = await request(h.app).post(`/api/jobs/${job.id}/steps/review/review`).set(auth(qa)).send({ decision: 'approved' });
      expect([another.status, another.body.type]).toEqual([409, 'urn:sop:problem:job-not-running']);
    });

    test('an in-progress key without a lease (recorded before leases existed) is taken over at once', async () => {
      const job = await startJob(h, sopKey);
      const send = () => request(h.app).post(`/api/jobs/${job.id}/comments`).set(auth(owner)).set('Idempotency-Key', `legacy-${job.code}`).send({ body: 'legacy' });
      expect((await send()).status).toBe(201);
      const prisma = h.test.db.prisma;
      await prisma.idempotencyRecord.updateMany({ where: { key: `legacy-${job.code}` }, data: { status: 0, lockedUntil: null } });
      await prisma.comment.deleteMany({ where: { jobId: job.id } });
      const retried = await send();
      expect([retried.status, retried.headers['idempotent-replayed']]).toEqual([201, undefined]);
      expect(await prisma.comment.count({ where: { jobId: job.id } })).toBe(1);
    });

    test('an answer the route sends itself (logout, 204) is remembered for its Idempotency-Key', async () => {
      const login = await request(h.app).post('/api/auth/login').send({ email: 'qa@demo.test', password: 'demo-password-for-tests' });
      const token = (login.body as { token: string }).token;
      const res = await request(h.app).post('/api/auth/logout').set(auth(token)).set('Idempotency-Key', 'logout-key');
      expect(res.status).toBe(204);
      const record = await h.test.db.prisma.idempotencyRecord.findFirstOrThrow({ where: { key: 'logout-key' } });
      expect(record.status).toBe(204);
    });
  });
});

async function waitUntil(probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
