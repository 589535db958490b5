import { compileCalendar } from '../../core/time/business-calendar';
import { businessHoursBetween, holidaysBetween } from '../../core/risk/business-hours';
import { fitPlatt, calibrated } from '../../core/risk/calibration';
import { auc, balancedThreshold, brier, chooseThreshold, flagCutoff, flagMetrics, observationTimes, type ScoredStep } from '../../core/risk/evaluate';
import { RISK_FEATURES, stepFeatures, type StepSnapshot } from '../../core/risk/features';
import { buildHistoryIndex, type HistoryStep } from '../../core/risk/history';
import { fitLogistic, solveLinear } from '../../core/risk/logistic-fit';
import { riskFactors, riskLogOdds, riskProbability, trainRiskModel, type RiskModel } from '../../core/risk/model';
import { lateChances, robustNormal, UNKNOWN_PACE, upperTail, weightedMedian } from '../../core/risk/survival';

const cal = {
  calendar: compileCalendar({ workdays: [1, 2, 3, 4, 5], hours: ['09:00', '18:00'], holidays: ['2025-01-01'], workdaysExtra: ['2025-01-26'] }),
  timezone: 'Asia/Shanghai',
};
const at = (local: string) => Date.parse(`${local}+08:00`);
const H = 3_600_000;

describe('business time for delay risk', () => {
  it('counts only working hours of worked days: Monday 10:00 to Tuesday 12:00 is 8 + 3 hours', () => {
    expect(businessHoursBetween(at('2025-01-06T10:00:00'), at('2025-01-07T12:00:00'), cal)).toBe(11);
  });

  it('skips a holiday and counts a make-up Sunday (调休), and counts holidays ahead', () => {
    expect(businessHoursBetween(at('2024-12-31T17:00:00'), at('2025-01-02T10:00:00'), cal)).toBe(2);
    expect(businessHoursBetween(at('2025-01-25T00:00:00'), at('2025-01-27T00:00:00'), cal)).toBe(9);
    expect(holidaysBetween(at('2024-12-30T09:00:00'), at('2025-01-03T09:00:00'), cal)).toBe(1);
    expect(businessHoursBetween(at('2025-01-07T12:00:00'), at('2025-01-06T10:00:00'), cal)).toBe(0);
  });
});

describe('flagging late steps in time', () => {
  it('wants a flag 24 h before the deadline, or half the window when that is shorter', () => {
    expect(flagCutoff(0, 10 * 24 * H)).toBe(9 * 24 * H);
    expect(flagCutoff(0, 10 * H)).toBe(5 * H);
  });

  it('observes a step at eighths of its window and at its cut-off while it is active', () => {
    expect(observationTimes(0, 8 * H, null)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((k) => k * H));
    expect(observationTimes(0, 80 * H, 25 * H)).toEqual([0, 10 * H, 20 * H]);
    expect(observationTimes(0, 0, null)).toEqual([]);
  });

  it('counts a late step as caught only by a score at or before its cut-off; precision is over steps flagged at any time', () => {
    const steps = [
      { late: true, activatedAt: 0, dueAt: 10 * H, scores: [{ at: 0, p: 0.2 }, { at: 5 * H, p: 0.7 }] },
      { late: true, activatedAt: 0, dueAt: 10 * H, scores: [{ at: 0, p: 0.2 }, { at: 6 * H, p: 0.9 }] },
      { late: false, activatedAt: 0, dueAt: 10 * H, scores: [{ at: 0, p: 0.8 }] },
      { late: false, activatedAt: 0, dueAt: 10 * H, scores: [{ at: 0, p: 0.1 }] },
    ];
    expect(flagMetrics(steps, 0.6)).toEqual({ recall24h: 0.5, precision: 0.6667, late: 2, flagged: 3 });
    expect(flagMetrics(steps, 0.95)).toEqual({ recall24h: 0, precision: null, late: 2, flagged: 0 });
    expect(chooseThreshold(steps, 0.6)).toBe(0.2);
    expect(chooseThreshold(steps, 1)).toBe(0.9);
  });

  it('computes AUC with ties counted half and the Brier score', () => {
    const items = [{ p: 0.2, late: false }, { p: 0.2, late: true }, { p: 0.9, late: true }, { p: 0.1, late: false }];
    expect(auc(items)).toBe(0.875);
    expect(auc([{ p: 0.3, late: true }])).toBeNull();
    expect(brier([{ p: 0.8, late: true }, { p: 0.3, late: false }])).toBe(0.065);
  });
});

describe('risk features and the model', () => {
  const vendor = 'v1';
  const finished = (activated: string, due: string, completed: string, reports: [number, number] = [1, 0]): HistoryStep => ({
    vendorId: vendor, sopKey: 'sop', nodeId: 'make', activatedAt: at(activated), dueAt: at(due), completedAt: at(completed),
    workedHours: businessHoursBetween(at(activated), at(completed), cal), windowHours: businessHoursBetween(at(activated), at(due), cal), holidays: 0,
    filedReports: reports[0], missedReports: reports[1],
  });
  const history = buildHistoryIndex([
    finished('2025-01-06T09:00:00', '2025-01-07T18:00:00', '2025-01-07T12:00:00'),
    finished('2025-01-08T09:00:00', '2025-01-08T18:00:00', '2025-01-09T12:00:00', [0, 2]),
    { vendorId: vendor, sopKey: 'other', nodeId: 'x', activatedAt: at('2025-01-09T09:00:00'), dueAt: null, completedAt: null, workedHours: null, windowHours: null, holidays: 0, filedReports: 0, missedReports: 0 },
  ]);
  const step: StepSnapshot = {
    vendorId: vendor, sopKey: 'sop', nodeId: 'make', round: 2, activatedAt: at('2025-01-13T09:00:00'), dueAt: at('2025-01-15T18:00:00'),
    filed: [at('2025-01-13T17:00:00')], uploads: [], missed: [at('2025-01-14T18:00:00')],
  };

  it('reads the vendor\'s record, typical time, open load, reports and silence as of the instant', () => {
    const { facts, values } = stepFeatures(step, history, at('2025-01-15T09:00:00'), cal);
    expect(facts).toEqual({
      vendorLateRate: 0.5, vendorLateRateAll: 0.5, round: 2, hoursLeft: 9, typicalHours: 12, elapsedHours: 18, windowHours: 27,
      openLoad: 1, holidaysAhead: 0, silenceHours: 10, missedReports: 1, usualMissedShare: 0.6,
      // Paces log(12.1 / 18.1) and log(12.1 / 9.1): median −0.4028, MAD 0 → sd √(3 · 0.25² / 5); (1 + 2 · S(0)) / (2 + 2).
      paceLate: expect.closeTo(0.25939, 4), paceOverrun: expect.closeTo(0.34542, 4), loadAtStart: 1,
      // One missed period (late steps miss 3/4, on-time ones 1/3) and one filed: ln(2.25) + ln(0.375).
      reportEvidence: expect.closeTo(Math.log(2.25) + Math.log(0.375), 10),
    });
    expect(values).toHaveLength(RISK_FEATURES.length);
    // Before the second step finished, the vendor had one on-time step: (0 + 1) / (1 + 2).
    expect(stepFeatures(step, history, at('2025-01-09T09:00:00'), cal).facts.vendorLateRateAll).toBeCloseTo(1 / 3, 10);
  });

  it('scores with the stored weights and names the factors pushing towards late, largest first', () => {
    const width = RISK_FEATURES.length;
    const model: RiskModel = {
      kind: 'logistic-v1', features: [...RISK_FEATURES], mean: new Array(width).fill(0), std: new Array(width).fill(1),
      weights: [-1, 2, -1, 0.5, ...new Array(width - 3).fill(0)], threshold: 0.5,
    };
    const x = [1, 1, 2, ...new Array(width - 3).fill(0)];
    expect(riskProbability(model, x)).toBe(0.7311);
    expect(riskFactors(model, x)).toEqual([{ feature: 'vendorLateRate', contribution: 2 }, { feature: 'round', contribution: 1 }]);
  });

  it('learns that a higher value of a late-driving feature means a higher probability', () => {
    const rows: number[][] = [];
    const labels: boolean[] = [];
    for (let i = 0; i < 40; i++) {
      const v = i / 40;
      rows.push([v, ...new Array(RISK_FEATURES.length - 1).fill(0)]);
      labels.push(i % 10 < 7 ? v > 0.5 : v <= 0.5);
    }
    const model = trainRiskModel(rows, labels, 0.5);
    expect(model.weights[1]).toBeGreaterThan(0);
    expect(riskProbability(model, rows[39]!)).toBeGreaterThan(riskProbability(model, rows[0]!));
    expect(() => trainRiskModel(rows, rows.map(() => true), 0.5)).toThrow('training needs both late and on-time steps');
  });

  it('scores a stored model by its own feature names and applies its Platt calibration', () => {
    const model: RiskModel = {
      kind: 'logistic-v2', features: ['round', 'vendorLateRate'], mean: [0, 0], std: [1, 1], weights: [0, 1, 0], calibration: { a: -1, b: 2 }, threshold: 0.5,
    };
    const x = new Array(RISK_FEATURES.length).fill(0);
    x[RISK_FEATURES.indexOf('round')] = 1;
    expect(riskLogOdds(model, x)).toBe(1);
    // σ(−1 + 2 · 1) = σ(1)
    expect(riskProbability(model, x)).toBe(0.7311);
  });
});

describe('fitting and calibrating', () => {
  it('solves a linear system with pivoting', () => {
    expect(solveLinear([[0, 2], [1, 1]], [4, 3])).toEqual([1, 2]);
    expect(() => solveLinear([[1, 2], [2, 4]], [1, 2])).toThrow('singular system');
  });

  it('fits the maximum-likelihood weights of a logistic regression by Newton steps', () => {
    // Two groups: x = 0 is late 1 in 4, x = 1 is late 3 in 4 → intercept ln(1/3), slope ln(9).
    const rows = [0, 0, 0, 0, 1, 1, 1, 1].map((x) => [1, x]);
    const labels = [true, false, false, false, true, true, true, false];
    const [a, b] = fitLogistic(rows, labels, { l2: 0 });
    expect(a).toBeCloseTo(Math.log(1 / 3), 6);
    expect(b).toBeCloseTo(Math.log(9), 6);
    // A ridge pulls the slope towards 0 but not the intercept's role.
    expect(fitLogistic(rows, labels, { l2: 0.5 })[1]).toBeLessThan(Math.log(9));
  });

  it('Platt-scales log-odds that are twice too confident back to halved, centred ones', () => {
    const z: number[] = [];
    const labels: boolean[] = [];
    // At model log-odds ±2 the steps are late 1 in 4 / 3 in 4 (true log-odds ±ln 3).
    for (const [value, late] of [[-2, 1], [2, 3]] as const) for (let i = 0; i < 4; i++) { z.push(value); labels.push(i < late); }
    const c = fitPlatt(z, labels);
    expect(c.a).toBeCloseTo(0, 3);
    expect(c.b).toBeCloseTo(Math.log(3) / 2, 3);
    expect(calibrated(c, 2)).toBeCloseTo(0.75, 3);
    expect(() => fitPlatt([1, 2], [true, true])).toThrow('calibration needs both late and on-time steps');
  });

  it('chooses the threshold meeting both targets with the most room', () => {
    const step = (late: boolean, p: number): ScoredStep => ({ late, activatedAt: 0, dueAt: 10 * 24 * H, scores: [{ at: 0, p }] });
    const steps = [step(true, 0.9), step(true, 0.7), step(true, 0.5), step(true, 0.3), step(false, 0.6), step(false, 0.4), step(false, 0.2)];
    // 0.5: recall 3/4, precision 3/4 → room min(0.9375, 1.25); 0.21 … 0.30: recall 1, precision 4/6 → min(1.25, 1.11), the most (lowest wins).
    expect(balancedThreshold(steps, { recall: 0.8, precision: 0.6 })).toBe(0.21);
    expect(balancedThreshold([], { recall: 0.8, precision: 0.6 })).toBeNull();
  });
});

describe('lateness from a vendor\'s past paces', () => {
  it('takes the weighted median and a MAD-based spread shrunk towards 0.25', () => {
    const paces = [{ r: -0.2, w: 1 }, { r: -0.1, w: 1 }, { r: 0, w: 1 }, { r: 0.1, w: 1 }, { r: 3, w: 1 }];
    expect(weightedMedian(paces)).toBe(0);
    expect(weightedMedian([{ r: 1, w: 0 }])).toBeNull();
    const normal = robustNormal(paces);
    expect(normal.mean).toBe(0);
    expect(normal.sd).toBeCloseTo(Math.sqrt((5 * (1.4826 * 0.1) ** 2 + 3 * 0.25 ** 2) / 8), 10);
    expect(robustNormal([])).toEqual(UNKNOWN_PACE);
  });

  it('reads the upper tail of a normal in both directions', () => {
    expect(upperTail(0, 0, 1)).toBeCloseTo(0.5, 7);
    expect(upperTail(1.96, 0, 1)).toBeCloseTo(0.025, 4);
    expect(upperTail(-1.96, 0, 1)).toBeCloseTo(0.975, 4);
  });

  it('raises the chance of lateness the longer a step stays open, and is 1 once its window is used up', () => {
    // Past paces: half finished at 0.8 of their window, half at 1.2 (late).
    const paces = [...new Array(10).fill({ r: Math.log(0.8), w: 1 }), ...new Array(10).fill({ r: Math.log(1.2), w: 1 })];
    const fresh = lateChances(paces, 0, 10);
    expect(fresh.fresh).toBeCloseTo(fresh.active, 2);
    expect(fresh.fresh).toBeGreaterThan(0.4);
    expect(fresh.fresh).toBeLessThan(0.6);
    // Still open at 0.9 of the window: only the late half ran that long.
    expect(lateChances(paces, 9, 10).active).toBeGreaterThan(0.85);
    expect(lateChances(paces, 10, 10).active).toBe(1);
  });
});
