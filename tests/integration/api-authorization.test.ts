/**
 * The authorisation matrix, generated from the route list: every route ×
 * every demo role, and for job-scoped routes the vendor's own organisation vs
 * another one. A new route without an entry in REQUESTS fails the suite.
 */
import request from 'supertest';
import { apiRoutes } from '../../api/app';
import type { AppDeps } from '../../api/deps';
import type { RouteDef } from '../../api/http/route';
import { openSession } from '../../api/auth/sessions';
import { databaseKinds, DEMO_PASSWORD, startAppHarness, type AppHarness } from '../support/app-harness';
import { sseUntil } from '../support/sse';
import { lazyVisualResult } from '../support/check-artefact-fixture';
import { auth, bulkSheet, finishedBulkRun, declinedAcceptJob, multipart, pngOf, publishSop, startAcceptJob, startExtraApp, startJob, startReportingJob, strictSop, submitDraft, uniqueCode, lateStepOf, monthlyReportOf, sharedCalendar, holidayFile, WORKWEEK_CALENDAR, versionedJob } from '../support/api-fixtures';

jest.setTimeout(240_000);

const CALLERS = ['admin', 'owner', 'qa', 'manager', 'procurement', 'vendor-a'] as const;
type Caller = (typeof CALLERS)[number];
const roleOf = (caller: Caller) => (caller === 'vendor-a' ? 'vendor' : caller);
const KEY_CALLERS = ['admin', 'owner', 'vendor-a'] as const;
type KeyCaller = (typeof KEY_CALLERS)[number];

/** The routes as declared (handlers are never called here, so the dependencies can be empty). */
const ROUTES: RouteDef[] = apiRoutes({ db: { prisma: {} }, temporal: { client: {} }, config: {} } as unknown as AppDeps);
const label = (r: RouteDef) => `${r.method.toUpperCase()} ${r.path}`;

interface Ctx {
  h: AppHarness;
  sop: string;
  /** Vendor A's job, `draft` active, with restricted fields. */
  job: { id: string; code: string };
  /** Vendor A's job, `review` active. */
  reviewJob: { id: string; code: string };
  /** Vendor A's job of the accept SOP, `take` active (made on first use). */
  acceptJob?: Promise<{ id: string; code: string }>;
  /** The id of a deliverable version of `reviewJob` (uploaded by Vendor A). */
  deliverableFileId: string;
  /** API keys acting as an admin, an owner (the internal organisation) and a vendor of Vendor A. */
  keys: Record<KeyCaller, string>;
  kind: string;
}

interface Call {
  path: string;
  body?: unknown;
  multipart?: { body: Buffer; contentType: string };
  /** Another token than the caller's cached one (logout needs a fresh one). */
  token?: string;
  /** A server-sent event stream: read until its `ready` event, then closed. */
  stream?: boolean;
}

interface RequestCase {
  /** The request an allowed caller sends (fresh resources when the call changes state). */
  build(ctx: Ctx, caller: Caller): Promise<Call>;
  /** What an allowed caller gets: the success status, or the domain's answer (e.g. not the assignee). */
  expected?: (caller: Caller) => number;
}

let invitationCounter = 0;

/** One request per operationId: what an allowed caller sends. */
const REQUESTS: Record<string, RequestCase> = {
  health: { build: async () => ({ path: '/api/health' }) },
  login: { build: async (_ctx, c) => ({ path: '/api/auth/login', body: { email: `${c}@demo.test`, password: DEMO_PASSWORD } }) },
  logout: {
    build: async (ctx, c) => {
      const res = await request(ctx.h.app).post('/api/auth/login').send({ email: `${c}@demo.test`, password: DEMO_PASSWORD });
      return { path: '/api/auth/logout', token: (res.body as { token: string }).token };
    },
    expected: () => 204,
  },
  me: { build: async () => ({ path: '/api/me' }) },
  acceptInvitation: {
    build: async (ctx, c) => {
      invitationCounter += 1;
      const admin = await ctx.h.login('admin');
      const invited = await request(ctx.h.app).post('/api/invitations').set(auth(admin))
        .send({ email: `invited-${ctx.kind}-${c}-${invitationCounter}@demo.test`, orgId: ctx.h.ids.orgs['Vendor A'], roles: ['vendor'] });
      return { path: `/api/invitations/${(invited.body as { token: string }).token}/accept`, body: { password: 'invited-password-1', name: 'Invited' } };
    },
    expected: () => 201,
  },
  authOptions: { build: async () => ({ path: '/api/auth/options' }) },
  // The same password again: the caller's cached session stays, the demo password stays valid for the other tests.
  changePassword: { build: async () => ({ path: '/api/auth/password', body: { currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD } }) },
  requestPasswordReset: { build: async (_ctx, c) => ({ path: '/api/auth/password-reset', body: { email: `${c}@demo.test` } }) },
  resetPassword: {
    build: async (ctx, c) => {
      const admin = await ctx.h.login('admin');
      const created = await request(ctx.h.app).post('/api/users').set(auth(admin))
        .send({ email: `reset-${uniqueCode(c)}@demo.test`.toLowerCase(), name: 'To reset', orgId: ctx.h.ids.orgs['Demo Co 演示公司'], roles: ['qa'], password: 'created-password-1' });
      const issued = await request(ctx.h.app).post(`/api/users/${(created.body as { id: string }).id}/password-reset`).set(auth(admin));
      return { path: `/api/auth/password-reset/${(issued.body as { token: string }).token}`, body: { password: 'reset-password-1' } };
    },
  },
  issuePasswordReset: {
    build: async (ctx, c) => {
      const admin = await ctx.h.login('admin');
      const created = await request(ctx.h.app).post('/api/users').set(auth(admin))
        .send({ email: `issue-${uniqueCode(c)}@demo.test`.toLowerCase(), name: 'Forgetful', orgId: ctx.h.ids.orgs['Vendor A'], roles: ['vendor'], password: 'created-password-1' });
      return { path: `/api/users/${(created.body as { id: string }).id}/password-reset` };
    },
  },
  listOrgs: { build: async () => ({ path: '/api/orgs' }) },
  listApiKeys: { build: async () => ({ path: '/api/api-keys' }) },
  createApiKey: { build: async (_ctx, c) => ({ path: '/api/api-keys', body: { name: `matrix ${c}`, roles: ['qa'] } }), expected: () => 201 },
  revokeApiKey: {
    build: async (ctx, c) => {
      const admin = await ctx.h.login('admin');
      const created = await request(ctx.h.app).post('/api/api-keys').set(auth(admin)).send({ name: `to revoke ${c}`, roles: ['qa'] });
      return { path: `/api/api-keys/${(created.body as { id: string }).id}` };
    },
    expected: () => 204,
  },
  createOrg: { build: async (_ctx, c) => ({ path: '/api/orgs', body: { name: `Org of ${c} ${uniqueCode('o')}`, kind: 'vendor' } }), expected: () => 201 },
  listUsers: { build: async () => ({ path: '/api/users' }) },
  createUser: {
    build: async (ctx, c) => ({
      path: '/api/users',
      body: { email: `created-${uniqueCode(c)}@demo.test`.toLowerCase(), name: 'Created', orgId: ctx.h.ids.orgs['Demo Co 演示公司'], roles: ['qa'], password: 'created-password-1' },
    }),
    expected: () => 201,
  },
  updateUser: {
    build: async (ctx, c) => {
      const admin = await ctx.h.login('admin');
      const created = await request(ctx.h.app).post('/api/users').set(auth(admin))
        .send({ email: `updated-${uniqueCode(c)}@demo.test`.toLowerCase(), name: 'To update', orgId: ctx.h.ids.orgs['Demo Co 演示公司'], roles: ['qa'], password: 'created-password-1' });
      return { path: `/api/users/${(created.body as { id: string }).id}`, body: { roles: ['qa', 'manager'] } };
    },
  },
  listInvitations: { build: async () => ({ path: '/api/invitations' }) },
  revokeInvitation: {
    build: async (ctx, c) => {
      const admin = await ctx.h.login('admin');
      const invited = await request(ctx.h.app).post('/api/invitations').set(auth(admin))
        .send({ email: `revoke-${uniqueCode(c)}@demo.test`.toLowerCase(), orgId: ctx.h.ids.orgs['Vendor B'], roles: ['vendor'] });
      return { path: `/api/invitations/${(invited.body as { id: string }).id}` };
    },
    expected: () => 204,
  },
  invite: {
    build: async (ctx, c) => ({ path: '/api/invitations', body: { email: `invite-${uniqueCode(c)}@demo.test`.toLowerCase(), orgId: ctx.h.ids.orgs['Vendor B'], roles: ['vendor'] } }),
    expected: () => 201,
  },
  validateSop: { build: async (ctx) => ({ path: '/api/sops/validate', body: { definition: strictSop(ctx.sop) } }) },
  createSop: { build: async (_ctx, c) => ({ path: '/api/sops', body: { definition: strictSop(`m-${uniqueCode(c)}`.toLowerCase()) } }), expected: () => 201 },
  saveSopDraft: { build: async (ctx) => ({ path: `/api/sops/${ctx.sop}/draft`, body: { definition: strictSop(ctx.sop) } }) },
  publishSop: {
    build: async (ctx, c) => {
      const key = `p-${uniqueCode(c)}`.toLowerCase();
      const owner = await ctx.h.login('owner');
      await request(ctx.h.app).post('/api/sops').set(auth(owner)).send({ definition: strictSop(key) });
      return { path: `/api/sops/${key}/publish` };
    },
  },
  listSops: { build: async () => ({ path: '/api/sops' }) },
  getSop: { build: async (ctx) => ({ path: `/api/sops/${ctx.sop}` }) },
  getSopVersion: { build: async (ctx) => ({ path: `/api/sops/${ctx.sop}/versions/1` }) },
  uploadFile: {
    build: async () => ({ path: '/api/files', multipart: multipart([{ name: 'file', filename: 'reference.png', contentType: 'image/png', data: await pngOf() }]) }),
    expected: () => 201,
  },
  downloadFile: { build: async (ctx) => ({ path: `/api/files/${ctx.deliverableFileId}/content` }) },
  previewFile: { build: async (ctx) => ({ path: `/api/files/${ctx.deliverableFileId}/preview` }) },
  startJob: {
    build: async (ctx) => {
      const code = uniqueCode('START');
      return {
        path: '/api/jobs',
        body: {
          sop: ctx.sop, code, title: code, vendorOrgId: ctx.h.ids.orgs['Vendor A'],
          assignees: { vendor: ctx.h.ids.users['vendor-a'], qa: ctx.h.ids.users.qa, manager: ctx.h.ids.users.manager },
          references: { banner: ctx.h.ids.referenceFileId },
        },
      };
    },
    expected: () => 201,
  },
  listJobs: { build: async () => ({ path: '/api/jobs' }) },
  myTasks: { build: async () => ({ path: '/api/me/tasks' }) },
  getJob: { build: async (ctx) => ({ path: `/api/jobs/${ctx.job.id}` }) },
  jobRisk: { build: async (ctx) => ({ path: `/api/jobs/${ctx.job.id}/risk` }) },
  atRiskSteps: { build: async () => ({ path: '/api/analytics/risk' }) },
  cancelJob: { build: async (ctx) => ({ path: `/api/jobs/${(await startJob(ctx.h, ctx.sop)).id}/cancel`, body: { reason: 'matrix' } }) },
  // The value it already has: allowed callers get 200, nothing changes for the other tests.
  editJobFields: { build: async (ctx) => ({ path: `/api/jobs/${ctx.job.id}/fields`, body: { fields: { priority: 'high' } } }) },
  extendDeadline: { build: async (ctx) => ({ path: `/api/jobs/${ctx.job.id}/steps/draft/deadline`, body: { dueAt: new Date(Date.now() + 86_400_000).toISOString(), reason: 'holiday' } }) },
  reassign: { build: async (ctx) => ({ path: `/api/jobs/${ctx.job.id}/assignees`, body: { role: 'qa', userId: ctx.h.ids.users.qa } }) },
  submitStep: {
    // Only the vendor changes the job: it gets a fresh one; everyone else is refused on the shared one.
    build: async (ctx, c) => {
      const job = c === 'vendor-a' ? await startJob(ctx.h, ctx.sop) : ctx.job;
      return {
        path: `/api/jobs/${job.id}/steps/draft/submissions`,
        multipart: multipart([{ name: 'banner', filename: `${job.code}_banner_v01.png`, contentType: 'image/png', data: await pngOf() }]),
      };
    },
    expected: (c) => (c === 'vendor-a' ? 201 : 403),
  },
  reviewStep: {
    build: async (ctx, c) => {
      let job = ctx.reviewJob;
      if (c === 'qa') {
        job = await startJob(ctx.h, ctx.sop);
        await submitDraft(ctx.h, job);
      }
      return { path: `/api/jobs/${job.id}/steps/review/review`, body: { decision: 'approved' } };
    },
    expected: (c) => (c === 'qa' ? 200 : 403),
  },
  acceptStep: {
    // Only the vendor answers: it gets a fresh job; everyone else is refused (not the assignee) on a shared one.
    build: async (ctx, c) => {
      ctx.acceptJob ??= startAcceptJob(ctx.h, `matrix-accept-${ctx.kind}`);
      const job = c === 'vendor-a' ? await startAcceptJob(ctx.h, `matrix-accept-${ctx.kind}`) : await ctx.acceptJob;
      return { path: `/api/jobs/${job.id}/steps/take/accept`, body: { decision: 'accepted' } };
    },
    expected: (c) => (c === 'vendor-a' ? 200 : 403),
  },
  changeVendor: {
    build: async (ctx) => {
      // To a vendor organisation of its own: Vendor B must stay without jobs (the scope tests below rely on it).
      const job = await declinedAcceptJob(ctx.h, `matrix-accept-${ctx.kind}`);
      const org = await request(ctx.h.app).post('/api/orgs').set(auth(await ctx.h.login('admin'))).send({ name: `Takeover ${uniqueCode('v')}`, kind: 'vendor' });
      if (org.status !== 201) throw new Error(`create org: ${org.status} ${org.text}`);
      return { path: `/api/jobs/${job.id}/vendor`, body: { vendorOrgId: (org.body as { id: string }).id, restartFrom: 'take' } };
    },
  },
  // Dry runs: allowed callers get the plan, the job stays on version 1 for the next caller.
  migrateJob: { build: async (ctx) => ({ path: `/api/jobs/${(await versionedJob(ctx.h, `matrix-migrate-${ctx.kind}`)).id}/migrate`, body: { version: 2, dryRun: true } }) },
  migrateSopJobs: {
    build: async (ctx) => {
      const job = await versionedJob(ctx.h, `matrix-migrate-${ctx.kind}`);
      return { path: `/api/sops/matrix-migrate-${ctx.kind}/migrations`, body: { fromVersion: 1, toVersion: 2, jobIds: [job.id], dryRun: true } };
    },
  },
  listChecks: { build: async (ctx) => ({ path: `/api/jobs/${ctx.job.id}/checks` }) },
  listJobFiles: { build: async (ctx) => ({ path: `/api/jobs/${ctx.job.id}/files` }) },
  compareJobFiles: { build: async (ctx) => ({ path: `/api/jobs/${ctx.reviewJob.id}/files/compare?a=${ctx.h.ids.referenceFileId}&b=${ctx.deliverableFileId}` }) },
  getCheckArtefact: { build: async (ctx) => ({ path: `/api/jobs/${ctx.reviewJob.id}/checks/${await lazyVisualResult(ctx.h, ctx.reviewJob.id, ctx.h.ids.referenceFileId, ctx.deliverableFileId)}/artefacts/diff` }) },
  listReviews: { build: async (ctx) => ({ path: `/api/jobs/${ctx.job.id}/reviews` }) },
  vendorKpis: { build: async () => ({ path: '/api/analytics/vendors?from=2026-01-01&to=2026-12-31' }) },
  vendorReport: { build: async () => ({ path: '/api/reports/vendors?from=2026-01-01&to=2026-12-31' }) },
  vendorSuggestions: { build: async (ctx) => ({ path: `/api/sops/${ctx.sop}/vendor-suggestions` }) },
  exportJobs: { build: async () => ({ path: '/api/jobs/export?format=csv' }) },
  listMonthlyReports: { build: async () => ({ path: '/api/reports/monthly' }) },
  downloadMonthlyReport: { build: async (ctx) => ({ path: `/api/reports/monthly/${await monthlyReportOf(ctx.h)}?format=xlsx` }) },
  buildMonthlyReport: { build: async () => ({ path: '/api/reports/monthly', body: { period: '2026-02' } }) },
  listDelayReasons: { build: async () => ({ path: '/api/delay-reasons' }) },
  listJobDelayReasons: { build: async (ctx) => ({ path: `/api/jobs/${ctx.job.id}/delay-reasons` }) },
  putDelayReason: { build: async () => ({ path: '/api/delay-reasons/matrix-code', body: { labelZh: '矩阵', labelEn: 'Matrix', active: false } }) },
  listCalendars: { build: async () => ({ path: '/api/calendars' }) },
  createCalendar: { build: async (_ctx, c) => ({ path: '/api/calendars', body: { key: `cal-${uniqueCode(c)}`.toLowerCase(), name: 'Matrix', spec: WORKWEEK_CALENDAR, timezone: 'Asia/Shanghai' } }), expected: () => 201 },
  getCalendar: { build: async (ctx) => ({ path: `/api/calendars/${await sharedCalendar(ctx.h, `cal-${uniqueCode('g')}`.toLowerCase())}` }) },
  getCalendarVersion: { build: async (ctx) => ({ path: `/api/calendars/${await sharedCalendar(ctx.h, `cal-${uniqueCode('v')}`.toLowerCase())}/versions/1` }) },
  updateCalendar: { build: async (ctx) => ({ path: `/api/calendars/${await sharedCalendar(ctx.h, `cal-${uniqueCode('u')}`.toLowerCase())}`, body: { spec: { ...WORKWEEK_CALENDAR, holidays: ['2027-10-01'] }, timezone: 'Asia/Shanghai' } }) },
  importHolidays: { build: async (ctx) => ({ path: `/api/calendars/${await sharedCalendar(ctx.h, `cal-${uniqueCode('i')}`.toLowerCase())}/holiday-import`, multipart: holidayFile() }) },
  explainLateStep: {
    build: async (ctx) => ({ path: await lateStepOf(ctx), body: { reason: 'holiday', note: '国庆' } }),
    expected: (c) => (c === 'qa' || c === 'procurement' ? 403 : 200),
  },
  analyticsOverview: { build: async () => ({ path: '/api/analytics/overview' }) },
  portfolio: { build: async (ctx) => ({ path: `/api/portfolio?sop=${ctx.sop}&limit=5` }) },
  portfolioBurndown: { build: async (ctx) => ({ path: `/api/portfolio/burndown?sop=${ctx.sop}` }) },
  listJobEvents: { build: async (ctx) => ({ path: `/api/jobs/${ctx.job.id}/events` }) },
  listComments: { build: async (ctx) => ({ path: `/api/jobs/${ctx.job.id}/comments` }) },
  listSubmissions: { build: async (ctx) => ({ path: `/api/jobs/${ctx.job.id}/submissions` }) },
  fileReport: {
    // Only the vendor files: a fresh job each time (one report per period); everyone else is refused (not the assignee).
    build: async (ctx) => {
      const job = await startReportingJob(ctx.h, `matrix-reports-${ctx.kind}`);
      return { path: `/api/jobs/${job.id}/steps/draft/reports`, body: { answers: { progress: 50 } } };
    },
    expected: (c) => (c === 'vendor-a' ? 200 : 403),
  },
  listReports: { build: async (ctx) => ({ path: `/api/jobs/${ctx.job.id}/reports` }) },
  addComment: { build: async (ctx, c) => ({ path: `/api/jobs/${ctx.job.id}/comments`, body: { body: `from ${c}` } }), expected: () => 201 },
  listMentionablePeople: { build: async (ctx) => ({ path: `/api/jobs/${ctx.job.id}/people` }) },
  inbox: { build: async () => ({ path: '/api/notifications' }) },
  markRead: { build: async () => ({ path: '/api/notifications/read', body: {} }) },
  inboxBadge: { build: async () => ({ path: '/api/notifications/unread-count' }) },
  markUnread: { build: async () => ({ path: '/api/notifications/unread', body: { ids: ['no-such-notification'] } }) },
  getNotificationPreferences: { build: async () => ({ path: '/api/notifications/preferences' }) },
  setNotificationPreferences: { build: async () => ({ path: '/api/notifications/preferences', body: { channels: ['inbox', 'email'] } }) },
  listDeliveries: { build: async () => ({ path: '/api/notifications/deliveries?status=failed' }) },
  retryDelivery: {
    build: async (ctx, c) => {
      const row = await ctx.h.test.db.prisma.notification.create({ data: { idempotencyKey: `matrix/${ctx.kind}/${c}/${uniqueCode('n')}`, channel: 'email', kind: 'escalation', status: 'failed', lastError: 'matrix' } });
      return { path: `/api/notifications/deliveries/${row.id}/retry` };
    },
  },
  listChannelConfigs: { build: async () => ({ path: '/api/notifications/channels' }) },
  createChannelConfig: {
    build: async (ctx) => ({ path: '/api/notifications/channels', body: { scope: 'sop', scopeId: ctx.sop, channel: 'webhook', url: 'https://erp.example/hooks/sop', secret: 'matrix-secret-0123456789' } }),
    expected: () => 201,
  },
  updateChannelConfig: {
    build: async (ctx) => {
      const config = await ctx.h.test.db.prisma.channelConfig.create({ data: { scope: 'sop', scopeId: ctx.sop, channel: 'slack', url: 'https://hooks.slack.example/services/T/B/X', secret: '' } });
      return { path: `/api/notifications/channels/${config.id}`, body: { enabled: false } };
    },
  },
  deleteChannelConfig: {
    build: async (ctx) => {
      const config = await ctx.h.test.db.prisma.channelConfig.create({ data: { scope: 'sop', scopeId: ctx.sop, channel: 'slack', url: 'https://hooks.slack.example/services/T/B/X', secret: '' } });
      return { path: `/api/notifications/channels/${config.id}` };
    },
    expected: () => 204,
  },
  verifyAudit: { build: async () => ({ path: '/api/audit/verify' }) },
  bulkStartJobs: { build: async (ctx) => ({ path: '/api/jobs/bulk', multipart: bulkSheet(ctx.sop) }) },
  getBulkStartRun: { build: async (ctx) => ({ path: `/api/jobs/bulk/runs/${await finishedBulkRun(ctx.h, ctx.sop)}` }) },
  bulkStartTemplate: { build: async (ctx) => ({ path: `/api/jobs/bulk/template?sop=${ctx.sop}` }) },
  exportAudit: { build: async () => ({ path: '/api/audit/export' }) },
  createEventStreamTicket: { build: async () => ({ path: '/api/events/ticket' }) },
  streamEvents: { build: async () => ({ path: '/api/events', stream: true }) },
};

/** Every response body seen in this file, to prove no password ever comes back. */
const seen: string[] = [];

function send(ctx: Ctx, route: RouteDef, call: Call, token: string | undefined) {
  let req = request(ctx.h.app)[route.method](call.path);
  if (token !== undefined) req = req.set('Authorization', `Bearer ${token}`);
  if (call.multipart) return req.set('Content-Type', call.multipart.contentType).send(call.multipart.body);
  if (call.body !== undefined) return req.send(call.body as object);
  if (call.stream) return req.buffer(true).parse(sseUntil());
  return req;
}

async function record(res: request.Response): Promise<request.Response> {
  seen.push(res.text ?? '');
  return res;
}

/** The route's path with every parameter filled (the job-scoped ones with Vendor A's job). */
function filledPath(ctx: Ctx, route: RouteDef, jobId = ctx.job.id): string {
  return route.path
    .replace(':id/content', `${ctx.deliverableFileId}/content`)
    .replace(':id', jobId)
    .replace(':nodeId', 'draft')
    .replace(':key', ctx.sop)
    .replace(':version', '1')
    .replace(':token', 'no-such-invitation');
}

const isAllowed = (route: RouteDef, caller: Caller) =>
  route.access === 'public' || route.access.roles === 'any' || route.access.roles.includes(roleOf(caller));

const successStatus = (route: RouteDef) => route.status ?? 200;

describe('the route list', () => {
  test('every route has a request in the matrix table, and the table names no route that is gone', () => {
    const ids = ROUTES.map((r) => r.operationId);
    expect(ids.filter((id) => !(id in REQUESTS))).toEqual([]);
    expect(Object.keys(REQUESTS).filter((id) => !ids.includes(id))).toEqual([]);
  });

  test('every route under /api/jobs/:id is declared job-scoped', () => {
    expect(ROUTES.filter((r) => r.path.startsWith('/api/jobs/:id') && !r.jobScoped).map(label)).toEqual([]);
  });
});

describe.each(databaseKinds())('on %s', (kind) => {
  const ctx = { kind } as Ctx;
  beforeAll(async () => {
    ctx.h = await startAppHarness(kind);
    ctx.sop = `matrix-${kind}`;
    await publishSop(ctx.h, strictSop(ctx.sop));
    ctx.job = await startJob(ctx.h, ctx.sop, { fields: { budget: 12000, contractNo: 'HT-2026-001', priority: 'high' } });
    ctx.reviewJob = await startJob(ctx.h, ctx.sop);
    await submitDraft(ctx.h, ctx.reviewJob);
    const version = await ctx.h.test.db.prisma.deliverableVersion.findFirstOrThrow({ where: { jobId: ctx.reviewJob.id } });
    ctx.deliverableFileId = version.fileId;
    const admin = await ctx.h.login('admin');
    const key = async (roles: string[], orgId?: string) => {
      const res = await request(ctx.h.app).post('/api/api-keys').set(auth(admin)).send({ name: `matrix ${roles.join('+')}`, roles, ...(orgId ? { orgId } : {}) });
      if (res.status !== 201) throw new Error(`create key: ${res.status} ${res.text}`);
      return (res.body as { token: string }).token;
    };
    ctx.keys = { admin: await key(['admin']), owner: await key(['owner']), 'vendor-a': await key(['vendor'], ctx.h.ids.orgs['Vendor A']) };
  });
  afterAll(async () => {
    await ctx.h?.close();
  });

  const protectedRoutes = ROUTES.filter((r) => r.access !== 'public');
  test.each(protectedRoutes.map((r) => [label(r), r] as const))('%s answers 401 without a token and with a garbage token', async (_name, route) => {
    const call = { path: filledPath(ctx, route) };
    for (const token of [undefined, 'garbage-token', '']) {
      const res = await record(await send(ctx, route, call, token));
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body).toMatchObject({ type: 'urn:sop:problem:unauthorized', status: 401 });
    }
  });

  test.each(ROUTES.map((r) => [label(r), r] as const))('%s: each demo role gets its answer (403 outside the route\'s roles)', async (_name, route) => {
    const spec = REQUESTS[route.operationId]!;
    const outcome: Record<string, number> = {};
    const wanted: Record<string, number> = {};
    for (const caller of CALLERS) {
      const token = await ctx.h.login(caller);
      if (isAllowed(route, caller)) {
        const call = await spec.build(ctx, caller);
        const res = await record(await send(ctx, route, call, call.token ?? token));
        outcome[caller] = res.status;
        wanted[caller] = spec.expected?.(caller) ?? successStatus(route);
        if (res.status === 403) expect(res.body.type).not.toBe('urn:sop:problem:forbidden'); // a domain refusal, never the role gate
        if (res.status !== wanted[caller]) throw new Error(`${caller}: ${res.status} ${res.text}`);
      } else {
        const res = await record(await send(ctx, route, { path: filledPath(ctx, route) }, token));
        outcome[caller] = res.status;
        wanted[caller] = 403;
        expect(res.body).toMatchObject({ type: 'urn:sop:problem:forbidden', status: 403 });
      }
    }
    expect(outcome).toEqual(wanted);
  });

  test.each(protectedRoutes.map((r) => [label(r), r] as const))('%s: an API key gets what a person of its role gets, and 403 where keys are refused', async (_name, route) => {
    const spec = REQUESTS[route.operationId]!;
    const outcome: Record<string, number> = {};
    const wanted: Record<string, number> = {};
    for (const caller of KEY_CALLERS) {
      const token = ctx.keys[caller];
      if (isAllowed(route, caller) && !route.notForApiKeys) {
        const call = await spec.build(ctx, caller);
        const res = await record(await send(ctx, route, call, token));
        outcome[caller] = res.status;
        wanted[caller] = spec.expected?.(caller) ?? successStatus(route);
        if (res.status === 403) expect(res.body.type).not.toBe('urn:sop:problem:forbidden');
        if (res.status !== wanted[caller]) throw new Error(`${caller} key: ${res.status} ${res.text}`);
      } else {
        const res = await record(await send(ctx, route, { path: filledPath(ctx, route) }, token));
        outcome[caller] = res.status;
        wanted[caller] = 403;
        expect(res.body).toMatchObject({ type: 'urn:sop:problem:forbidden', status: 403 });
      }
    }
    expect(outcome).toEqual(wanted);
  });

  const scopedRoutes = ROUTES.filter((r) => r.jobScoped);
  test.each(scopedRoutes.map((r) => [label(r), r] as const))('%s answers 404 to Vendor B for Vendor A\'s job, as for a job that does not exist', async (_name, route) => {
    const vendorB = await ctx.h.login('vendor-b');
    const other = await record(await send(ctx, route, { path: filledPath(ctx, route), body: {} }, vendorB));
    expect(other.status).toBe(404);
    expect(other.body).toMatchObject({ type: 'urn:sop:problem:not-found', title: 'Not found', status: 404, detail: `Job ${ctx.job.id} was not found.` });
    const missing = await record(await send(ctx, route, { path: filledPath(ctx, route, 'no-such-job'), body: {} }, await ctx.h.login('vendor-a')));
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ type: 'urn:sop:problem:not-found', detail: 'Job no-such-job was not found.' });
  });

  test('Vendor B gets 404 on the files of Vendor A\'s job (deliverable and reference); Vendor A gets the bytes', async () => {
    const [vendorA, vendorB] = [await ctx.h.login('vendor-a'), await ctx.h.login('vendor-b')];
    for (const fileId of [ctx.deliverableFileId, ctx.h.ids.referenceFileId]) {
      const denied = await record(await request(ctx.h.app).get(`/api/files/${fileId}/content`).set(auth(vendorB)));
      expect(denied.status).toBe(404);
      expect(denied.body).toMatchObject({ type: 'urn:sop:problem:not-found', detail: `File ${fileId} was not found.` });
      const allowed = await request(ctx.h.app).get(`/api/files/${fileId}/content`).set(auth(vendorA));
      expect(allowed.status).toBe(200);
      expect(allowed.headers['content-type']).toBe('image/png');
    }
  });

  test('Vendor B\'s job list does not contain Vendor A\'s jobs, even when it filters by Vendor A', async () => {
    const vendorB = await ctx.h.login('vendor-b');
    const all = await request(ctx.h.app).get('/api/jobs').set(auth(vendorB));
    expect(all.status).toBe(200);
    expect(all.body.items).toEqual([]);
    const filtered = await request(ctx.h.app).get(`/api/jobs?vendorOrgId=${ctx.h.ids.orgs['Vendor A']}`).set(auth(vendorB));
    expect(filtered.body.items).toEqual([]);
    const vendorA = await ctx.h.login('vendor-a');
    const own = await request(ctx.h.app).get('/api/jobs?limit=200').set(auth(vendorA));
    expect((own.body.items as Array<{ id: string }>).map((j) => j.id)).toContain(ctx.job.id);
  });

  test.each([
    ['owner', true], ['procurement', true], ['admin', true], ['qa', false], ['manager', false], ['vendor-a', false],
  ] as const)('budget and contractNo are %s-visible: %s', async (caller, visible) => {
    const token = await ctx.h.login(caller);
    const expected = visible ? { budget: 12000, contractNo: 'HT-2026-001', priority: 'high' } : { priority: 'high' };
    const one = await record(await request(ctx.h.app).get(`/api/jobs/${ctx.job.id}`).set(auth(token)));
    expect(one.body.fields).toEqual(expected);
    const list = await record(await request(ctx.h.app).get('/api/jobs?limit=200').set(auth(token)));
    expect((list.body.items as Array<{ id: string; fields: unknown }>).find((j) => j.id === ctx.job.id)?.fields).toEqual(expected);
    if (!visible) {
      expect(one.text).not.toContain('HT-2026-001');
      expect(list.text).not.toContain('HT-2026-001');
    }
  });

  test('an expired token answers 401', async () => {
    const session = await openSession(ctx.h.test.db.prisma, ctx.h.ids.users.owner!, -1000);
    const res = await request(ctx.h.app).get('/api/me').set(auth(session.token));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ type: 'urn:sop:problem:unauthorized', detail: 'The token is invalid, expired or revoked; log in again.' });
  });

  test('a token revoked by logout answers 401, also to a second logout', async () => {
    const login = await request(ctx.h.app).post('/api/auth/login').send({ email: 'qa@demo.test', password: DEMO_PASSWORD });
    const token = (login.body as { token: string }).token;
    expect((await request(ctx.h.app).get('/api/me').set(auth(token))).status).toBe(200);
    expect((await request(ctx.h.app).post('/api/auth/logout').set(auth(token))).status).toBe(204);
    const after = await request(ctx.h.app).get('/api/me').set(auth(token));
    expect(after.status).toBe(401);
    expect(after.body.detail).toBe('The token is invalid, expired or revoked; log in again.');
    expect((await request(ctx.h.app).post('/api/auth/logout').set(auth(token))).status).toBe(401);
  });

  test('after 5 failed logins the next attempt answers 429 with Retry-After, even with the right password', async () => {
    const extra = await startExtraApp(ctx.h);
    try {
      for (let i = 1; i <= 5; i += 1) {
        const res = await record(await request(extra.app).post('/api/auth/login').send({ email: 'manager@demo.test', password: `wrong-password-${i}` }));
        expect([i, res.status, res.body.type]).toEqual([i, 401, 'urn:sop:problem:invalid-credentials']);
      }
      const limited = await record(await request(extra.app).post('/api/auth/login').send({ email: 'manager@demo.test', password: DEMO_PASSWORD }));
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ type: 'urn:sop:problem:too-many-requests', status: 429 });
      const retryAfter = Number(limited.headers['retry-after']);
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(890);
      expect(retryAfter).toBeLessThanOrEqual(900);
      expect(limited.body.detail).toBe(`Too many failed logins; try again in ${retryAfter} s.`);
    } finally {
      await extra.close();
    }
  });

  test('no response and no audit event contains a password, a password hash or an API key\'s secret', async () => {
    const admin = await ctx.h.login('admin');
    const exported = await request(ctx.h.app).get('/api/audit/export').set(auth(admin));
    expect(exported.status).toBe(200);
    const users = await request(ctx.h.app).get('/api/users').set(auth(admin));
    const texts = [...seen, exported.text, users.text];
    expect(texts.length).toBeGreaterThan(ROUTES.length * CALLERS.length);
    const keySecrets = Object.values(ctx.keys).map((token) => token.slice(-43));
    const secrets = [DEMO_PASSWORD, 'invited-password-1', 'created-password-1', 'reset-password-1', 'wrong-password-1', 'wrong-password-5', '$argon2', 'passwordHash', 'tokenHash', 'secretHash', ...keySecrets];
    for (const secret of secrets) expect(texts.filter((t) => t.includes(secret))).toEqual([]);
    expect(exported.text.split('\n').filter(Boolean).some((line) => (JSON.parse(line) as { type: string }).type === 'auth.login_failed')).toBe(true);
  });
});
