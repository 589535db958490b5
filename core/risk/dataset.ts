/**
 * From step runs to a trained model and to scores (pure): the observations of
 * finished steps become training rows, the model is fitted, its threshold is
 * chosen on the training steps, and any set of steps can be scored at its
 * observation instants (the evaluation) or at one instant (the live scorer).
 */
import type { RiskCalendar } from './business-hours';
import { chooseThreshold, observationTimes, type ScoredStep } from './evaluate';
import { stepFeatures, type StepSnapshot } from './features';
import type { HistoryIndex } from './history';
import { riskProbability, trainRiskModel, type RiskModel } from './model';

/** Fewer finished due steps than this: "not enough history", no model. */
export const MIN_FINISHED_STEPS = 200;
/** The precision the threshold is chosen for on the training steps (a margin above the 0.6 target). */
export const TARGET_PRECISION = 0.65;

/** A vendor step run with a due time, as loaded from the database (platform/risk/risk-data.ts). */
export interface RiskStep {
  id: string;
  jobId: string;
  nodeId: string;
  round: number;
  snapshot: StepSnapshot;
  completedAt: number | null;
  calendar: RiskCalendar;
}

export const isLate = (s: RiskStep) => s.completedAt !== null && s.completedAt > s.snapshot.dueAt;

export interface Observation {
  step: RiskStep;
  at: number;
  values: number[];
  baseline: number;
}

/** The step's observations (features at each observation instant while it was active). */
export function observe(steps: readonly RiskStep[], history: HistoryIndex): Observation[] {
  return steps.flatMap((step) =>
    observationTimes(step.snapshot.activatedAt, step.snapshot.dueAt, step.completedAt).map((at) => {
      const f = stepFeatures(step.snapshot, history, at, step.calendar);
      return { step, at, values: f.values, baseline: f.facts.vendorLateRateAll };
    }),
  );
}

/** Observations grouped back per step with a score each (for flag metrics). */
export function scoredSteps(observations: readonly Observation[], score: (o: Observation) => number): ScoredStep[] {
  const byStep = new Map<string, ScoredStep & { scores: Array<{ at: number; p: number }> }>();
  for (const o of observations) {
    let s = byStep.get(o.step.id);
    if (!s) {
      s = { late: isLate(o.step), activatedAt: o.step.snapshot.activatedAt, dueAt: o.step.snapshot.dueAt, scores: [] };
      byStep.set(o.step.id, s);
    }
    s.scores.push({ at: o.at, p: score(o) });
  }
  return [...byStep.values()];
}

export type FitResult =
  | { status: 'trained'; model: RiskModel; finishedSteps: number; observations: number; baselineThreshold: number }
  | { status: 'not_enough_history'; finishedSteps: number };

/** Trains on the finished steps among `steps` (those still active are left out: no label yet). */
export function fitRiskModel(steps: readonly RiskStep[], history: HistoryIndex): FitResult {
  const finished = steps.filter((s) => s.completedAt !== null);
  const late = finished.filter(isLate).length;
  if (finished.length < MIN_FINISHED_STEPS || late === 0 || late === finished.length) return { status: 'not_enough_history', finishedSteps: finished.length };
  const observations = observe(finished, history);
  const model = trainRiskModel(observations.map((o) => o.values), observations.map((o) => isLate(o.step)), 0.5);
  model.threshold = chooseThreshold(scoredSteps(observations, (o) => riskProbability(model, o.values)), TARGET_PRECISION);
  const baselineThreshold = chooseThreshold(scoredSteps(observations, (o) => o.baseline), TARGET_PRECISION);
  return { status: 'trained', model, finishedSteps: finished.length, observations: observations.length, baselineThreshold };
}
