/**
 * The delay risk of a job's active steps as the job page's staff see it on each
 * step (`risk` of GET /api/jobs/:id): probability, level, the model's verdict
 * and its factors, from the latest scoring pass. Vendors never get it. The rows
 * come with the job's own read (job-reads.ts), so the page costs one statement.
 */
import { riskLevel, type RiskLevel } from '../../core/risk/level';
import type { RiskModel } from '../../core/risk/model';
import type { Database } from '../../platform/db/database';
import type { StepRiskRow } from './job-reads';
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

/** The risk of a step as staff see it, from the row the job's own read carries (job-reads.ts `StepRiskRow`). */
export function stepRiskView(row: StepRiskRow): StepRiskView {
  return {
    probability: row.probability, level: riskLevel(row.probability, row.threshold ?? DEFAULT_RISK_THRESHOLD), atRisk: row.atRisk, factors: row.factors, scoredAt: row.scoredAt,
  };
}
