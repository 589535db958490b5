/**
 * The delay risk of a job's active steps as the job page's staff see it on each
 * step (`risk` of GET /api/jobs/:id): probability, level, the model's verdict
 * and its factors, from the latest scoring pass. Vendors never get it. The rows
 * come with the job's own read (job-reads.ts), so the page costs one statement.
 */
import { riskLevel, type RiskLevel } from '../../core/risk/level';
import type { Database } from '../../platform/db/database';
import type { StepRiskRow } from './job-reads';

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
  // Only the threshold: the model's weights and standardisation stay in the database.
  const rows = await db.query<{ threshold: number | null }>(
    `SELECT (m.model->>'threshold')::float8 AS threshold FROM "RiskModel" m ORDER BY m."trainedAt" DESC, m.id DESC LIMIT 1`, []);
  return rows[0]?.threshold ?? DEFAULT_RISK_THRESHOLD;
}

/** The risk of a step as staff see it, from the row the job's own read carries (job-reads.ts `StepRiskRow`). */
export function stepRiskView(row: StepRiskRow): StepRiskView {
  return {
    probability: row.probability, level: riskLevel(row.probability, row.threshold ?? DEFAULT_RISK_THRESHOLD), atRisk: row.atRisk, factors: row.factors, scoredAt: row.scoredAt,
  };
}
