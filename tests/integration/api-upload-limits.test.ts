/**
 * A submission is authorised before its body is read: a person who may see the
 * job but is not the step's assignee, a step that is not active and an
 * organisation at its storage quota are refused whatever the body holds. The
 * first unknown or repeated part stops the upload (422), a request over
 * UPLOAD_MAX_REQUEST_BYTES is refused (413, from Content-Length or while it
 * streams), and a submission over the organisation's quota is refused when its
 * rows would be written (422). Every refusal leaves the storage folder and the
 * upload tables exactly as they were.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { storageUsed } from '../../api/files/storage-quota';
import { createOrgUploadLimit } from '../../api/files/org-upload-limit';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';
import { auth, multipart, pngOf, publishSop, startExtraApp, startJob, storedPaths, strictSop, submitDraft, uploadRowCounts, waitForActive } from '../support/api-fixtures';
import { expectNothingWritten, noisePng, postSubmission, uploadTrace } from '../support/upload-fixtures';

jest.setTimeout(180_000);

const PROBLEM = /^application\/problem\+json/;

describe.each(databaseKinds())('on %s', (kind) => {
  let h: AppHarness;
  let vendor: string;
  let qa: string;
  const sopKey = `upload-limits-${kind}`;

  beforeAll(async () => {
    h = await startAppHarness(kind);
    vendor = await h.login('vendor-a');
    qa = await h.login('qa');
    await publishSop(h, strictSop(sopKey));
  });
  afterAll(async () => {
    await h?.close();
  });

  const banner = async (code: string) => ({ name: 'banner', filename: `${code}_banner_v01.png`, contentType: 'image/png', data: await noisePng() });

  describe('before the body is read', () => {
    test('a QA inspector who may see the job but is not the draft step\'s assignee gets 403 not-assignee, even for a body with an unknown part, and nothing is stored', async () => {
      const job = await startJob(h, sopKey);
      await expectNothingWritten(h, async () => {
        const res = await postSubmission(h.app, qa, job.id, 'draft', [await banner(job.code), { name: 'extra', filename: 'x.png', contentType: 'image/png', data: await noisePng() }]);
        expect(res.status).toBe(403);
        expect(res.headers['content-type']).toMatch(PROBLEM);
        expect(res.body).toMatchObject({ type: 'urn:sop:problem:not-assignee', status: 403, detail: 'Step "draft" is assigned to role "vendor"; you are not that person.' });
      });
    });

    test('the assignee submitting to a step that is no longer active gets 409 step-not-active and nothing is stored', async () => {
      const job = await startJob(h, sopKey);
      await submitDraft(h, job);
      await expectNothingWritten(h, async () => {
        const res = await postSubmission(h.app, vendor, job.id, 'draft', [await banner(job.code)]);
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ type: 'urn:sop:problem:step-not-active', detail: 'Step "draft" is not active now.' });
        // With an Idempotency-Key no earlier submission carries: the same refusal (no earlier answer to replay).
        const keyed = await postSubmission(h.app, vendor, job.id, 'draft', [await banner(job.code)]).set('Idempotency-Key', `late-${job.code}`);
        expect(keyed.status).toBe(409);
        expect(keyed.body).toMatchObject({ type: 'urn:sop:problem:step-not-active' });
      });
    });

    test('a request whose Content-Length is over UPLOAD_MAX_REQUEST_BYTES gets 413 request-too-large and nothing is stored', async () => {
      const extra = await startExtraApp(h, { maxRequestBytes: 64 * 1024 });
      try {
        const job = await startJob(h, sopKey);
        await expectNothingWritten(h, async () => {
          const res = await postSubmission(extra.app, vendor, job.id, 'draft', [{ ...(await banner(job.code)), data: await noisePng(200, 200) }]);
          expect(res.status).toBe(413);
          expect(res.body).toMatchObject({
            type: 'urn:sop:problem:request-too-large', status: 413,
            detail: 'The request body is larger than 65536 bytes (UPLOAD_MAX_REQUEST_BYTES); send fewer or smaller files.',
          });
        });
      } finally {
        await extra.close();
      }
    });
  });

  describe('parts', () => {
    test.each([
      ['a file part that is not a deliverable of the step', 'extra', (png: Buffer) => ({ name: 'extra', filename: 'extra.png', contentType: 'image/png', data: png }), 'part-unknown',
        'Unexpected part "extra"; this request takes file "banner", "checklist", "note".'],
      ['a text part the route does not read', 'budget', () => ({ name: 'budget', data: '1000' }), 'part-unknown',
        'Unexpected part "budget"; this request takes file "banner", "checklist", "note".'],
      ['the deliverable sent twice', 'banner', (png: Buffer) => ({ name: 'banner', filename: 'second.png', contentType: 'image/png', data: png }), 'part-repeated',
        'Part "banner" was sent more than once; send each part once.'],
    ] as const)('%s after a valid banner is refused (422) and nothing of the request is stored; the step stays open', async (_what, field, part, code, detail) => {
      const job = await startJob(h, sopKey);
      await expectNothingWritten(h, async () => {
        const res = await postSubmission(h.app, vendor, job.id, 'draft', [await banner(job.code), part(await noisePng())]);
        expect(res.status).toBe(422);
        expect(res.body).toEqual({
          type: `urn:sop:problem:${code}`, title: 'Unprocessable content', status: 422, detail,
          errors: [{ path: `body/${field}`, message: code === 'part-unknown' ? 'not a part of this request' : 'repeated' }],
          instance: `/api/jobs/${job.id}/steps/draft/submissions`,
        });
      });
      const ok = await postSubmission(h.app, vendor, job.id, 'draft', [await banner(job.code)]);
      expect(ok.status).toBe(201);
    });

    test('a repeated note is refused as part-repeated', async () => {
      const job = await startJob(h, sopKey);
      await expectNothingWritten(h, async () => {
        const res = await postSubmission(h.app, vendor, job.id, 'draft', [{ name: 'note', data: 'one' }, { name: 'note', data: 'two' }, await banner(job.code)]);
        expect(res.status).toBe(422);
        expect(res.body).toMatchObject({ type: 'urn:sop:problem:part-repeated', errors: [{ path: 'body/note', message: 'repeated' }] });
      });
    });
  });

  test('a chunked request (no Content-Length) that streams past UPLOAD_MAX_REQUEST_BYTES is stopped with 413 and nothing is stored', async () => {
    const extra = await startExtraApp(h, { maxRequestBytes: 64 * 1024 });
    const server = extra.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const job = await startJob(h, sopKey);
      const body = multipart([{ ...(await banner(job.code)), data: await noisePng(200, 200) }]);
      expect(body.body.length).toBeGreaterThan(64 * 1024);
      const before = await uploadTrace(h);
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request({
          host: '127.0.0.1', port: (server.address() as AddressInfo).port, method: 'POST', path: `/api/jobs/${job.id}/steps/draft/submissions`,
          headers: { Authorization: `Bearer ${vendor}`, 'Content-Type': body.contentType, 'Transfer-Encoding': 'chunked' },
        });
        req.on('response', (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        req.on('error', reject);
        // The whole body, never ended: the server must answer from what it has read.
        req.write(body.body);
      });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({ type: 'urn:sop:problem:request-too-large' });
      expect(await uploadTrace(h)).toEqual(before);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await extra.close();
    }
  });

  test('an organisation with UPLOAD_MAX_PER_ORG uploads in flight gets 429 uploads-in-flight for the next one before its body is read; another organisation uploads meanwhile, and the slot frees when the slow upload ends', async () => {
    const limit = createOrgUploadLimit(1);
    const extra = await startExtraApp(h, { orgUploadLimit: limit });
    const server = extra.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const orgA = h.ids.orgs['Vendor A']!;
    try {
      const slowJob = await startJob(h, sopKey);
      const slow = multipart([await banner(slowJob.code)]);
      let answer!: Promise<{ status: number; body: string }>;
      // A vendor trickling its upload: half the body sent, the rest held back.
      const req = http.request({
        host: '127.0.0.1', port: (server.address() as AddressInfo).port, method: 'POST', path: `/api/jobs/${slowJob.id}/steps/draft/submissions`,
        headers: { Authorization: `Bearer ${vendor}`, 'Content-Type': slow.contentType, 'Content-Length': String(slow.body.length) },
      });
      answer = new Promise((resolve, reject) => {
        req.on('response', (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        req.on('error', reject);
      });
      const half = Math.floor(slow.body.length / 2);
      req.write(slow.body.subarray(0, half));
      for (let i = 0; i < 200 && limit.inFlight(orgA) === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(limit.inFlight(orgA)).toBe(1);

      const next = await startJob(h, sopKey);
      const key = `retry-${next.code}`;
      await expectNothingWritten(h, async () => {
        const res = await postSubmission(extra.app, vendor, next.id, 'draft', [await banner(next.code)]).set('Idempotency-Key', key);
        expect(res.status).toBe(429);
        expect(res.headers['retry-after']).toBe('5');
        expect(res.body).toMatchObject({
          type: 'urn:sop:problem:uploads-in-flight', status: 429,
          detail: 'Your organisation already has 1 uploads in progress on this server; wait for one to finish, then send this one again.',
        });
      });
      const owner = await h.login('owner');
      const other = await request(extra.app).post('/api/files').set(auth(owner)).attach('file', await noisePng(), 'reference.png');
      expect(other.status).toBe(201);

      req.end(slow.body.subarray(half));
      expect((await answer).status).toBe(201);
      expect(limit.inFlight(orgA)).toBe(0);
      // Retried with the same Idempotency-Key: the 429 was not remembered, so the upload runs now.
      const after = await postSubmission(extra.app, vendor, next.id, 'draft', [await banner(next.code)]).set('Idempotency-Key', key);
      expect(after.status).toBe(201);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await extra.close();
    }
  });

  describe('organisation storage quota', () => {
    test('a submission that does not fit in what is left of the quota gets 422 storage-quota-exceeded and nothing is stored; one that fits is stored', async () => {
      const orgId = h.ids.orgs['Vendor A']!;
      const used = await storageUsed(h.test.db.prisma, orgId);
      const job = await startJob(h, sopKey);
      const big = await banner(job.code);
      const extra = await startExtraApp(h, { orgStorageQuotaBytes: used + big.data.length - 1 });
      try {
        await expectNothingWritten(h, async () => {
          const res = await postSubmission(extra.app, vendor, job.id, 'draft', [big]);
          expect(res.status).toBe(422);
          expect(res.body).toMatchObject({
            type: 'urn:sop:problem:storage-quota-exceeded',
            detail: `Your organisation has stored ${used} of its ${used + big.data.length - 1} bytes (ORG_STORAGE_QUOTA_BYTES); these files (${big.data.length} bytes) do not fit. Ask an administrator to raise the quota.`,
          });
        });
      } finally {
        await extra.close();
      }
      const fits = await startExtraApp(h, { orgStorageQuotaBytes: used + big.data.length });
      try {
        const res = await postSubmission(fits.app, vendor, job.id, 'draft', [big]);
        expect(res.status).toBe(201);
        expect(await storageUsed(h.test.db.prisma, orgId)).toBe(used + big.data.length);
      } finally {
        await fits.close();
      }
    });

    test('an organisation already at its quota is refused before the body is read (422, even for a body with an unknown part)', async () => {
      const orgId = h.ids.orgs['Vendor A']!;
      const used = await storageUsed(h.test.db.prisma, orgId);
      const extra = await startExtraApp(h, { orgStorageQuotaBytes: used });
      try {
        const job = await startJob(h, sopKey);
        await expectNothingWritten(h, async () => {
          const res = await postSubmission(extra.app, vendor, job.id, 'draft', [{ name: 'extra', filename: 'x.png', contentType: 'image/png', data: await pngOf(3, 3) }]);
          expect(res.status).toBe(422);
          expect(res.body).toMatchObject({
            type: 'urn:sop:problem:storage-quota-exceeded',
            detail: `Your organisation has stored ${used} of its ${used} bytes (ORG_STORAGE_QUOTA_BYTES); nothing more can be uploaded. Ask an administrator to raise the quota.`,
          });
        });
        await waitForActive(h, job.id, 'draft');
      } finally {
        await extra.close();
      }
    });

    test('a reference upload over the owner organisation\'s quota is refused (422) and nothing is stored', async () => {
      const owner = await h.login('owner');
      const orgId = (await h.test.db.prisma.user.findUniqueOrThrow({ where: { id: h.ids.users.owner! } })).orgId;
      const used = await storageUsed(h.test.db.prisma, orgId);
      const extra = await startExtraApp(h, { orgStorageQuotaBytes: used + 10 });
      try {
        const png = await noisePng();
        const body = multipart([{ name: 'file', filename: 'ref.png', contentType: 'image/png', data: png }]);
        const rowsBefore = await uploadRowCounts(h);
        const pathsBefore = storedPaths(h);
        const res = await request(extra.app).post('/api/files').set(auth(owner)).set('Content-Type', body.contentType).send(body.body);
        expect(res.status).toBe(422);
        expect(res.body).toMatchObject({ type: 'urn:sop:problem:storage-quota-exceeded' });
        expect(await uploadRowCounts(h)).toEqual(rowsBefore);
        expect(storedPaths(h)).toEqual(pathsBefore);
      } finally {
        await extra.close();
      }
    });
  });
});
