/**
 * From step runs to a trained model and to scores (pure): the observations of
 * finished steps become training rows and the model is fitted on all of them.
 * Its calibration and threshold come from held-out months: each of the last
 * HOLDOUT_MONTHS months of activations is scored by a model fitted only on the
 * steps finished before that month began (as the live model meets new steps),
 * Platt scaling is fitted on those scores and the threshold chosen on them.
 * Any set of steps can be scored at its observation instants (the evaluation)
 * or at one instant (the live scorer).
 */
import type { RiskCalendar } from './business-hours';
import { balancedThreshold, chooseThreshold, observationTimes, type ScoredStep } from './evaluate';
import { stepFeatures, type StepSnapshot } from './features';
import type { HistoryIndex } from './history';
import { fitPlatt } from './calibration';
import { riskLogOdds, riskProbability, trainRiskModel, type RiskModel } from './model';

/** Fewer finished due steps than this: "not enough history", no model. */
export const MIN_FINISHED_STEPS = 200;
/** The precision the training-steps fallback threshold is chosen for (a margin above the 0.6 target). */
export const TARGET_PRECISION = 0.65;
/** The product's targets: the threshold is the one meeting both with the most room on the held-out months. */
export const TARGETS = { recall: 0.8, precision: 0.6 };
/** Held-out months (30 days each, counted back from the newest activation) for calibration and threshold. */
export const HOLDOUT_MONTHS = 4;
/** A held-out month is used only when at least this many steps finished before it. */
export const MIN_FOLD_TRAINING_STEPS = 150;
const MONTH_MS = 30 * 86_400_000;

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
  | { status: 'trained'; model: RiskModel; finishedSteps: number; observations: number; heldOutSteps: number; baselineThreshold: number }
  | { status: 'not_enough_history'; finishedSteps: number };

const labelsOf = (observations: readonly Observation[]) => observations.map((o) => isLate(o.step));
const hasBothClasses = (observations: readonly Observation[]) => {
  const labels = labelsOf(observations);
  return labels.some(Boolean) && !labels.every(Boolean);
};

/**
 * The held-out observations with the log-odds of a model fitted on the steps finished before their
 * month began; empty when no month has enough earlier history.
 */
export function heldOutLogOdds(observations: readonly Observation[], months = HOLDOUT_MONTHS): Array<{ observation: Observation; z: number }> {
  const newest = Math.max(...observations.map((o) => o.step.snapshot.activatedAt));
  const out: Array<{ observation: Observation; z: number }> = [];
  for (let k = months; k >= 1; k--) {
    const start = newest - k * MONTH_MS;
    const end = start + MONTH_MS;
    const earlier = observations.filter((o) => o.step.completedAt !== null && o.step.completedAt < start);
    const month = observations.filter((o) => o.step.snapshot.activatedAt >= start && (k === 1 || o.step.snapshot.activatedAt < end));
    if (month.length === 0 || new Set(earlier.map((o) => o.step.id)).size < MIN_FOLD_TRAINING_STEPS || !hasBothClasses(earlier)) continue;
    const fold = trainRiskModel(earlier.map((o) => o.values), labelsOf(earlier), 0.5);
    for (const o of month) out.push({ observation: o, z: riskLogOdds(fold, o.values) });
  }
  return out;
}

/** Trains on the finished steps among `steps` (those still active are left out: no label yet). */
export function fitRiskModel(steps: readonly RiskStep[], history: HistoryIndex): FitResult {
  const finished = steps.filter((s) => s.completedAt !== null);
  const late = finished.filter(isLate).length;
  if (finished.length < MIN_FINISHED_STEPS || late === 0 || late === finished.length) return { status: 'not_enough_history', finishedSteps: finished.length };
  const observations = observe(finished, history);
  const model = trainRiskModel(observations.map((o) => o.values), labelsOf(observations), 0.5);
  const heldOut = heldOutLogOdds(observations);
  const heldOutObservations = heldOut.map((h) => h.observation);
  if (hasBothClasses(heldOutObservations)) {
    // Calibrate and choose the threshold on scores of steps each fold model had not seen.
    model.calibration = fitPlatt(heldOut.map((h) => h.z), labelsOf(heldOutObservations));
    const z = new Map(heldOut.map((h) => [h.observation, h.z]));
    const calibration = model.calibration;
    const heldOutSteps = scoredSteps(heldOutObservations, (o) => 1 / (1 + Math.exp(-(calibration.a + calibration.b * z.get(o)!))));
    model.threshold = balancedThreshold(heldOutSteps, TARGETS) ?? chooseThreshold(heldOutSteps, TARGET_PRECISION);
  } else {
    model.threshold = chooseThreshold(scoredSteps(observations, (o) => riskProbability(model, o.values)), TARGET_PRECISION);
  }
  // The baseline's threshold is chosen the same way (on the held-out months when there are any).
  const baselineSteps = scoredSteps(heldOutObservations.length > 0 ? heldOutObservations : observations, (o) => o.baseline);
  const baselineThreshold = heldOutObservations.length > 0 ? balancedThreshold(baselineSteps, TARGETS) ?? chooseThreshold(baselineSteps, TARGET_PRECISION) : chooseThreshold(baselineSteps, TARGET_PRECISION);
  return { status: 'trained', model, finishedSteps: finished.length, observations: observations.length, heldOutSteps: new Set(heldOutObservations.map((o) => o.step.id)).size, baselineThreshold };
}
