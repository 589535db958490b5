/**
 * A task's typed form (SOP `form`): the vendor answers it with the
 * submission, the API checks the answers before a byte is stored (422 with
 * one error per question), a `file` question takes an upload of its own, and
 * QA reads the answers with the note and checklist ticks beside the files.
 */
import request from 'supertest';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';
import { auth, pngOf, publishSop, startJob, storedPaths, strictSop, uploadRowCounts, waitForActive } from '../support/api-fixtures';
import type { FormFieldSpec, SopDefinition, TaskNode } from '../../core/sop/types';

jest.setTimeout(180_000);

const FORM: FormFieldSpec[] = [
  { id: 'fontsUsed', label: '使用字体', type: 'text', required: true },
  { id: 'progress', label: '进度 %', type: 'number', min: 0, max: 100, required: true },
  { id: 'size', label: '尺寸', type: 'select', options: ['A4', 'A3'] },
  { id: 'licensed', label: '字体已授权', type: 'checkbox', required: true },
  { id: 'licence', label: '授权书', type: 'file', accept: ['image/png'] },
];

function formSop(key: string): SopDefinition {
  const sop = strictSop(key);
  return {
    ...sop,
    nodes: sop.nodes.map((n) => (n.id === 'draft' ? ({ ...n, form: FORM, checklist: [{ id: 'bleed', label: '出血 3mm' }, { id: 'cmyk', label: 'CMYK', required: false }] } as TaskNode) : n)),
  };
}

describe.each(databaseKinds())('on %s', (kind) => {
  let h: AppHarness;
  let vendor: string;
  const sopKey = `forms-${kind}`;

  beforeAll(async () => {
    h = await startAppHarness(kind);
    vendor = await h.login('vendor-a');
    await publishSop(h, formSop(sopKey));
  });
  afterAll(async () => {
    await h?.close();
  });

  const submit = async (job: { id: string; code: string }, form: unknown, extra: (r: request.Test) => request.Test = (r) => r) =>
    extra(
      request(h.app).post(`/api/jobs/${job.id}/steps/draft/submissions`).set(auth(vendor))
        .attach('banner', await pngOf(), { filename: `${job.code}_banner_v01.png`, contentType: 'image/png' })
        .field('checklist', JSON.stringify({ bleed: true }))
        .field('form', typeof form === 'string' ? form : JSON.stringify(form)),
    );

  test('missing and wrong answers are refused with one error per question, and nothing is stored', async () => {
    const job = await startJob(h, sopKey);
    const [rows, paths] = [await uploadRowCounts(h), storedPaths(h)];
    const res = await submit(job, { fontsUsed: ' ', progress: 140, size: 'A5', licensed: false, colour: 'red' });
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('urn:sop:problem:form-undeclared');
    expect((res.body.errors as Array<{ path: string; code: string }>).map((e) => [e.code, e.path])).toEqual([
      ['form-undeclared', '/form/colour'],
      ['form-required', '/form/fontsUsed'],
      ['form-invalid', '/form/progress'],
      ['form-invalid', '/form/size'],
      ['form-required', '/form/licensed'],
    ]);
    expect(res.body.errors[2].messages).toEqual({ en: 'The answer to “进度 %” (progress) must be at most 100.', 'zh-CN': '“进度 %”（progress）的回答应为不大于 100 的数。' });
    expect(await uploadRowCounts(h)).toEqual(rows);
    expect(storedPaths(h)).toEqual(paths);
    const bad = await submit(job, '{not json');
    expect([bad.status, bad.body.type]).toEqual([422, 'urn:sop:problem:form-invalid']);
  });

  test('a file question cannot be answered with a file id; only its own upload counts', async () => {
    const job = await startJob(h, sopKey);
    const res = await submit(job, { fontsUsed: '思源黑体', progress: 100, licensed: true, licence: h.ids.referenceFileId });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ code: 'form-invalid', path: '/form/licence', message: 'Upload the file for “授权书” (licence) as the part “form:licence”; a file id cannot be given.' }),
    ]);
  });

  test('a complete submission stores the answers; QA reads them with the note, the checklist ticks and the uploaded licence', async () => {
    const job = await startJob(h, sopKey);
    const res = await submit(job, { fontsUsed: ' 思源黑体 ', progress: 100, licensed: true }, (r) =>
      r.field('note', '第一版').attach('form:licence', Buffer.from([]), { filename: 'x' }).attach('form:licence', Buffer.from([]), { filename: 'y' }),
    );
    // A repeated part is refused like any other (part-repeated), before anything is stored.
    expect([res.status, res.body.type]).toEqual([422, 'urn:sop:problem:part-repeated']);
    const licencePng = await pngOf(2, 2);
    const ok = await submit(job, { fontsUsed: ' 思源黑体 ', progress: 100, licensed: true }, (r) =>
      r.field('note', '第一版').attach('form:licence', licencePng, { filename: 'licence.png', contentType: 'image/png' }),
    );
    expect(ok.status).toBe(201);
    await waitForActive(h, job.id, 'review');
    const read = await request(h.app).get(`/api/jobs/${job.id}/submissions`).set(auth(await h.login('qa')));
    expect(read.status).toBe(200);
    const [item] = read.body.items as Array<Record<string, unknown> & { form: Array<Record<string, unknown>>; files: Array<{ fileId: string }> }>;
    expect(read.body.nextCursor).toBeNull();
    expect(item).toMatchObject({ nodeId: 'draft', round: 1, note: '第一版', submittedBy: { id: h.ids.users['vendor-a'], email: 'vendor-a@demo.test' } });
    expect(item!.checklist).toEqual([{ id: 'bleed', label: '出血 3mm', required: true, ticked: true }, { id: 'cmyk', label: 'CMYK', required: false, ticked: false }]);
    const licence = item!.form.find((f) => f.id === 'licence')!;
    expect(item!.form.map((f) => [f.id, f.answer])).toEqual([['fontsUsed', '思源黑体'], ['progress', 100], ['size', null], ['licensed', true], ['licence', licence.answer]]);
    expect(licence.file).toEqual({ id: licence.answer, name: 'licence.png' });
    expect(item!.files.map((f) => f.fileId)).not.toContain(licence.answer);
    // The licence downloads like any file of the job, for QA and for the vendor who sent it.
    for (const who of ['qa', 'vendor-a']) {
      const file = await request(h.app).get(`/api/files/${String(licence.answer)}/content`).set(auth(await h.login(who)));
      expect([who, file.status]).toEqual([who, 200]);
    }
  });

  test('text the database cannot store, hidden in the JSON as an escape, is refused before anything is stored; unknown checklist keys are dropped', async () => {
    const job = await startJob(h, sopKey);
    const [rows, paths] = [await uploadRowCounts(h), storedPaths(h)];
    for (const escape of ['\\u0000', '\\ud800']) {
      const res = await submit(job, `{"fontsUsed":"a${escape}b","progress":1,"licensed":true}`);
      expect([res.status, res.body.type]).toEqual([422, 'urn:sop:problem:text-not-storable']);
    }
    expect(await uploadRowCounts(h)).toEqual(rows);
    expect(storedPaths(h)).toEqual(paths);
    const ok = await request(h.app).post(`/api/jobs/${job.id}/steps/draft/submissions`).set(auth(vendor))
      .attach('banner', await pngOf(), { filename: `${job.code}_banner_v01.png`, contentType: 'image/png' })
      .field('checklist', '{"bleed":true,"x\\u0000":true,"extra":true}')
      .field('form', JSON.stringify({ fontsUsed: 'Noto', progress: 1, licensed: true }));
    expect(ok.status).toBe(201);
    const stored = await h.test.db.prisma.submission.findFirstOrThrow({ where: { jobId: job.id } });
    expect(stored.checklist).toEqual({ bleed: true });
  });

  test('a vendor reads only what the vendor slot handed in, never an internal step\'s note or answers', async () => {
    const key = `forms-internal-${kind}`;
    const base = formSop(key);
    const owner = await h.login('owner');
    await publishSop(h, {
      ...base,
      nodes: [
        ...base.nodes,
        { id: 'price', type: 'task', assignee: 'owner', produces: [], form: [{ id: 'agreedPrice', label: '成交价', type: 'money', required: true }] } as TaskNode,
      ],
      edges: base.edges.map((e) => (e.from === 'start' ? { ...e, to: 'price' } : e)).concat([{ from: 'price', to: 'draft' }]),
    });
    const job = await startJob(h, key, { activeNode: 'price' });
    const priced = await request(h.app).post(`/api/jobs/${job.id}/steps/price/submissions`).set(auth(owner)).field('form', JSON.stringify({ agreedPrice: 8800 })).field('note', '内部底价');
    expect(priced.status).toBe(201);
    await waitForActive(h, job.id, 'draft');
    const ok = await submit(job, { fontsUsed: 'Noto', progress: 5, licensed: true });
    expect(ok.status).toBe(201);
    await waitForActive(h, job.id, 'review');
    const asOwner = await request(h.app).get(`/api/jobs/${job.id}/submissions`).set(auth(owner));
    expect((asOwner.body.items as Array<{ nodeId: string }>).map((s) => s.nodeId)).toEqual(['price', 'draft']);
    const asVendor = await request(h.app).get(`/api/jobs/${job.id}/submissions`).set(auth(vendor));
    expect((asVendor.body.items as Array<{ nodeId: string }>).map((s) => s.nodeId)).toEqual(['draft']);
    expect(JSON.stringify(asVendor.body)).not.toContain('8800');
    const filtered = await request(h.app).get(`/api/jobs/${job.id}/submissions?nodeId=price`).set(auth(vendor));
    expect(filtered.body.items).toEqual([]);
  });

  test('the vendor reads the questions in the job it works on: the vendor view of the SOP keeps the task form', async () => {
    const job = await startJob(h, sopKey);
    const res = await request(h.app).get(`/api/jobs/${job.id}`).set(auth(vendor));
    expect(res.status).toBe(200);
    const draft = (res.body.definition.nodes as Array<{ id: string; form?: unknown; escalation?: unknown }>).find((n) => n.id === 'draft');
    expect(draft?.form).toEqual(FORM);
  });

  test('another vendor organisation cannot read the submissions (404, as for an unknown job)', async () => {
    const job = await startJob(h, sopKey);
    const res = await request(h.app).get(`/api/jobs/${job.id}/submissions`).set(auth(await h.login('vendor-b')));
    expect(res.status).toBe(404);
  });
});
