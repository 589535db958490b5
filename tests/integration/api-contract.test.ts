/**
 * The API's contract: the OpenAPI document the app serves is a valid OpenAPI
 * 3.1 document, every route declares a schema for its success answer, and the
 * real answers of every route — as admin, owner, QA and a vendor — match the
 * declared schema (ajv, JSON Schema 2020-12, strict). The routes come from the
 * route list: a new route without a schema or without a request here fails.
 */
import request from 'supertest';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { declaredRoutes, offlineOpenApiDocument } from '../../api/openapi-document';
import { openApiDocument } from '../../api/http/openapi';
import type { RouteDef } from '../../api/http/route';
import { startAppHarness, DEMO_PASSWORD, type AppHarness } from '../support/app-harness';
import { sseEvents, sseUntil } from '../support/sse';
import { auth, bulkSheet, finishedBulkRun, declinedAcceptJob, multipart, pngOf, publishSop, startAcceptJob, startJob, startReportingJob, strictSop, submitDraft, uniqueCode, waitForActive, lateStepOf, monthlyReportOf, sharedCalendar, holidayFile, WORKWEEK_CALENDAR, versionedJob } from '../support/api-fixtures';
import { lazyVisualResult } from '../support/check-artefact-fixture';
import { validateOpenApi } from '../support/openapi-validate';

jest.setTimeout(300_000);

const CALLERS = ['admin', 'owner', 'qa', 'vendor-a'] as const;
type Caller = (typeof CALLERS)[number];
const roleOf = (caller: Caller) => (caller === 'vendor-a' ? 'vendor' : caller);

const ROUTES: RouteDef[] = declaredRoutes();
const label = (r: RouteDef) => `${r.method.toUpperCase()} ${r.path}`;
const successStatus = (r: RouteDef) => r.status ?? 200;
const isAllowed = (route: RouteDef, caller: Caller) =>
  route.access === 'public' || route.access.roles === 'any' || route.access.roles.includes(roleOf(caller));

interface Ctx {
  h: AppHarness;
  sop: string;
  /** Vendor A's job, `draft` active, with all three declared fields set. */
  job: { id: string; code: string };
  /** Vendor A's job: one submission rejected by QA (reason `color`, a comment), `draft` active again; a comment, a check result. */
  richJob: { id: string; code: string };
  /** A deliverable of `richJob`. */
  fileId: string;
}

interface Call {
  path: string;
  body?: unknown;
  multipart?: { body: Buffer; contentType: string };
  token?: string;
  /** A server-sent event stream: read until its `ready` event, then closed. */
  stream?: boolean;
}

interface ContractCase {
  build(ctx: Ctx, caller: Caller): Promise<Call>;
  /** The callers (of those the route allows) whose answer is the success answer; default: every allowed one. */
  succeeds?: readonly Caller[];
  /** A list the answer must carry at least one entry of, so the item schema is exercised (dot path). */
  nonEmpty?: string;
}

/** One request per operationId that answers with the route's success status. */
const CASES: Record<string, ContractCase> = {
  health: { build: async () => ({ path: '/api/health' }) },
  login: { build: async (_ctx, c) => ({ path: '/api/auth/login', body: { email: `${c}@demo.test`, password: DEMO_PASSWORD } }) },
  logout: {
    build: async (ctx, c) => {
      const res = await request(ctx.h.app).post('/api/auth/login').send({ email: `${c}@demo.test`, password: DEMO_PASSWORD });
      return { path: '/api/auth/logout', token: (res.body as { token: string }).token };
    },
  },
  me: { build: async () => ({ path: '/api/me' }) },
  authOptions: { build: async () => ({ path: '/api/auth/options' }) },
  acceptInvitation: {
    build: async (ctx, c) => {
      const invited = await request(ctx.h.app).post('/api/invitations').set(auth(await ctx.h.login('admin')))
        .send({ email: `contract-${uniqueCode(c)}@demo.test`.toLowerCase(), orgId: ctx.h.ids.orgs['Vendor A'], roles: ['vendor'] });
      return { path: `/api/invitations/${(invited.body as { token: string }).token}/accept`, body: { password: 'invited-password-1', name: 'Invited' } };
    },
  },
  changePassword: { build: async () => ({ path: '/api/auth/password', body: { currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD } }) },
  requestPasswordReset: { build: async (_ctx, c) => ({ path: '/api/auth/password-reset', body: { email: `${c}@demo.test` } }) },
  resetPassword: {
    build: async (ctx, c) => {
      const admin = await ctx.h.login('admin');
      const created = await request(ctx.h.app).post('/api/users').set(auth(admin))
        .send({ email: `contract-reset-${uniqueCode(c)}@demo.test`.toLowerCase(), name: 'To reset', orgId: ctx.h.ids.orgs['Demo Co 演示公司'], roles: ['qa'], password: 'created-password-1' });
      const issued = await request(ctx.h.app).post(`/api/users/${(created.body as { id: string }).id}/password-reset`).set(auth(admin));
      return { path: `/api/auth/password-reset/${(issued.body as { token: string }).token}`, body: { password: 'reset-password-1' } };
    },
  },
  issuePasswordReset: { build: async (ctx) => ({ path: `/api/users/${ctx.h.ids.users['vendor-b']}/password-reset` }) },
  listOrgs: { build: async () => ({ path: '/api/orgs' }), nonEmpty: 'items' },
  createOrg: { build: async (_ctx, c) => ({ path: '/api/orgs', body: { name: `Contract org ${uniqueCode(c)}`, kind: 'vendor' } }) },
  listUsers: { build: async () => ({ path: '/api/users' }), nonEmpty: 'items' },
  createUser: {
    build: async (ctx, c) => ({
      path: '/api/users',
      body: { email: `contract-user-${uniqueCode(c)}@demo.test`.toLowerCase(), name: 'Created', orgId: ctx.h.ids.orgs['Vendor A'], roles: ['vendor'], password: 'created-password-1', locale: 'en', timezone: 'Europe/Berlin' },
    }),
  },
  updateUser: { build: async (ctx) => ({ path: `/api/users/${ctx.h.ids.users.manager}`, body: { name: 'Manager' } }) },
  listInvitations: { build: async () => ({ path: '/api/invitations?all=true' }), nonEmpty: 'items' },
  revokeInvitation: {
    build: async (ctx, c) => {
      const invited = await request(ctx.h.app).post('/api/invitations').set(auth(await ctx.h.login('admin')))
        .send({ email: `contract-revoke-${uniqueCode(c)}@demo.test`.toLowerCase(), orgId: ctx.h.ids.orgs['Vendor B'], roles: ['vendor'] });
      return { path: `/api/invitations/${(invited.body as { id: string }).id}` };
    },
  },
  invite: { build: async (ctx, c) => ({ path: '/api/invitations', body: { email: `contract-invite-${uniqueCode(c)}@demo.test`.toLowerCase(), orgId: ctx.h.ids.orgs['Vendor B'], roles: ['vendor'] } }) },
  validateSop: { build: async () => ({ path: '/api/sops/validate', body: { definition: { schemaVersion: 1, key: 'x' } } }), nonEmpty: 'errors' },
  createSop: { build: async (_ctx, c) => ({ path: '/api/sops', body: { definition: strictSop(`c-${uniqueCode(c)}`.toLowerCase()) } }) },
  // An invalid work-in-progress draft (saved with its problems) on an SOP of its own.
  saveSopDraft: {
    build: async (ctx, c) => {
      const key = `d-${uniqueCode(c)}`.toLowerCase();
      await request(ctx.h.app).post('/api/sops').set(auth(await ctx.h.login('owner'))).send({ definition: strictSop(key) });
      return { path: `/api/sops/${key}/draft`, body: { definition: { ...strictSop(key), nodes: [] } } };
    },
    nonEmpty: 'errors',
  },
  publishSop: {
    build: async (ctx, c) => {
      const key = `p-${uniqueCode(c)}`.toLowerCase();
      await request(ctx.h.app).post('/api/sops').set(auth(await ctx.h.login('owner'))).send({ definition: strictSop(key) });
      return { path: `/api/sops/${key}/publish` };
    },
  },
  listSops: { build: async () => ({ path: '/api/sops' }), nonEmpty: 'items' },
  getSop: { build: async (ctx) => ({ path: `/api/sops/${ctx.sop}` }), nonEmpty: 'versions' },
  getSopVersion: { build: async (ctx) => ({ path: `/api/sops/${ctx.sop}/versions/1` }) },
  uploadFile: { build: async () => ({ path: '/api/files', multipart: multipart([{ name: 'file', filename: '参考图.png', contentType: 'image/png', data: await pngOf() }]) }) },
  downloadFile: { build: async (ctx) => ({ path: `/api/files/${ctx.fileId}/content` }) },
  previewFile: { build: async (ctx) => ({ path: `/api/files/${ctx.fileId}/preview` }) },
  startJob: {
    build: async (ctx) => {
      const code = uniqueCode('CONTRACT');
      return {
        path: '/api/jobs',
        body: {
          sop: ctx.sop, code, title: code, vendorOrgId: ctx.h.ids.orgs['Vendor A'],
          assignees: { vendor: ctx.h.ids.users['vendor-a'], qa: ctx.h.ids.users.qa, manager: ctx.h.ids.users.manager },
          references: { banner: ctx.h.ids.referenceFileId }, fields: { priority: 'low' },
        },
      };
    },
  },
  bulkStartJobs: { build: async (ctx) => ({ path: '/api/jobs/bulk', multipart: bulkSheet(ctx.sop) }), nonEmpty: 'problems' },
  getBulkStartRun: { build: async (ctx) => ({ path: `/api/jobs/bulk/runs/${await finishedBulkRun(ctx.h, ctx.sop)}` }), nonEmpty: 'rows' },
  bulkStartTemplate: { build: async (ctx) => ({ path: `/api/jobs/bulk/template?sop=${ctx.sop}` }) },
  listJobs: { build: async () => ({ path: '/api/jobs?limit=2' }), nonEmpty: 'items' },
  getJob: { build: async (ctx) => ({ path: `/api/jobs/${ctx.richJob.id}` }), nonEmpty: 'steps' },
  jobRisk: { build: async (ctx) => ({ path: `/api/jobs/${ctx.richJob.id}/risk` }) },
  atRiskSteps: { build: async () => ({ path: '/api/analytics/risk?limit=5' }) },
  editJobFields: { build: async (ctx) => ({ path: `/api/jobs/${ctx.job.id}/fields`, body: { fields: { priority: 'high', budget: 12000 } } }) },
  cancelJob: { build: async (ctx) => ({ path: `/api/jobs/${(await startJob(ctx.h, ctx.sop)).id}/cancel`, body: { reason: 'contract' } }) },
  extendDeadline: { build: async (ctx) => ({ path: `/api/jobs/${ctx.job.id}/steps/draft/deadline`, body: { dueAt: new Date(Date.now() + 86_400_000).toISOString(), reason: 'holiday' } }) },
  reassign: { build: async (ctx) => ({ path: `/api/jobs/${ctx.job.id}/assignees`, body: { role: 'qa', userId: ctx.h.ids.users.qa } }) },
  submitStep: {
    build: async (ctx) => {
      const job = await startJob(ctx.h, ctx.sop);
      return { path: `/api/jobs/${job.id}/steps/draft/submissions`, multipart: multipart([{ name: 'banner', filename: `${job.code}_banner_v01.png`, contentType: 'image/png', data: await pngOf() }]) };
    },
    succeeds: ['vendor-a'],
    nonEmpty: 'naming',
  },
  reviewStep: {
    build: async (ctx) => {
      const job = await startJob(ctx.h, ctx.sop);
      await submitDraft(ctx.h, job);
      return { path: `/api/jobs/${job.id}/steps/review/review`, body: { decision: 'approved' } };
    },
    succeeds: ['qa'],
  },
  acceptStep: {
    build: async (ctx) => {
      const job = await startAcceptJob(ctx.h, 'contract-accept');
      return { path: `/api/jobs/${job.id}/steps/take/accept`, body: { decision: 'declined', reason: 'capacity', note: '本月排满' } };
    },
    succeeds: ['vendor-a'],
  },
  changeVendor: {
    build: async (ctx) => {
      const job = await declinedAcceptJob(ctx.h, 'contract-accept');
      return { path: `/api/jobs/${job.id}/vendor`, body: { vendorOrgId: ctx.h.ids.orgs['Vendor B'], vendorUserId: ctx.h.ids.users['vendor-b'], restartFrom: 'take' } };
    },
  },
  migrateJob: { build: async (ctx) => ({ path: `/api/jobs/${(await versionedJob(ctx.h, 'contract-migrate')).id}/migrate`, body: { version: 2, dryRun: true } }), nonEmpty: 'changes.checks' },
  migrateSopJobs: {
    build: async (ctx) => ({ path: '/api/sops/contract-migrate/migrations', body: { fromVersion: 1, toVersion: 2, jobIds: [(await versionedJob(ctx.h, 'contract-migrate')).id, 'no-such-job'], dryRun: true } }),
    nonEmpty: 'results',
  },
  listChecks: { build: async (ctx) => ({ path: `/api/jobs/${ctx.richJob.id}/checks` }), nonEmpty: 'items' },
  getCheckArtefact: { build: async (ctx) => ({ path: `/api/jobs/${ctx.richJob.id}/checks/${await lazyVisualResult(ctx.h, ctx.richJob.id, ctx.h.ids.referenceFileId, ctx.fileId)}/artefacts/overlay` }) },
  listReviews: { build: async (ctx) => ({ path: `/api/jobs/${ctx.richJob.id}/reviews` }), nonEmpty: 'items' },
  listJobFiles: { build: async (ctx) => ({ path: `/api/jobs/${ctx.richJob.id}/files` }), nonEmpty: 'versions' },
  compareJobFiles: { build: async (ctx) => ({ path: `/api/jobs/${ctx.richJob.id}/files/compare?a=${ctx.h.ids.referenceFileId}&b=${ctx.fileId}` }), nonEmpty: 'visual.artefacts' },
  listJobEvents: { build: async (ctx) => ({ path: `/api/jobs/${ctx.richJob.id}/events?limit=3` }), nonEmpty: 'items' },
  listComments: { build: async (ctx) => ({ path: `/api/jobs/${ctx.richJob.id}/comments` }), nonEmpty: 'items' },
  addComment: { build: async (ctx, c) => ({ path: `/api/jobs/${ctx.job.id}/comments`, body: { body: `来自 ${c} @质检 Quinn @nobody` } }) },
  listMentionablePeople: { build: async (ctx) => ({ path: `/api/jobs/${ctx.job.id}/people` }), nonEmpty: 'items' },
  listSubmissions: { build: async (ctx) => ({ path: `/api/jobs/${ctx.richJob.id}/submissions` }), nonEmpty: 'items' },
  fileReport: {
    build: async (ctx) => {
      const job = await startReportingJob(ctx.h, 'contract-reports');
      return { path: `/api/jobs/${job.id}/steps/draft/reports`, body: { answers: { progress: 30 }, note: '进度正常' } };
    },
    succeeds: ['vendor-a'],
  },
  listReports: {
    build: async (ctx) => {
      const job = await startReportingJob(ctx.h, 'contract-reports');
      const res = await request(ctx.h.app).post(`/api/jobs/${job.id}/steps/draft/reports`).set(auth(await ctx.h.login('vendor-a'))).send({ answers: { progress: 30 } });
      if (res.status !== 200) throw new Error(`file report: ${res.status} ${res.text}`);
      return { path: `/api/jobs/${job.id}/reports` };
    },
    nonEmpty: 'items',
  },
  myTasks: { build: async () => ({ path: '/api/me/tasks' }) },
  listApiKeys: {
    build: async (ctx) => {
      await request(ctx.h.app).post('/api/api-keys').set(auth(await ctx.h.login('admin'))).send({ name: `contract ${uniqueCode('k')}`, roles: ['qa'] });
      return { path: '/api/api-keys' };
    },
    nonEmpty: 'items',
  },
  createApiKey: { build: async () => ({ path: '/api/api-keys', body: { name: `contract ${uniqueCode('k')}`, roles: ['qa'] } }) },
  revokeApiKey: {
    build: async (ctx) => {
      const created = await request(ctx.h.app).post('/api/api-keys').set(auth(await ctx.h.login('admin'))).send({ name: `contract ${uniqueCode('k')}`, roles: ['qa'] });
      return { path: `/api/api-keys/${(created.body as { id: string }).id}` };
    },
  },
  inbox: { build: async () => ({ path: '/api/notifications' }) },
  inboxBadge: { build: async () => ({ path: '/api/notifications/unread-count' }) },
  markRead: { build: async () => ({ path: '/api/notifications/read', body: {} }) },
  markUnread: { build: async () => ({ path: '/api/notifications/unread', body: { ids: ['no-such-notification'] } }) },
  getNotificationPreferences: { build: async () => ({ path: '/api/notifications/preferences' }) },
  setNotificationPreferences: { build: async () => ({ path: '/api/notifications/preferences', body: { channels: ['inbox', 'email'] } }) },
  listDeliveries: { build: async () => ({ path: '/api/notifications/deliveries?status=failed' }), nonEmpty: 'items' },
  retryDelivery: {
    build: async (ctx) => {
      const row = await ctx.h.test.db.prisma.notification.create({
        data: { idempotencyKey: `contract/${uniqueCode('n')}`, channel: 'email', kind: 'escalation', status: 'failed', lastError: 'smtp: connection refused', jobId: ctx.job.id, payload: { email: { to: 'ops@example.com', subject: '升级' } } },
      });
      return { path: `/api/notifications/deliveries/${row.id}/retry` };
    },
  },
  listChannelConfigs: { build: async () => ({ path: '/api/notifications/channels' }), nonEmpty: 'items' },
  createChannelConfig: {
    build: async (ctx) => ({ path: '/api/notifications/channels', body: { scope: 'sop', scopeId: ctx.sop, channel: 'webhook', url: 'https://erp.example/hooks/sop', secret: 'contract-secret-0123456789', settings: { events: ['job.*'] } } }),
  },
  updateChannelConfig: {
    build: async (ctx) => {
      const config = await ctx.h.test.db.prisma.channelConfig.create({ data: { scope: 'sop', scopeId: ctx.sop, channel: 'slack', url: 'https://hooks.slack.example/services/T/B/X', secret: '' } });
      return { path: `/api/notifications/channels/${config.id}`, body: { enabled: false, name: 'Slack' } };
    },
  },
  deleteChannelConfig: {
    build: async (ctx) => {
      const config = await ctx.h.test.db.prisma.channelConfig.create({ data: { scope: 'sop', scopeId: ctx.sop, channel: 'slack', url: 'https://hooks.slack.example/services/T/B/X', secret: '' } });
      return { path: `/api/notifications/channels/${config.id}` };
    },
  },
  vendorKpis: { build: async () => ({ path: '/api/analytics/vendors' }), nonEmpty: 'vendors' },
  vendorReport: { build: async () => ({ path: '/api/reports/vendors' }), nonEmpty: 'vendors' },
  vendorSuggestions: { build: async (ctx) => ({ path: `/api/sops/${ctx.sop}/vendor-suggestions` }), nonEmpty: 'items' },
  exportJobs: { build: async () => ({ path: '/api/jobs/export' }) },
  listMonthlyReports: {
    build: async (ctx) => {
      await monthlyReportOf(ctx.h);
      return { path: '/api/reports/monthly' };
    },
    nonEmpty: 'items',
  },
  downloadMonthlyReport: { build: async (ctx) => ({ path: `/api/reports/monthly/${await monthlyReportOf(ctx.h)}` }) },
  buildMonthlyReport: { build: async () => ({ path: '/api/reports/monthly', body: { period: '2026-02' } }) },
  listDelayReasons: { build: async () => ({ path: '/api/delay-reasons' }), nonEmpty: 'items' },
  listJobDelayReasons: { build: async (ctx) => ({ path: `/api/jobs/${ctx.job.id}/delay-reasons` }), nonEmpty: 'items' },
  putDelayReason: { build: async () => ({ path: '/api/delay-reasons/contract-code', body: { labelZh: '契约', labelEn: 'Contract', active: false } }) },
  listCalendars: { build: async (ctx) => { const key = await sharedCalendar(ctx.h, `cal-${uniqueCode('l')}`.toLowerCase()); return { path: `/api/calendars?q=${key}` }; }, nonEmpty: 'items' },
  createCalendar: { build: async () => ({ path: '/api/calendars', body: { key: `cal-${uniqueCode('c')}`.toLowerCase(), name: 'Contract', spec: WORKWEEK_CALENDAR, timezone: 'Asia/Shanghai' } }) },
  getCalendar: { build: async (ctx) => ({ path: `/api/calendars/${await sharedCalendar(ctx.h, `cal-${uniqueCode('g')}`.toLowerCase())}` }), nonEmpty: 'versions' },
  getCalendarVersion: { build: async (ctx) => ({ path: `/api/calendars/${await sharedCalendar(ctx.h, `cal-${uniqueCode('v')}`.toLowerCase())}/versions/1` }), nonEmpty: 'spec.workdays' },
  updateCalendar: { build: async (ctx) => ({ path: `/api/calendars/${await sharedCalendar(ctx.h, `cal-${uniqueCode('u')}`.toLowerCase())}`, body: { spec: { ...WORKWEEK_CALENDAR, holidays: ['2027-10-01'] }, timezone: 'Asia/Shanghai', note: 'contract' } }) },
  importHolidays: { build: async (ctx) => ({ path: `/api/calendars/${await sharedCalendar(ctx.h, `cal-${uniqueCode('i')}`.toLowerCase())}/holiday-import`, multipart: holidayFile(false) }) },
  explainLateStep: { build: async (ctx) => ({ path: await lateStepOf(ctx), body: { reason: 'holiday' } }), succeeds: ['admin', 'owner', 'vendor-a'] },
  analyticsOverview: { build: async () => ({ path: '/api/analytics/overview' }), nonEmpty: 'burndown' },
  portfolio: { build: async (ctx) => ({ path: `/api/portfolio?sop=${ctx.sop}` }), nonEmpty: 'items' },
  portfolioBurndown: { build: async (ctx) => ({ path: `/api/portfolio/burndown?sop=${ctx.sop}` }), nonEmpty: 'days' },
  verifyAudit: { build: async () => ({ path: '/api/audit/verify' }) },
  exportAudit: { build: async () => ({ path: '/api/audit/export' }) },
  createEventStreamTicket: { build: async () => ({ path: '/api/events/ticket' }) },
  streamEvents: { build: async () => ({ path: '/api/events', stream: true }) },
};

/** The success answer's declared media type and schema, or undefined when the route declares none. */
function declared(document: Record<string, unknown>, route: RouteDef): { mediaType: string; schema: unknown } | undefined {
  const paths = document.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
  const content = paths[route.path.replace(/:([A-Za-z]+)/g, '{$1}')]?.[route.method]?.responses[String(successStatus(route))]?.content;
  const [mediaType, media] = Object.entries(content ?? {})[0] ?? [];
  if (!mediaType || !media?.schema || Object.keys(media.schema).length === 0) return undefined;
  return { mediaType, schema: media.schema };
}

/** Every `$ref` of the document's components, re-pointed at one schema ajv holds (`https://api.invalid/components#/$defs/…`). */
function withComponentRefs(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"https://api.invalid/components#/$defs/')) as unknown;
}

function strictAjv(document: Record<string, unknown>): Ajv2020 {
  // Strict: unknown keywords, formats and ambiguous types are errors; union types (`["string","null"]`) are how 3.1 says nullable.
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  const components = (document.components as { schemas: Record<string, unknown> }).schemas;
  ajv.addSchema({ $id: 'https://api.invalid/components', $defs: withComponentRefs(components) as Record<string, unknown> });
  return ajv;
}

const at = (body: unknown, dotted: string): unknown => dotted.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], body);

describe('the OpenAPI document', () => {
  test('every route declares a schema for its success answer, and every route has a request in this suite', () => {
    const document = offlineOpenApiDocument();
    const missing = ROUTES.filter((r) => successStatus(r) !== 204 && !declared(document, r)).map(label);
    expect(missing).toEqual([]);
    const ids = ROUTES.map((r) => r.operationId);
    expect(ids.filter((id) => !(id in CASES))).toEqual([]);
    expect(Object.keys(CASES).filter((id) => !ids.includes(id))).toEqual([]);
  });

  test('a route that declares no schema for its success answer is reported as missing', () => {
    const bare: RouteDef = { ...ROUTES.find((r) => r.operationId === 'me')!, responses: { 200: { description: 'The caller' } } };
    expect(declared(openApiDocument([bare], 'http://localhost'), bare)).toBeUndefined();
  });

  test('every response schema compiles with ajv in strict mode (JSON Schema 2020-12) and every $ref resolves', () => {
    const document = offlineOpenApiDocument();
    const ajv = strictAjv(document);
    const components = Object.keys((document.components as { schemas: Record<string, unknown> }).schemas);
    for (const name of components) expect([name, typeof ajv.getSchema(`https://api.invalid/components#/$defs/${name}`)]).toEqual([name, 'function']);
    for (const route of ROUTES) {
      const found = declared(document, route);
      if (found) expect(() => ajv.compile(withComponentRefs(found.schema) as object)).not.toThrow();
    }
  });

  test('the validator refuses a document that is not OpenAPI 3.1 (no info object)', () => {
    const result = validateOpenApi({ openapi: '3.1.0', paths: {} });
    expect(result.valid).toBe(false);
    expect(JSON.stringify(result.errors)).toContain("must have required property 'info'");
  });
});

describe('real answers against the declared schemas', () => {
  const ctx = {} as Ctx;
  let served: Record<string, unknown>;
  let ajv: Ajv2020;
  const validators = new Map<string, ValidateFunction>();
  /** operationId → callers whose success answer was validated. */
  const validated: Record<string, string[]> = {};

  beforeAll(async () => {
    ctx.h = await startAppHarness('embedded');
    ctx.sop = 'contract-sop';
    await publishSop(ctx.h, strictSop(ctx.sop));
    ctx.job = await startJob(ctx.h, ctx.sop, { fields: { budget: 8800.5, contractNo: 'HT-2026-042', priority: 'normal' } });
    ctx.richJob = await startJob(ctx.h, ctx.sop, { fields: { budget: 100, priority: 'high' } });
    await submitDraft(ctx.h, ctx.richJob);
    const qa = await ctx.h.login('qa');
    const rejected = await request(ctx.h.app).post(`/api/jobs/${ctx.richJob.id}/steps/review/review`).set(auth(qa)).send({ decision: 'rejected', reasons: ['color'], comment: '颜色不对' });
    if (rejected.status !== 200) throw new Error(`reject: ${rejected.status} ${rejected.text}`);
    await waitForActive(ctx.h, ctx.richJob.id, 'draft');
    await request(ctx.h.app).post(`/api/jobs/${ctx.richJob.id}/comments`).set(auth(await ctx.h.login('vendor-a'))).send({ body: '已修改 @质检 Quinn' });
    await request(ctx.h.app).post(`/api/jobs/${ctx.richJob.id}/comments`).set(auth(qa)).send({ body: '内部：@流程负责人 Olivia 请确认', internal: true });
    const version = await ctx.h.test.db.prisma.deliverableVersion.findFirstOrThrow({ where: { jobId: ctx.richJob.id } });
    ctx.fileId = version.fileId;
    // A visual check result as activities/run-check.ts stores it (the test SOP has no check node).
    await ctx.h.test.db.prisma.checkResult.create({
      data: {
        jobId: ctx.richJob.id, nodeId: 'draft', round: 1, kind: 'visual', deliverableId: 'banner', passed: false, cacheKey: uniqueCode('check'),
        figures: { diffRatio: 0.12 }, reasons: [{ code: 'visual-diff', message: 'differs' }], artefacts: [{ kind: 'diff', fileId: version.fileId }],
      },
    });
    await ctx.h.test.db.prisma.notification.create({ data: { idempotencyKey: `contract/${uniqueCode('failed')}`, channel: 'webhook', kind: 'job_event', status: 'failed', lastError: 'HTTP 500', payload: { event: { type: 'job.started' } } } });
    const invited = await request(ctx.h.app).post('/api/invitations').set(auth(await ctx.h.login('admin'))).send({ email: 'contract-open@demo.test', orgId: ctx.h.ids.orgs['Vendor B'], roles: ['vendor'] });
    if (invited.status !== 201) throw new Error(`invite: ${invited.status} ${invited.text}`);
    await ctx.h.test.db.prisma.channelConfig.create({ data: { scope: 'org', scopeId: ctx.h.ids.orgs['Vendor A']!, channel: 'email', url: 'smtps://smtp.example.com', secret: 's', settings: { from: 'sop@example.com' } } });
    served = (await request(ctx.h.app).get('/api/openapi.json')).body as Record<string, unknown>;
    ajv = strictAjv(served);
  });
  afterAll(async () => {
    await ctx.h?.close();
  });

  test('the served document is a valid OpenAPI 3.1 document, the same as the one built offline', () => {
    const result = validateOpenApi(served);
    expect(result).toEqual({ valid: true, version: '3.1', errors: null });
    expect(served).toEqual(offlineOpenApiDocument('http://localhost'));
  });

  function validatorFor(route: RouteDef): { mediaType: string; validate: ValidateFunction } {
    const found = declared(served, route);
    if (!found) throw new Error(`${label(route)} declares no schema for its ${successStatus(route)} answer`);
    let validate = validators.get(route.operationId);
    if (!validate) {
      validate = ajv.compile(withComponentRefs(found.schema) as object);
      validators.set(route.operationId, validate);
    }
    return { mediaType: found.mediaType, validate };
  }

  function send(route: RouteDef, call: Call, token: string) {
    // Buffered as text whatever the type (the audit export is application/x-ndjson).
    const req = request(ctx.h.app)[route.method](call.path).set('Authorization', `Bearer ${call.token ?? token}`).buffer(true);
    if (call.multipart) return req.set('Content-Type', call.multipart.contentType).send(call.multipart.body);
    if (call.body !== undefined) return req.send(call.body as object);
    if (call.stream) return req.parse(sseUntil());
    return req;
  }

  test.each(ROUTES.map((r) => [label(r), r] as const))('%s answers every allowed caller as its schema declares', async (_name, route) => {
    const spec = CASES[route.operationId]!;
    const callers = CALLERS.filter((c) => isAllowed(route, c) && (spec.succeeds ?? CALLERS).includes(c));
    expect(callers.length).toBeGreaterThan(0);
    for (const caller of callers) {
      const call = await spec.build(ctx, caller);
      const res = await send(route, call, await ctx.h.login(caller));
      if (res.status !== successStatus(route)) throw new Error(`${caller}: ${res.status} ${res.text}`);
      if (successStatus(route) === 204) {
        expect([caller, res.text]).toEqual([caller, '']);
      } else {
        const { mediaType, validate } = validatorFor(route);
        const contentType = String(res.headers['content-type']).split(';')[0]!;
        const [major] = mediaType.split('/');
        expect([caller, mediaType === '*/*' || mediaType === contentType || (mediaType === `${major}/*` && contentType.startsWith(`${major}/`))]).toEqual([caller, true]);
        if (mediaType === 'application/json') {
          const body: unknown = res.body;
          if (!validate(body)) throw new Error(`${caller}: the answer does not match the schema: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 2000)}`);
          if (spec.nonEmpty) expect([caller, (at(body, spec.nonEmpty) as unknown[]).length > 0]).toEqual([caller, true]);
        } else if (mediaType === 'application/x-ndjson') {
          const line = ajv.getSchema('https://api.invalid/components#/$defs/AuditExportLine')!;
          const lines = res.text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);
          expect(lines.length).toBeGreaterThan(0);
          for (const entry of lines) if (!line(entry)) throw new Error(`${caller}: an export line does not match AuditExportLine: ${ajv.errorsText(line.errors)}`);
        } else if (mediaType === 'text/csv') {
          expect([caller, res.text.startsWith('\uFEFF'), res.text.split('\r\n').length > 1]).toEqual([caller, true, true]);
        } else if (mediaType === 'text/event-stream') {
          const events = sseEvents(res.body as string);
          expect([caller, events.at(-1)?.event, typeof (events.at(-1)?.data as { head?: unknown } | undefined)?.head]).toEqual([caller, 'ready', 'number']);
        } else {
          expect((res.body as Buffer).length).toBeGreaterThan(0);
        }
      }
      (validated[route.operationId] ??= []).push(caller);
    }
    expect(validated[route.operationId]).toEqual(callers);
  });

  test('every GET route was checked for each of admin, owner, QA and vendor it allows', () => {
    const gets = ROUTES.filter((r) => r.method === 'get');
    const want = Object.fromEntries(gets.map((r) => [r.operationId, CALLERS.filter((c) => isAllowed(r, c))]));
    const got = Object.fromEntries(gets.map((r) => [r.operationId, validated[r.operationId] ?? []]));
    expect(got).toEqual(want);
  });

  test('a vendor\'s job answer matches the schema with the reduced SOP view and only the fields declared visible to vendors', async () => {
    const route = ROUTES.find((r) => r.operationId === 'getJob')!;
    const res = await request(ctx.h.app).get(`/api/jobs/${ctx.job.id}`).set(auth(await ctx.h.login('vendor-a')));
    const { validate } = validatorFor(route);
    expect(validate(res.body)).toBe(true);
    expect(Object.keys(res.body.fields as object).sort()).toEqual(['priority']);
    expect((res.body.definition as { fields: Array<{ id: string }> }).fields.map((f) => f.id)).toEqual(['priority']);
    expect(res.body.definition).not.toHaveProperty('description');
  });

  test('refusals match the declared Problem schema: 401 without a token, 404 out of scope, 422 with field errors', async () => {
    const problem = ajv.getSchema('https://api.invalid/components#/$defs/Problem')!;
    const vendorB = await ctx.h.login('vendor-b');
    const answers = [
      await request(ctx.h.app).get('/api/me'),
      await request(ctx.h.app).get(`/api/jobs/${ctx.job.id}`).set(auth(vendorB)),
      await request(ctx.h.app).patch(`/api/jobs/${ctx.job.id}/fields`).set(auth(await ctx.h.login('owner'))).send({ fields: { budget: 'lots' } }),
    ];
    expect(answers.map((r) => [r.status, String(r.headers['content-type']).split(';')[0]])).toEqual([
      [401, 'application/problem+json'], [404, 'application/problem+json'], [422, 'application/problem+json'],
    ]);
    for (const res of answers) if (!problem(res.body)) throw new Error(`${res.status}: ${ajv.errorsText(problem.errors)} ${res.text}`);
    expect((answers[2]!.body as { errors: Array<{ path: string }> }).errors.map((e) => e.path)).toEqual(['/fields/budget']);
  });

  test('an answer that breaks the schema is refused: a job whose status is not one of the declared ones', async () => {
    const route = ROUTES.find((r) => r.operationId === 'getJob')!;
    const res = await request(ctx.h.app).get(`/api/jobs/${ctx.job.id}`).set(auth(await ctx.h.login('owner')));
    const { validate } = validatorFor(route);
    expect(validate({ ...res.body, status: 'paused' })).toBe(false);
    expect(ajv.errorsText(validate.errors)).toContain('data/status must be equal to one of the allowed values');
  });
});
