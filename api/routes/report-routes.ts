/**
 * Recurring reports and check-ins (日报/周报/打卡): the assignee of an active
 * step whose node asks for `reports` files one per period (the job workflow's
 * `fileReport` Update decides, core/jobs/report-rules.ts); everyone who may
 * read the job reads them, with the periods owed now.
 */
import { createHash } from 'node:crypto';
import type { AppDeps } from '../deps';
import type { Prisma } from '../../platform/db/prisma-types';
import type { JobState } from '../../core/jobs/contract';
import { refuseReport, refuseReporter } from '../../core/jobs/report-rules';
import { checkFormAnswers, formProblemCode } from '../../core/sop/form-answers';
import { audit } from '../../platform/audit/audit-log';
import { fileReportUpdate, stateQuery } from '../../workflows/definitions';
import { isVendorUser } from '../auth/auth-user';
import { personColumns, personForViewer } from '../access/people-for-viewer';
import { decodeInstantCursor, encodeInstantCursor } from '../http/cursor';
import { assertStorableText } from '../http/input-rules';
import { conflict, notFound, unprocessable } from '../http/problem';
import { ref } from '../http/response-schemas';
import { createAuditThrottle } from '../http/audit-throttle';
import { jobOf, userOf, type RouteDef } from '../http/route';
import { executeUpdateOnce } from '../jobs/execute-update';
import { owedReports, reportsOfNode } from '../jobs/report-reads';
import { problemFromRefusal, problemFromUpdateError } from '../jobs/workflow-errors';
import { planCacheFor } from '../sops/plan-cache';
import { actorOf } from './job-routes';
import { paging } from './schemas';

const DETAIL: Record<string, string> = {
  'form-undeclared': 'The answers name questions this report does not ask.',
  'form-invalid': 'Some answers do not fit their question.',
  'form-required': 'Required questions of the report are not answered.',
};

export function reportRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  const client = deps.temporal.client;
  const plans = planCacheFor(prisma);
  // Once per person, job, step and reason in an hour (api/http/audit-throttle.ts).
  const refusals = createAuditThrottle();

  return [
    {
      method: 'post', path: '/api/jobs/:id/steps/:nodeId/reports', operationId: 'fileReport',
      summary: 'File one period\'s report, or check in (打卡), at an active step that asks for reports', tag: 'steps',
      access: { roles: 'any' }, jobScoped: true,
      body: {
        type: 'object', additionalProperties: false,
        properties: {
          period: { type: 'integer', minimum: 1, maximum: 1_000_000, description: 'Defaults to the oldest period a report may be filed for now' },
          answers: { type: 'object', description: 'Question id → answer (the step\'s `reports.fields`); omit for a check-in' },
          note: { type: 'string', maxLength: 5000 },
        },
      },
      responses: {
        200: { description: 'The report as stored', schema: ref('ReportFiled') },
        403: { description: 'Not the step\'s assignee' },
        404: { description: 'No step with this id in the job, or it asks for no reports' },
        409: { description: 'Job or step not active (`step-not-active`), period missed or not started (`report-period-closed`), already filed (`report-already-filed`)' },
        422: { description: 'Answers that do not fit the report\'s questions (`form-undeclared`, `form-invalid`, `form-required`)' },
      },
      async handler(req) {
        const user = userOf(req);
        const job = jobOf(req);
        const nodeId = String(req.params.nodeId);
        const version = await plans.get(job.sopKey, job.sopVersion);
        const reports = reportsOfNode(version?.plan, nodeId);
        if (!version || !reports) throw notFound(`Reporting step "${nodeId}" of job ${job.code}`);
        if (job.status !== 'running' && job.status !== 'stuck') throw conflict('job-not-running', `The job is ${job.status}; no report can be filed.`);
        let state: JobState;
        try {
          state = await client.workflow.getHandle(job.workflowId).query(stateQuery);
        } catch (error) {
          throw problemFromUpdateError(error);
        }
        const ctx = { state, plan: version.plan, vendorOrgId: job.vendorOrgId };
        const actor = actorOf(user);
        // Who and when first (403/409), then what (422), then which period (409).
        const reporter = refuseReporter(ctx, nodeId, actor);
        if ('code' in reporter) {
          if (refusals.shouldAudit(user.id, job.id, nodeId, reporter.code)) {
            await audit(prisma, { type: 'report.refused', actorId: user.id, actorLabel: user.email, jobId: job.id, data: { nodeId, code: reporter.code } });
          }
          throw problemFromRefusal(reporter.code, reporter.message);
        }
        const body = req.body as { period?: number; answers?: Record<string, unknown>; note?: string };
        assertStorableText(body.answers ?? {}, 'body/answers');
        const { issues } = checkFormAnswers(reports.fields, body.answers);
        if (issues.length > 0) {
          const code = formProblemCode(issues)!;
          const errors = issues.map((i) => ({ path: i.path.replace(/^\/form/, '/answers'), code: i.code, message: i.message, messages: i.messages }));
          throw unprocessable(code, `${DETAIL[code]} ${issues.map((i) => i.message).join(' ')}`, errors);
        }
        const input = { nodeId, actor, period: body.period, answers: body.answers, note: body.note };
        const decided = refuseReport(ctx, input, Date.now());
        if ('code' in decided) throw problemFromRefusal(decided.code, decided.message);
        const key = req.get('Idempotency-Key');
        const updateId = key ? `report-${createHash('sha256').update(`${user.id}\n${key}`).digest('hex').slice(0, 32)}` : undefined;
        const result = await executeUpdateOnce(client, job.workflowId, fileReportUpdate, [input], updateId);
        return {
          reportId: result.reportId, nodeId: result.nodeId, round: result.round, period: result.period, status: result.status,
          periodStart: new Date(result.periodStart).toISOString(), periodEnd: new Date(result.periodEnd).toISOString(),
          dueAt: new Date(result.dueAt).toISOString(), at: new Date(result.createdAt).toISOString(),
        };
      },
    },
    {
      method: 'get', path: '/api/jobs/:id/reports', operationId: 'listReports',
      summary: 'Reports and check-ins of the job, oldest first, paginated (filed and missed periods), with the periods owed now', tag: 'jobs',
      access: { roles: 'any' }, jobScoped: true,
      query: { type: 'object', additionalProperties: false, properties: { cursor: paging.cursor, limit: { ...paging.limit, default: 100 }, nodeId: { type: 'string', maxLength: 64 } } },
      responses: {
        200: {
          description: '{ items, nextCursor, owed }',
          schema: {
            type: 'object', required: ['items', 'nextCursor', 'owed'],
            properties: { items: { type: 'array', items: ref('JobReport') }, nextCursor: { type: ['string', 'null'] }, owed: { type: 'array', items: ref('OwedReport') } },
          },
        },
        422: { description: 'cursor-invalid' },
      },
      async handler(req) {
        const job = jobOf(req);
        const user = userOf(req);
        const q = req.query as unknown as { cursor?: string; limit: number; nodeId?: string };
        const version = await plans.get(job.sopKey, job.sopVersion);
        const plan = version?.plan;
        // A vendor reads the reports of steps the vendor slot works, never an internal step's.
        const visible = (nodeId: string) => {
          const spec = plan?.nodes[nodeId]?.spec;
          return !isVendorUser(user) || ((spec?.type === 'task' || spec?.type === 'accept') && spec.assignee === 'vendor');
        };
        const nodes = Object.keys(plan?.nodes ?? {}).filter((n) => reportsOfNode(plan, n) && visible(n) && (!q.nodeId || n === q.nodeId));
        const base: Prisma.JobReportWhereInput = { jobId: job.id, nodeId: { in: nodes } };
        let where = base;
        if (q.cursor) {
          const { at: createdAt, id } = decodeInstantCursor(q.cursor);
          where = { AND: [base, { OR: [{ createdAt: { gt: createdAt } }, { createdAt, id: { gt: id } }] }] };
        }
        const rows = await prisma.jobReport.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: q.limit + 1, include: { actor: { select: personColumns } } });
        const page = rows.slice(0, q.limit);
        const last = page.at(-1);
        const owed = await owedReports(prisma, [{ id: job.id, plan }], Date.now(), (_p, nodeId) => nodes.includes(nodeId));
        return {
          items: page.map((r) => {
            const answers = (r.answers ?? {}) as Record<string, unknown>;
            return {
              id: r.id, nodeId: r.nodeId, stepTitle: version?.titles.get(r.nodeId) ?? null, round: r.round, period: r.period, status: r.status,
              periodStart: r.periodStart.toISOString(), periodEnd: r.periodEnd.toISOString(), dueAt: r.dueAt.toISOString(), at: r.createdAt.toISOString(),
              note: r.note, filedBy: r.actor ? personForViewer(user, r.actor) : null,
              answers: (reportsOfNode(plan, r.nodeId)?.fields ?? []).map((f) => ({ id: f.id, label: f.label, type: f.type, answer: Object.prototype.hasOwnProperty.call(answers, f.id) ? answers[f.id] : null })),
            };
          }),
          nextCursor: rows.length > q.limit && last ? encodeInstantCursor(last.createdAt, last.id) : null,
          owed: owed.map(({ jobId: _job, stepRunId: _step, ...o }) => ({ ...o, stepTitle: version?.titles.get(o.nodeId) ?? null })),
        };
      },
    },
  ];
}
