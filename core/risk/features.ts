/**
 * The delay-risk features of one active step at one instant (pure). The same
 * function serves the live scorer (instant = now), the training set (instants
 * along finished steps' windows) and the evaluation, so what the model learns
 * from is exactly what it is later shown.
 */
import { businessHoursBetween, holidaysBetween, type RiskCalendar } from './business-hours';
import { lateCounts, medianWorkedHours, missedShare, missedShareByOutcome, nodeKey, openAt, pastPaces, type HistoryIndex } from './history';
import { lateChances } from './survival';

/** An active step as the scorer sees it. */
export interface StepSnapshot {
  vendorId: string;
  sopKey: string;
  nodeId: string;
  round: number;
  activatedAt: number;
  dueAt: number;
  /** When reports were filed for this step round (any order). */
  filed: readonly number[];
  /** When files were submitted for this step round (any order). */
  uploads: readonly number[];
  /** Due times of report periods the vendor missed in this step round. */
  missed: readonly number[];
}

/** Feature names, in model order; the labels the UI shows are per name (designer risk messages). */
export const RISK_FEATURES = [
  'vendorLateRate',
  'vendorLateRateAll',
  'round',
  'hoursLeft',
  'typicalVsWindow',
  'elapsedVsTypical',
  'elapsedShare',
  'openLoad',
  'holidaysAhead',
  'silenceHours',
  'missedReports',
  'reportGap',
  'lateSilence',
  'paceLate',
  'paceOverrun',
  'loadAtStart',
  'reportEvidence',
] as const;
export type RiskFeature = (typeof RISK_FEATURES)[number];

/** Raw facts behind the features (shown as a factor's value). */
export interface FeatureFacts {
  vendorLateRate: number;
  vendorLateRateAll: number;
  round: number;
  hoursLeft: number;
  typicalHours: number;
  elapsedHours: number;
  windowHours: number;
  openLoad: number;
  holidaysAhead: number;
  silenceHours: number;
  missedReports: number;
  /** The vendor's usual share of missed report periods. */
  usualMissedShare: number;
  /** P(late) of a fresh step at the vendor's pace under this open load, and given the step is still active now. */
  paceLate: number;
  paceOverrun: number;
  /** The vendor's open steps when this one was activated (itself included). */
  loadAtStart: number;
  /**
   * Log-likelihood ratio late vs on time of this step's reports so far: each missed period weighs
   * log(late miss share ÷ on-time miss share) of the vendor's record, each filed one log of the filed shares.
   */
  reportEvidence: number;
}

export interface StepFeatures {
  values: number[];
  facts: FeatureFacts;
}

/** (late + 1) / (due + 2): the Beta(1, 1) posterior mean of a late rate. */
export const smoothedRate = (late: number, due: number) => (late + 1) / (due + 2);

const logit = (p: number) => Math.log(p / (1 - p));
/** Probabilities from the pace are kept off 0 and 1 (their log-odds stay finite). */
const clip = (p: number) => Math.min(1 - 1e-4, Math.max(1e-4, p));


export function stepFeatures(step: StepSnapshot, history: HistoryIndex, at: number, cal: RiskCalendar): StepFeatures {
  const vendorSteps = history.byVendor.get(step.vendorId) ?? [];
  const sameNode = (s: { sopKey: string; nodeId: string }) => s.sopKey === step.sopKey && s.nodeId === step.nodeId;
  const all = lateCounts(vendorSteps, at);
  const allRate = smoothedRate(all.late, all.due);
  const node = lateCounts(vendorSteps, at, sameNode);
  // This SOP step's record, shrunk towards the vendor's overall rate (worth two steps).
  const nodeRate = (node.late + 2 * allRate) / (node.due + 2);

  const windowHours = businessHoursBetween(step.activatedAt, step.dueAt, cal);
  const typicalHours = medianWorkedHours(vendorSteps, at, sameNode)
    ?? medianWorkedHours(history.byNode.get(nodeKey(step.sopKey, step.nodeId)) ?? [], at)
    ?? windowHours;
  const elapsedHours = businessHoursBetween(step.activatedAt, at, cal);
  const hoursLeft = businessHoursBetween(at, step.dueAt, cal);
  const lastSign = Math.max(step.activatedAt, ...step.filed.filter((t) => t <= at), ...step.uploads.filter((t) => t <= at));
  const silenceHours = businessHoursBetween(lastSign, at, cal);
  const missedReports = step.missed.filter((t) => t <= at).length;
  const filedReports = step.filed.filter((t) => t <= at).length;
  const usualMissedShare = missedShare(vendorSteps, at);
  // Missed periods beyond what this vendor usually misses (0 before the first period is due).
  const reportGap = missedReports - usualMissedShare * (missedReports + filedReports);
  const openLoad = openAt(vendorSteps, at);
  const holidaysAhead = holidaysBetween(at, step.dueAt, cal);
  const loadAtStart = openAt(vendorSteps, step.activatedAt);
  const windowHolidays = holidaysBetween(step.activatedAt, step.dueAt, cal) > 0;
  const own = pastPaces(vendorSteps, at, loadAtStart, windowHolidays);
  // A vendor without finished steps goes by everyone's record of this SOP step.
  const paces = own.length > 0 ? own : pastPaces(history.byNode.get(nodeKey(step.sopKey, step.nodeId)) ?? [], at, loadAtStart, windowHolidays);
  const chances = lateChances(paces, elapsedHours, windowHours);
  const paceLate = chances.fresh;
  const paceOverrun = chances.active;
  const shares = missedShareByOutcome(vendorSteps, at);
  const reportEvidence = missedReports * Math.log(shares.late / shares.onTime) + filedReports * Math.log((1 - shares.late) / (1 - shares.onTime));

  const facts: FeatureFacts = {
    vendorLateRate: nodeRate, vendorLateRateAll: allRate, round: step.round, hoursLeft, typicalHours, elapsedHours, windowHours,
    openLoad, holidaysAhead, silenceHours, missedReports, usualMissedShare, paceLate, paceOverrun, loadAtStart, reportEvidence,
  };
  const values = [
    logit(nodeRate),
    logit(allRate),
    step.round - 1,
    Math.log1p(hoursLeft),
    Math.log((typicalHours + 1) / (windowHours + 1)),
    Math.log((elapsedHours + 1) / (typicalHours + 1)),
    elapsedHours / Math.max(1, windowHours),
    Math.log1p(openLoad),
    holidaysAhead,
    Math.log1p(silenceHours),
    missedReports,
    reportGap,
    // Silence weighs more the further the window has run.
    Math.log1p(silenceHours) * Math.min(1, elapsedHours / Math.max(1, windowHours)),
    logit(clip(paceLate)),
    logit(clip(paceOverrun)),
    Math.log1p(loadAtStart),
    reportEvidence,
  ];
  return { values, facts };
}
