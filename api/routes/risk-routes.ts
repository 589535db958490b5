/**
 * Delay risk (issue #14 item 5) for the buyer's staff: the risk of each active
 * vendor step of a job, and the list of at-risk steps across jobs, most likely
 * late first. Vendors are refused (403): a risk and its factors are the buyer's
 * estimate of the vendor. Risks come from the scheduled scoring pass
 * (platform/risk/score-pass.ts); the model's state says when there is none yet.
 */
import type { AppDeps } from '../deps';
import { isVendorUser } from '../auth/auth-user';
import { badCursor, cursorId } from '../http/cursor';
import { forbidden } from '../http/problem';
import { jobOf, userOf, type ApiRequest, type RouteDef } from '../http/route';
import { ref } from '../http/response-schemas';
import { MIN_FINISHED_STEPS } from '../../core/risk/dataset';
import { riskLevel } from '../../core/risk/level';
import { DEFAULT_RISK_THRESHOLD } from '../jobs/step-risks';
import type { RiskModel } from '../../core/risk/model';
import { currentRiskModel } from '../../platform/risk/score-pass';

const STAFF = ['owner', 'manager', 'qa', 'procurement', 'admin'] as const;

function staffOnly(req: ApiRequest): void {
  if (isVendorUser(userOf(req))) throw forbidden('Delay risk is for the buyer\'s staff only.');
}

/** The model in use as the API shows it: `none` before the first training. */
async function modelState(deps: AppDeps) {
  const row = await currentRiskModel(deps.db);
  if (!row) return { status: 'none' as const, trainedAt: null, finishedSteps: 0, minFinishedSteps: MIN_FINISHED_STEPS, threshold: null };
  const model = row.model as unknown as RiskModel | null;
  return { status: row.status, trainedAt: row.trainedAt.toISOString(), finishedSteps: row.finishedSteps, minFinishedSteps: MIN_FINISHED_STEPS, threshold: model?.threshold ?? null };
}

const encodeCursor = (probability: number, id: string) => Buffer.from(JSON.stringify([probability, id])).toString('base64url');
function decodeCursor(cursor: string): { probability: number; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && value[0] >= 0 && value[0] <= 1 && cursorId(value[1])) return { probability: value[0], id: value[1] as string };
  } catch {
    // fall through
  }
  throw badCursor();
}

export function riskRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  return [
    {
      method: 'get', path: '/api/jobs/:id/risk', operationId: 'jobRisk',
      summary: 'Delay risk of the job\'s active vendor steps (probability of finishing late, top factors) and the model\'s state; staff only', tag: 'jobs',
      access: { roles: STAFF }, jobScoped: true,
      responses: { 200: { description: '{ model: { status, trainedAt, finishedSteps, minFinishedSteps, threshold }, steps: [ { nodeId, round, dueAt, probability, atRisk, factors, scoredAt } ] }', schema: ref('JobRisk') }, 404: { description: 'Unknown or out of scope' } },
      async handler(req) {
        staffOnly(req);
        const job = jobOf(req);
        const rows = await prisma.stepRisk.findMany({
          where: { jobId: job.id, stepRun: { status: 'active' } },
          include: { stepRun: { select: { nodeId: true, round: true, dueAt: true } } },
          orderBy: [{ probability: 'desc' }, { stepRunId: 'asc' }],
        });
        return {
          model: await modelState(deps),
          steps: rows.map((r) => ({
            nodeId: r.stepRun.nodeId, round: r.stepRun.round, dueAt: r.stepRun.dueAt?.toISOString() ?? null,
            probability: r.probability, atRisk: r.atRisk, factors: r.factors, scoredAt: r.scoredAt.toISOString(),
          })),
        };
      },
    },
    {
      method: 'get', path: '/api/analytics/risk', operationId: 'atRiskSteps',
      summary: 'Active vendor steps at risk of finishing late across all jobs, most likely late first (paged), each with its level (core/risk/level.ts); staff only', tag: 'jobs',
      access: { roles: STAFF },
      query: {
        type: 'object', additionalProperties: false,
        properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 }, cursor: { type: 'string', maxLength: 400 } },
      },
      responses: {
        200: { description: '{ model, items: [ { jobId, job: { id, code, title, sopKey }, nodeId, round, dueAt, probability, level, factors, scoredAt } ], nextCursor }', schema: ref('AtRiskSteps') },
        422: { description: 'cursor-invalid' },
      },
      async handler(req) {
        staffOnly(req);
        const q = req.query as unknown as { limit: number; cursor?: string };
        const after = q.cursor ? decodeCursor(q.cursor) : undefined;
        const rows = await prisma.stepRisk.findMany({
          where: {
            atRisk: true, stepRun: { status: 'active' },
            ...(after ? { OR: [{ probability: { lt: after.probability } }, { probability: after.probability, stepRunId: { gt: after.id } }] } : {}),
          },
          include: { stepRun: { select: { nodeId: true, round: true, dueAt: true } }, job: { select: { id: true, code: true, title: true, sopKey: true } } },
          orderBy: [{ probability: 'desc' }, { stepRunId: 'asc' }],
          take: q.limit + 1,
        });
        const page = rows.slice(0, q.limit);
        const last = page[page.length - 1];
        const model = await modelState(deps);
        return {
          model,
          items: page.map((r) => ({
            jobId: r.job.id, job: r.job, nodeId: r.stepRun.nodeId, round: r.stepRun.round, dueAt: r.stepRun.dueAt?.toISOString() ?? null,
            probability: r.probability, level: riskLevel(r.probability, model.threshold ?? DEFAULT_RISK_THRESHOLD), factors: r.factors, scoredAt: r.scoredAt.toISOString(),
          })),
          nextCursor: rows.length > q.limit && last ? encodeCursor(last.probability, last.stepRunId) : null,
        };
      },
    },
  ];
}
