/**
 * Retrains the delay-risk model from the whole history of finished vendor
 * steps (scheduled nightly, worker/risk-schedules.ts) and stores the result:
 * a `trained` row with the model, or a `not_enough_history` row saying how
 * many finished steps there were. The newest row is the one in use.
 */
import { fitRiskModel, MIN_FINISHED_STEPS } from '../../core/risk/dataset';
import type { Database } from '../db/database';
import { loadRiskData } from './risk-data';

export interface RetrainResult {
  modelId: string;
  status: 'trained' | 'not_enough_history';
  finishedSteps: number;
  threshold: number | null;
}

export async function retrainRiskModel(db: Database, now: Date = new Date()): Promise<RetrainResult> {
  const { steps, history } = await loadRiskData(db);
  const known = steps.filter((s) => s.completedAt === null || s.completedAt <= now.getTime());
  const fit = fitRiskModel(known, history);
  if (fit.status === 'not_enough_history') {
    const row = await db.prisma.riskModel.create({
      data: { status: 'not_enough_history', finishedSteps: fit.finishedSteps, metrics: { minFinishedSteps: MIN_FINISHED_STEPS }, trainedAt: now },
    });
    return { modelId: row.id, status: row.status, finishedSteps: fit.finishedSteps, threshold: null };
  }
  const late = known.filter((s) => s.completedAt !== null && s.completedAt > s.snapshot.dueAt).length;
  const row = await db.prisma.riskModel.create({
    data: {
      status: 'trained', finishedSteps: fit.finishedSteps, trainedAt: now, model: fit.model as unknown as object,
      metrics: { lateSteps: late, observations: fit.observations, threshold: fit.model.threshold, baselineThreshold: fit.baselineThreshold, minFinishedSteps: MIN_FINISHED_STEPS },
    },
  });
  return { modelId: row.id, status: 'trained', finishedSteps: fit.finishedSteps, threshold: fit.model.threshold };
}
