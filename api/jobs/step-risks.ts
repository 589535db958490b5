/**
 * The delay risk of a job's active steps as the job page's staff see it on each
 * step (`risk` of GET /api/jobs/:id): probability, level, the model's verdict
 * and its factors, from the latest scoring pass. Vendors never get it.
 */
import { riskLevel, type RiskLevel } from '../../core/risk/level';
import type { RiskModel } from '../../core/risk/model';
import type { Database } from '../../platform/db/database';
import { currentRiskModel } from '../../platform/risk/score-pass';

export interface StepRiskView {
  probability: number;
  level: RiskLevel;
  atRisk: boolean;
  factors: unknown;
  scoredAt: string;
}

/** The threshold levels are told against when the model row has none. */
export const DEFAULT_RISK_THRESHOLD = 0.5;

/** The threshold of the model in use (DEFAULT_RISK_THRESHOLD without one). */
export async function riskThreshold(db: Database): Promise<number> {
  const row = await currentRiskModel(db);
  return (row?.model as unknown as RiskModel | null)?.threshold ?? DEFAULT_RISK_THRESHOLD;
}

/** `${nodeId}#${round}` → the risk of that active step run of job `jobId`. */
export async function activeStepRisks(db: Database, jobId: string): Promise<Map<string, StepRiskView>> {
  const rows = await db.prisma.stepRisk.findMany({
    where: { jobId, stepRun: { status: 'active' } },
    include: { stepRun: { select: { nodeId: true, round: true } } },
  });
  if (rows.length === 0) return new Map();
  const threshold = await riskThreshold(db);
  return new Map(rows.map((r) => [`${r.stepRun.nodeId}#${r.stepRun.round}`, {
    probability: r.probability, level: riskLevel(r.probability, threshold), atRisk: r.atRisk, factors: r.factors, scoredAt: r.scoredAt.toISOString(),
  }]));
}
