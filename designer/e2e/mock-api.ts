/**
 * A stand-in for the real API, for screenshots of the UI without a database or
 * Temporal: serves designer/dist and answers every /api route the UI calls with
 * fixture data in the API's shapes (API.md, api/routes/*). Writes are accepted
 * and, where a screen shows them again (notification settings, people and
 * organisations), remembered in memory. Run: npx tsx designer/e2e/mock-api.ts [port]
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { drain, HOUR, iso, now, problem, readJson, send } from './mock-http';
import { handleNotifications, type MockUser } from './mock-notifications';
import { handlePeople } from './mock-people';

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'designer/dist');
const IMAGES = path.join(ROOT, 'tests/fixtures/images');
const sop = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/sop/valid/store-decoration.json'), 'utf8')) as Record<string, unknown> & {
  nodes: Array<Record<string, unknown>>;
  edges: Array<Record<string, unknown>>;
};
const sopV1 = {
  ...sop,
  nodes: sop.nodes.filter((n) => n.id !== 'notify-done').map((n) => (n.id === 'draft' ? { ...n, due: { after: 'P3D' } } : n)),
};

const HQ = { id: 'o-hq', name: '总部', kind: 'internal' };
const users: Record<string, MockUser> = {
  'admin@demo.test': { id: 'u-admin', email: 'admin@demo.test', name: '系统管理员', roles: ['admin'], orgId: 'o-hq', org: HQ, timezone: 'Asia/Shanghai', locale: 'zh-CN' },
  'owner@demo.test': { id: 'u-owner', email: 'owner@demo.test', name: '王流程', roles: ['owner'], orgId: 'o-hq', org: { id: 'o-hq', name: '总部', kind: 'internal' }, timezone: 'Asia/Shanghai', locale: 'zh-CN' },
  'qa@demo.test': { id: 'u-qa', email: 'qa@demo.test', name: '李质检', roles: ['qa'], orgId: 'o-hq', org: { id: 'o-hq', name: '总部', kind: 'internal' }, timezone: 'Asia/Shanghai', locale: 'zh-CN' },
  'manager@demo.test': { id: 'u-mgr', email: 'manager@demo.test', name: '赵经理', roles: ['manager'], orgId: 'o-hq', org: { id: 'o-hq', name: '总部', kind: 'internal' }, timezone: 'Asia/Shanghai', locale: 'zh-CN' },
  'vendor-a@demo.test': { id: 'u-va', email: 'vendor-a@demo.test', name: 'Alice (Vendor A)', roles: ['vendor'], orgId: 'o-va', org: { id: 'o-va', name: 'Vendor A', kind: 'vendor' }, timezone: 'Europe/Berlin', locale: 'en' },
  'vendor-a2@demo.test': { id: 'u-va2', email: 'vendor-a2@demo.test', name: 'Bea (Vendor A)', roles: ['vendor'], orgId: 'o-va', org: { id: 'o-va', name: 'Vendor A', kind: 'vendor' }, timezone: 'Asia/Shanghai', locale: 'zh-CN' },
  'procurement@demo.test': { id: 'u-proc', email: 'procurement@demo.test', name: '孙采购', roles: ['procurement', 'manager'], orgId: 'o-hq', org: HQ, timezone: 'Asia/Shanghai', locale: 'zh-CN' },
  'vendor-b@demo.test': { id: 'u-vb', email: 'vendor-b@demo.test', name: 'Bob (Vendor B)', roles: ['vendor'], orgId: 'o-vb', org: { id: 'o-vb', name: 'Vendor B', kind: 'vendor' }, timezone: 'Asia/Shanghai', locale: 'zh-CN', disabled: true },
};

interface MockJob {
  id: string; code: string; title: string; status: string; vendorOrg: { id: string; name: string };
  steps: Array<{ nodeId: string; type: string; status: string; round: number; activatedAt: string; dueAt: string | null; completedAt: string | null; outcome: string | null; assigneeRole: string | null; assigneeUserId?: string }>;
  createdAt: string;
  assignees?: Record<string, string>;
}

const jobs: MockJob[] = [
  {
    id: 'job-1', code: 'DD11-042', title: '双十一首页横幅', status: 'running', vendorOrg: { id: 'o-va', name: 'Vendor A' }, createdAt: iso(now - 80 * HOUR),
    steps: [
      { nodeId: 'start', type: 'start', status: 'done', round: 1, activatedAt: iso(now - 80 * HOUR), dueAt: null, completedAt: iso(now - 80 * HOUR), outcome: 'next', assigneeRole: null },
      { nodeId: 'draft', type: 'task', status: 'done', round: 1, activatedAt: iso(now - 80 * HOUR), dueAt: iso(now - 40 * HOUR), completedAt: iso(now - 46 * HOUR), outcome: 'submitted', assigneeRole: 'vendor' },
      { nodeId: 'auto', type: 'check', status: 'done', round: 1, activatedAt: iso(now - 46 * HOUR), dueAt: null, completedAt: iso(now - 45.9 * HOUR), outcome: 'passed', assigneeRole: null },
      { nodeId: 'qa', type: 'review', status: 'done', round: 1, activatedAt: iso(now - 45.9 * HOUR), dueAt: iso(now - 30 * HOUR), completedAt: iso(now - 28 * HOUR), outcome: 'rejected', assigneeRole: 'qa' },
      { nodeId: 'draft', type: 'task', status: 'done', round: 2, activatedAt: iso(now - 28 * HOUR), dueAt: iso(now - 4 * HOUR), completedAt: iso(now - 3 * HOUR), outcome: 'submitted', assigneeRole: 'vendor' },
      { nodeId: 'auto', type: 'check', status: 'done', round: 2, activatedAt: iso(now - 3 * HOUR), dueAt: null, completedAt: iso(now - 2.9 * HOUR), outcome: 'passed', assigneeRole: null },
      { nodeId: 'qa', type: 'review', status: 'active', round: 2, activatedAt: iso(now - 2.9 * HOUR), dueAt: iso(now + 20 * HOUR), completedAt: null, outcome: null, assigneeRole: 'qa' },
    ],
  },
  {
    id: 'job-2', code: 'DD11-043', title: '会场分会场 Banner', status: 'running', vendorOrg: { id: 'o-va', name: 'Vendor A' }, createdAt: iso(now - 60 * HOUR),
    steps: [
      { nodeId: 'start', type: 'start', status: 'done', round: 1, activatedAt: iso(now - 60 * HOUR), dueAt: null, completedAt: iso(now - 60 * HOUR), outcome: 'next', assigneeRole: null },
      { nodeId: 'draft', type: 'task', status: 'overdue', round: 1, activatedAt: iso(now - 60 * HOUR), dueAt: iso(now - 5 * HOUR), completedAt: null, outcome: null, assigneeRole: 'vendor' },
    ],
  },
  {
    id: 'job-3', code: 'DD11-051', title: '店铺首页改版', status: 'running', vendorOrg: { id: 'o-va', name: 'Vendor A' }, createdAt: iso(now - 10 * HOUR),
    steps: [
      { nodeId: 'start', type: 'start', status: 'done', round: 1, activatedAt: iso(now - 10 * HOUR), dueAt: null, completedAt: iso(now - 10 * HOUR), outcome: 'next', assigneeRole: null },
      { nodeId: 'draft', type: 'task', status: 'active', round: 1, activatedAt: iso(now - 10 * HOUR), dueAt: iso(now + 30 * HOUR), completedAt: null, outcome: null, assigneeRole: 'vendor' },
    ],
  },
  {
    id: 'job-4', code: 'MX-007', title: '618 主视觉', status: 'completed', vendorOrg: { id: 'o-vb', name: 'Vendor B' }, createdAt: iso(now - 300 * HOUR),
    steps: [{ nodeId: 'draft', type: 'task', status: 'done', round: 1, activatedAt: iso(now - 300 * HOUR), dueAt: iso(now - 250 * HOUR), completedAt: iso(now - 260 * HOUR), outcome: 'submitted', assigneeRole: 'vendor' }],
  },
  {
    id: 'job-5', code: 'MX-009', title: '年货节详情页', status: 'stuck', vendorOrg: { id: 'o-vb', name: 'Vendor B' }, createdAt: iso(now - 200 * HOUR),
    steps: [{ nodeId: 'draft', type: 'task', status: 'overdue', round: 4, activatedAt: iso(now - 100 * HOUR), dueAt: iso(now - 52 * HOUR), completedAt: null, outcome: null, assigneeRole: 'vendor' }],
  },
];

const files: Record<string, string> = {
  'f-ref': 'reference.png', 'f-v1': 'draft-moved.png', 'f-v2': 'draft-colour.png', 'f-diff': 'draft-word.png',
};

function jobDto(j: MockJob) {
  const active = j.steps.filter((s) => s.status === 'active' || s.status === 'overdue');
  return { assignees: { owner: 'u-owner', qa: 'u-qa' }, ...j, workflowId: `job-${j.code}`, sop: { key: 'store-decoration', version: 2 }, activeSteps: active.map((s) => s.nodeId), fields: {}, definition: sop };
}

const reviews = [
  { id: 'r-0', nodeId: 'qa', stepTitle: 'QA 审核', round: 1, decision: 'rejected', reasons: [{ code: 'COLOR', label: '颜色不符' }, { code: 'TEXT', label: '文字错误' }], comment: '左上角的 Logo 颜色偏深，请按品牌色 #E4393C 调整后重新提交。', reviewer: { id: 'u-qa', name: '李质检' }, at: iso(now - 28 * HOUR) },
];

const analyticsOverview = () => ({
  at: iso(Date.now()),
  jobsByStatus: Object.fromEntries(['running', 'completed', 'cancelled', 'failed', 'stuck'].map((st) => [st, jobs.filter((j) => j.status === st).length])),
  overdue: jobs.flatMap((j) => j.steps.filter((s) => s.status === 'overdue').map((s) => ({
    job: { id: j.id, code: j.code, title: j.title, vendorOrg: j.vendorOrg }, nodeId: s.nodeId, stepTitle: '设计稿', type: s.type, round: s.round, dueAt: s.dueAt,
    lateHours: Number(((Date.now() - Date.parse(s.dueAt ?? '')) / HOUR).toFixed(2)), assignee: { role: s.assigneeRole, userId: null, name: null },
  }))),
  burndown: Array.from({ length: 30 }, (_, d) => ({ date: iso(now - (29 - d) * 24 * HOUR).slice(0, 10), open: [2, 3, 3, 4, 6, 5, 5, 7, 8, 6, 6, 5, 7, 9, 8, 8, 7, 6, 6, 5, 6, 7, 6, 5, 5, 4, 4, 5, 4, 4][d] })),
});

const analyticsVendors = () => ({
  from: iso(now - 30 * 24 * HOUR), to: iso(Date.now()),
  vendors: [
    { org: { id: 'o-va', name: 'Vendor A' }, jobsStarted: 3, jobsCompleted: 0, onTimeRate: 0.5, onTime: { onTime: 1, due: 2 }, avgDeliveryCycleHours: null, firstPassRate: 0.5, firstPass: { passed: 1, checked: 2 }, avgReworkRounds: null, overdueOpenSteps: 1, rejections: 1, delayCauses: [{ code: 'COLOR', label: '颜色不符', count: 1 }, { code: 'TEXT', label: '文字错误', count: 1 }] },
    { org: { id: 'o-vb', name: 'Vendor B' }, jobsStarted: 2, jobsCompleted: 1, onTimeRate: 1, onTime: { onTime: 1, due: 1 }, avgDeliveryCycleHours: 40, firstPassRate: 0.25, firstPass: { passed: 1, checked: 4 }, avgReworkRounds: 3, overdueOpenSteps: 1, rejections: 3, delayCauses: [{ code: 'SIZE', label: '尺寸不对', count: 3 }] },
  ],
});

const MANAGERS = ['owner', 'manager', 'admin'];

async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL) {
  const p = url.pathname;
  const m = req.method ?? 'GET';
  if (p === '/api/auth/login' && m === 'POST') {
    const body = await readJson(req);
    const user = users[String(body.email)];
    if (!user || user.disabled || body.password !== 'demo') return problem(res, 401, 'Unauthorized', 'The email or password is wrong.');
    return send(res, 200, { token: user.email, user });
  }
  if (/^\/api\/invitations\/[^/]+\/accept$/.test(p) && (await handlePeople(req, res, p, m, undefined, users))) return;
  const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
  const me = users[token];
  if (!me || me.disabled) return problem(res, 401, 'Unauthorized', 'Log in first: send Authorization: Bearer <token>.');
  const vendor = me.org.kind === 'vendor';
  const visible = jobs.filter((j) => !vendor || j.vendorOrg.id === me.orgId);
  let mm: RegExpMatchArray | null;
  if (p === '/api/me') return send(res, 200, me);
  if (p === '/api/auth/logout') return send(res, 204);
  if (await handleNotifications(req, res, p, m, me)) return;
  if (vendor && /^\/api\/(sops|orgs|users|analytics|files$)/.test(p)) return problem(res, 403, 'Forbidden', 'Vendors see only their own jobs.');
  if (p === '/api/analytics/overview') return send(res, 200, analyticsOverview());
  if (p === '/api/analytics/vendors') return send(res, 200, analyticsVendors());
  if (p === '/api/sops/validate' && m === 'POST') return send(res, 200, { valid: true, errors: [] });
  if (p === '/api/sops' && m === 'POST') {
    const def = (await readJson(req)).definition as { key?: string } | undefined;
    return send(res, 201, { key: def?.key ?? 'new-sop', version: 1, status: 'draft' });
  }
  if (p === '/api/files' && m === 'POST') {
    await drain(req);
    return send(res, 201, { id: 'f-ref', name: 'reference.png', sha256: '000111', size: 50000, mime: 'image/png' });
  }
  if (p === '/api/jobs' && m === 'POST') {
    const body = await readJson(req);
    const at = iso(Date.now());
    const job: MockJob = {
      id: `job-${jobs.length + 1}`, code: String(body.code), title: String(body.title), status: 'running', vendorOrg: { id: 'o-va', name: 'Vendor A' }, createdAt: at,
      steps: [{ nodeId: 'draft', type: 'task', status: 'active', round: 1, activatedAt: at, dueAt: iso(Date.now() + 72 * HOUR), completedAt: null, outcome: null, assigneeRole: 'vendor' }],
    };
    jobs.push(job);
    return send(res, 201, jobDto(job));
  }
  if (p === '/api/sops' && m === 'GET') return send(res, 200, { items: [{ key: 'store-decoration', name: sop.name, latestVersion: 2, draftUpdatedAt: iso(now - 3 * HOUR) }, { key: 'minimal-review', name: 'Minimal review', latestVersion: null, draftUpdatedAt: iso(now - 50 * HOUR) }] });
  if ((mm = p.match(/^\/api\/sops\/([^/]+)$/)) && m === 'GET') {
    if (mm[1] !== 'store-decoration') return problem(res, 404, 'Not found', `SOP "${mm[1]}" was not found.`);
    return send(res, 200, { key: 'store-decoration', name: sop.name, draft: sop, versions: [{ version: 2, publishedAt: iso(now - 24 * HOUR) }, { version: 1, publishedAt: iso(now - 240 * HOUR) }], latest: { version: 2, definition: sop } });
  }
  if ((mm = p.match(/^\/api\/sops\/([^/]+)\/versions\/(\d+)$/))) return send(res, 200, { key: mm[1], version: Number(mm[2]), definition: mm[2] === '1' ? sopV1 : sop });
  if ((mm = p.match(/^\/api\/sops\/([^/]+)\/draft$/)) && m === 'PUT') return send(res, 200, { key: mm[1], version: 3, status: 'draft' });
  if ((mm = p.match(/^\/api\/sops\/([^/]+)\/publish$/)) && m === 'POST') return problem(res, 409, 'Conflict', 'The draft is the same as version 2; nothing to publish.');
  if (p === '/api/jobs' && m === 'GET') {
    return send(res, 200, { items: visible.map((j) => ({ ...jobDto(j), activeSteps: j.steps.filter((s) => s.status !== 'done').map((s) => ({ nodeId: s.nodeId, type: s.type, round: s.round, dueAt: s.dueAt, assigneeRole: s.assigneeRole })) })), nextCursor: null });
  }
  if ((mm = p.match(/^\/api\/jobs\/([^/]+)(\/.*)?$/))) {
    const job = visible.find((j) => j.id === mm![1]);
    if (!job) return problem(res, 404, 'Not found', `Job "${mm[1]}" was not found.`);
    const rest = mm[2] ?? '';
    if (rest === '') return send(res, 200, jobDto(job));
    if (rest === '/checks') {
      return send(res, 200, {
        items: [
          { id: 'c1', nodeId: 'auto', round: 2, kind: 'naming', deliverable: 'banner', passed: true, figures: { name: 'DD11-042_banner_v02.png', example: 'DD11-042_banner_v02.png' }, reasons: [], artefacts: [], createdAt: iso(now - 2.95 * HOUR) },
          { id: 'c2', nodeId: 'auto', round: 2, kind: 'visual', deliverable: 'banner', passed: false, figures: { width: 400, height: 200, diffPixels: 1840, diffRatio: 0.023, maxDiffRatio: 0.005, regions: [{ x: 40, y: 30, width: 120, height: 60, pixels: 1200 }, { x: 260, y: 120, width: 80, height: 40, pixels: 640 }] }, reasons: [{ code: 'DIFF_RATIO_EXCEEDED', message: '2.30% of pixels differ (allowed 0.50%)' }], artefacts: [{ kind: 'diff', fileId: 'f-diff' }], createdAt: iso(now - 2.95 * HOUR) },
          { id: 'c3', nodeId: 'auto', round: 2, kind: 'ocr', deliverable: 'banner', passed: true, figures: { text: '双十一 全场5折', confidence: 91, languages: ['chi_sim', 'eng'], comparison: { identical: false, similarity: 0.8, referenceText: '双十一 限时5折', ops: [{ op: 'equal', text: '双十一 ' }, { op: 'delete', text: '限时' }, { op: 'insert', text: '全场' }, { op: 'equal', text: '5折' }] } }, reasons: [], artefacts: [], createdAt: iso(now - 2.95 * HOUR) },
          { id: 'c4', nodeId: 'auto', round: 2, kind: 'checklist', passed: true, figures: { required: ['size', 'layers'], ticked: { size: true, layers: true } }, reasons: [], artefacts: [], createdAt: iso(now - 2.95 * HOUR) },
          { id: 'c0', nodeId: 'auto', round: 1, kind: 'naming', deliverable: 'banner', passed: false, figures: { name: 'banner-final.png', example: 'DD11-042_banner_v01.png' }, reasons: [{ code: 'missing', message: 'The name should start with the job code “DD11-042”.', messages: { en: 'The name should start with the job code “DD11-042”.', 'zh-CN': '文件名应以任务编号“DD11-042”开头。' } }], artefacts: [], createdAt: iso(now - 45.9 * HOUR) },
        ],
      });
    }
    if (rest === '/files') {
      return send(res, 200, {
        versions: [
          { deliverable: 'banner', version: 1, fileId: 'f-v1', name: 'banner-final.png', sha256: 'a1b2c3d4e5f6', size: 48213, mime: 'image/png', uploadedBy: { name: 'Alice (Vendor A)' }, at: iso(now - 46 * HOUR), nodeId: 'draft', round: 1, naming: { passed: false } },
          { deliverable: 'banner', version: 2, fileId: 'f-v2', name: 'DD11-042_banner_v02.png', sha256: 'f6e5d4c3b2a1', size: 50122, mime: 'image/png', uploadedBy: { name: 'Alice (Vendor A)' }, at: iso(now - 3 * HOUR), nodeId: 'draft', round: 2, naming: { passed: true } },
        ],
        references: [{ deliverable: 'banner', fileId: 'f-ref', name: 'reference.png', sha256: '000111', size: 50000, mime: 'image/png' }],
      });
    }
    if (rest === '/events') {
      return send(res, 200, {
        items: job.steps.flatMap((s, i) => [
          { seq: i * 2 + 1, at: s.activatedAt, actor: 'system', type: 'step.activated', data: { nodeId: s.nodeId, round: s.round }, hash: `h${i}a`, prevHash: `h${i - 1}b` },
          ...(s.completedAt ? [{ seq: i * 2 + 2, at: s.completedAt, actor: s.assigneeRole === 'vendor' ? 'vendor-a@demo.test' : s.assigneeRole === 'qa' ? 'qa@demo.test' : 'system', type: 'step.completed', data: { nodeId: s.nodeId, outcome: s.outcome }, hash: `h${i}b`, prevHash: `h${i}a` }] : []),
        ]),
      });
    }
    if (rest === '/comments') {
      if (m === 'POST') return send(res, 201, { id: 'cm-new', body: (await readJson(req)).body, author: { name: me.name }, at: iso(Date.now()) });
      return send(res, 200, { items: [{ id: 'cm1', body: '左上角的 Logo 颜色偏深，请按品牌色 #E4393C 调整后重新提交。', author: { name: '李质检' }, at: iso(now - 28 * HOUR) }] });
    }
    if (/^\/steps\/[^/]+\/submissions$/.test(rest) && m === 'POST') {
      await drain(req);
      return send(res, 201, { submissionId: 's-1', round: 3, files: [{ deliverable: 'banner', version: 3, name: 'DD11-043_banner_v03.png', sha256: 'abc' }], naming: [{ deliverable: 'banner', passed: true, reasons: [] }] });
    }
    if (/^\/steps\/[^/]+\/review$/.test(rest) && m === 'POST') return send(res, 200, { reviewId: 'r-1', round: 2, decision: (await readJson(req)).decision });
    if (rest === '/reviews') return send(res, 200, { items: job.id === 'job-1' ? reviews : [] });
    if (m === 'POST' && (rest === '/cancel' || rest === '/assignees' || /^\/steps\/[^/]+\/deadline$/.test(rest))) {
      if (!me.roles.some((r) => MANAGERS.includes(r))) return problem(res, 403, 'Forbidden', `This action needs one of the roles: ${MANAGERS.join(', ')}.`);
      if (job.status !== 'running' && job.status !== 'stuck') return problem(res, 409, 'Conflict', `The job is ${job.status}.`);
      const body = await readJson(req);
      if (rest === '/cancel') {
        job.status = 'cancelled';
        for (const st of job.steps) if (st.status === 'active' || st.status === 'overdue') Object.assign(st, { status: 'cancelled', completedAt: iso(Date.now()) });
        return send(res, 200, { id: job.id, status: 'cancelling' });
      }
      if (rest === '/assignees') {
        const step = job.steps.find((st) => st.nodeId === body.nodeId && (st.status === 'active' || st.status === 'overdue'));
        if (step) step.assigneeUserId = String(body.userId);
        else job.assignees = { ...jobDto(job).assignees, [String(body.role)]: String(body.userId) };
        return send(res, 200, { ok: true });
      }
      const nodeId = rest.split('/')[2];
      const step = job.steps.find((st) => st.nodeId === nodeId && (st.status === 'active' || st.status === 'overdue'));
      if (!step) return problem(res, 409, 'Conflict', `Step "${nodeId}" is not an active task or review.`);
      Object.assign(step, { dueAt: String(body.dueAt), status: Date.parse(String(body.dueAt)) > Date.now() ? 'active' : 'overdue' });
      return send(res, 200, { nodeId, dueAt: body.dueAt });
    }
  }
  if ((mm = p.match(/^\/api\/files\/([^/]+)\/content$/))) {
    const name = files[mm[1] as string];
    if (!name) return problem(res, 404, 'Not found', 'File was not found.');
    res.writeHead(200, { 'Content-Type': 'image/png' });
    return createReadStream(path.join(IMAGES, name)).pipe(res);
  }
  if (await handlePeople(req, res, p, m, me, users)) return;
  return problem(res, 404, 'Not found', `${m} ${p} is not a route of the mock.`);
}

export function startMockApi(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/')) {
      handleApi(req, res, url).catch((e: unknown) => problem(res, 500, 'Internal error', String(e)));
      return;
    }
    const file = path.join(DIST, url.pathname);
    const target = file.startsWith(DIST) && existsSync(file) && !url.pathname.endsWith('/') ? file : path.join(DIST, 'index.html');
    const type = target.endsWith('.js') ? 'text/javascript' : target.endsWith('.css') ? 'text/css' : 'text/html';
    res.writeHead(200, { 'Content-Type': type });
    createReadStream(target).pipe(res);
  });
  return new Promise((resolve) => server.listen(port, () => resolve(server)));
}

if (require.main === module) {
  const port = Number(process.argv[2] ?? 4173);
  void startMockApi(port).then(() => console.log(`mock API + UI on http://localhost:${port} (password "demo")`));
}
