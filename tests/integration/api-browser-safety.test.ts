/**
 * What a browser is given: security headers on every response (a strict CSP
 * without inline script, no framing, nosniff, no referrer; HSTS only over
 * https), uploaded SVG never served as a document (downloads are attachments;
 * the preview is a PNG the server renders), and a vendor's job page without
 * the SOP's internal parts (check thresholds, OCR phrase lists, escalation
 * ladders and their text).
 */
import request from 'supertest';
import sharp from 'sharp';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { auth, multipart, startExtraApp } from '../support/api-fixtures';
import { waitFor } from '../support/wait-for';

jest.setTimeout(180_000);

const CSP =
  "default-src 'self';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';img-src 'self' data: blob:;" +
  "font-src 'self' data:;connect-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'";

const SVG_WITH_SCRIPT = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"><rect width="120" height="80" fill="#c00"/>' +
    '<script>fetch("/api/auth/me",{headers:{Authorization:"Bearer "+localStorage.getItem("sop.token")}})</script></svg>',
);

let h: AppHarness;
let owner: string;

beforeAll(async () => {
  h = await startAppHarness('embedded');
  owner = await h.login('owner');
});
afterAll(async () => {
  await h?.close();
});

async function upload(name: string, data: Buffer): Promise<{ id: string; mime: string }> {
  const body = multipart([{ name: 'file', filename: name, contentType: 'application/octet-stream', data }]);
  const res = await request(h.app).post('/api/files').set(auth(owner)).set('Content-Type', body.contentType).send(body.body);
  expect(res.status).toBe(201);
  return res.body as { id: string; mime: string };
}

describe('security headers', () => {
  test.each([
    ['a public route', () => request(h.app).get('/api/health'), 200],
    ['an unauthenticated call', () => request(h.app).get('/api/jobs'), 401],
    ['an unknown API route', () => request(h.app).get('/api/nothing-here').set(auth(owner)), 404],
  ])('%s answers with the strict CSP, no framing, nosniff, no referrer and no HSTS over http', async (_what, call, status) => {
    const res = await call();
    expect(res.status).toBe(status);
    expect(res.headers['content-security-policy']).toBe(CSP);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  test('a request that reached a trusted proxy over https gets HSTS; an untrusted X-Forwarded-Proto does not', async () => {
    const behindProxy = await startExtraApp(h, { trustProxy: ['loopback'] });
    try {
      const res = await request(behindProxy.app).get('/api/health').set('X-Forwarded-Proto', 'https');
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await behindProxy.close();
    }
    const direct = await request(h.app).get('/api/health').set('X-Forwarded-Proto', 'https');
    expect(direct.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('SVG and other active content', () => {
  test('an uploaded SVG with a script is downloaded as an attachment (nosniff, sandboxed) even when not asked to download', async () => {
    const svg = await upload('logo.svg', SVG_WITH_SCRIPT);
    expect(svg.mime).toBe('image/svg+xml');
    const res = await request(h.app).get(`/api/files/${svg.id}/content`).set(auth(owner));
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="logo.svg"; filename*=UTF-8''logo.svg`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/^sandbox; default-src 'none'/);
  });

  test('the preview of an SVG is a PNG rendered by the server at the SVG\'s size, without its markup', async () => {
    const svg = await upload('logo.svg', SVG_WITH_SCRIPT);
    const res = await request(h.app).get(`/api/files/${svg.id}/preview`).set(auth(owner)).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toBe(`inline; filename="logo.png"; filename*=UTF-8''logo.png`);
    const body = res.body as Buffer;
    expect(body.includes(Buffer.from('<script'))).toBe(false);
    const meta = await sharp(body).metadata();
    expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: 'png', width: 120, height: 80 });
    const { data } = await sharp(body).raw().toBuffer({ resolveWithObject: true });
    expect([data[0], data[1], data[2]]).toEqual([204, 0, 0]);
  });

  test('the preview of a PNG is its own bytes; a PDF has no preview (415 no-preview)', async () => {
    const png = await sharp({ create: { width: 5, height: 4, channels: 3, background: { r: 1, g: 2, b: 3 } } }).png().toBuffer();
    const image = await upload('small.png', png);
    const res = await request(h.app).get(`/api/files/${image.id}/preview`).set(auth(owner)).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(res.body as Buffer, png)).toBe(0);
    const pdf = await upload('brief.pdf', Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'));
    const none = await request(h.app).get(`/api/files/${pdf.id}/preview`).set(auth(owner));
    expect(none.status).toBe(415);
    expect(none.body).toMatchObject({ type: 'urn:sop:problem:no-preview', detail: 'A application/pdf file has no preview; download it with /content?download=true.' });
    const download = await request(h.app).get(`/api/files/${pdf.id}/content`).set(auth(owner));
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
  });
});

describe('what a vendor sees of the SOP', () => {
  test('the job page gives a vendor the steps, deliverables and checklist but no check thresholds, OCR phrases, reminders or escalation text; the owner gets the full definition', async () => {
    const started = await request(h.app).post('/api/jobs').set(auth(owner)).send({
      sop: 'store-decoration', code: `VIEW-${Date.now()}`, title: 'vendor view', vendorOrgId: h.ids.orgs['Vendor A'],
      assignees: { qa: h.ids.users.qa, manager: h.ids.users.manager }, references: { banner: h.ids.referenceFileId },
    });
    expect(started.status).toBe(201);
    const id = started.body.id as string;
    const vendor = await h.login('vendor-a');
    const job = await waitFor(async () => {
      const res = await request(h.app).get(`/api/jobs/${id}`).set(auth(vendor));
      return res.body.activeSteps?.includes('draft') ? (res.body as { definition: { nodes: Array<Record<string, unknown>>; description?: string } }) : undefined;
    }, 60_000);
    const nodes = Object.fromEntries(job.definition.nodes.map((n) => [n.id as string, n]));
    expect(nodes.auto).toEqual({
      id: 'auto', type: 'check', title: expect.any(String),
      checks: [{ kind: 'naming', deliverable: 'banner' }, { kind: 'visual', deliverable: 'banner' }, { kind: 'ocr', deliverable: 'banner' }, { kind: 'checklist' }],
    });
    const allowed = ['assignee', 'checklist', 'due', 'id', 'instructions', 'maxRounds', 'produces', 'title', 'type'];
    expect(Object.keys(nodes.draft!).filter((k) => !allowed.includes(k))).toEqual([]);
    expect(nodes.draft).not.toHaveProperty('reminders');
    expect(nodes.draft).not.toHaveProperty('escalation');
    expect(nodes.draft!.instructions).toBe('按参考稿制作首页横幅，文案须包含“双十一”和“5折”。');
    expect(nodes.qa).not.toHaveProperty('escalation');
    expect(job.definition.description).toBeUndefined();
    const text = JSON.stringify(job.definition);
    for (const secret of ['mustContain', 'mustNotContain', 'TODO', 'threshold', 'maxDiffRatio', 'ignore', '设计稿已超期 24 小时', '设计稿 4 小时后到期', '"cc"']) expect(text).not.toContain(secret);

    const full = await request(h.app).get(`/api/jobs/${id}`).set(auth(owner));
    const check = (full.body.definition.nodes as Array<{ id: string; checks?: Array<Record<string, unknown>> }>).find((n) => n.id === 'auto')!;
    expect(check.checks![2]).toMatchObject({ kind: 'ocr', mustContain: ['双十一', '5折'], mustNotContain: ['TODO'] });
  });
});
