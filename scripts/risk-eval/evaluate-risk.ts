/**
 * The delay-risk evaluation of one seed: a simulated year written through the
 * recording path into a throwaway database, read back with the live scorer's
 * loader, a model trained on steps activated in the first 9 months (its
 * history as of then) and judged on the steps activated in the last 3.
 */
import { auc, brier, flagMetrics } from '../../core/risk/evaluate';
import { fitRiskModel, isLate, observe, scoredSteps, type RiskStep } from '../../core/risk/dataset';
import type { HistoryIndex } from '../../core/risk/history';
import { riskProbability } from '../../core/risk/model';
import type { Database } from '../../platform/db/database';
import { loadRiskData } from '../../platform/risk/risk-data';
import { SIM_SPLIT, simulateHistory, type SimulationSummary } from './simulate-history';

export interface RiskEvaluation {
  seed: number;
  simulation: SimulationSummary;
  train: { steps: number; late: number; observations: number; threshold: number };
  test: { steps: number; late: number; observations: number };
  recall24h: number | null;
  precision: number | null;
  auc: number | null;
  brier: number | null;
  baseline: { recall24h: number | null; precision: number | null; auc: number | null };
}

export async function evaluateRisk(db: Database, seed: number): Promise<RiskEvaluation> {
  const simulation = await simulateHistory(db, seed);
  const { steps, history } = await loadRiskData(db);
  return { seed, simulation, ...judgeRisk(steps, history) };
}

/** Train on the first 9 months, judge on the last 3 (pure: the steps and history as the live loader reads them). */
export function judgeRisk(steps: readonly RiskStep[], history: HistoryIndex): Omit<RiskEvaluation, 'seed' | 'simulation'> {
  const train = steps.filter((s) => s.snapshot.activatedAt < SIM_SPLIT && s.completedAt !== null && s.completedAt < SIM_SPLIT);
  const test = steps.filter((s) => s.snapshot.activatedAt >= SIM_SPLIT && s.completedAt !== null);
  const fit = fitRiskModel(train, history);
  if (fit.status !== 'trained') throw new Error(`not enough history to train (${fit.finishedSteps} finished steps)`);
  const observations = observe(test, history);
  const probability = (o: (typeof observations)[number]) => riskProbability(fit.model, o.values);
  const model = flagMetrics(scoredSteps(observations, probability), fit.model.threshold);
  const base = flagMetrics(scoredSteps(observations, (o) => o.baseline), fit.baselineThreshold);
  const points = observations.map((o) => ({ p: probability(o), late: isLate(o.step) }));
  return {
    train: { steps: train.length, late: train.filter(isLate).length, observations: fit.observations, threshold: fit.model.threshold },
    test: { steps: test.length, late: test.filter(isLate).length, observations: observations.length },
    recall24h: model.recall24h,
    precision: model.precision,
    auc: auc(points),
    brier: brier(points),
    baseline: { recall24h: base.recall24h, precision: base.precision, auc: auc(observations.map((o) => ({ p: o.baseline, late: isLate(o.step) }))) },
  };
}
