import { compileCalendar } from '../../core/time/business-calendar';
import { businessHoursBetween, holidaysBetween } from '../../core/risk/business-hours';
import { auc, brier, chooseThreshold, flagCutoff, flagMetrics, observationTimes } from '../../core/risk/evaluate';
import { RISK_FEATURES, stepFeatures, type StepSnapshot } from '../../core/risk/features';
import { buildHistoryIndex, type HistoryStep } from '../../core/risk/history';
import { riskFactors, riskProbability, trainRiskModel, type RiskModel } from '../../core/risk/model';

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
    workedHours: businessHoursBetween(at(activated), at(completed), cal), filedReports: reports[0], missedReports: reports[1],
  });
  const history = buildHistoryIndex([
    finished('2025-01-06T09:00:00', '2025-01-07T18:00:00', '2025-01-07T12:00:00'),
    finished('2025-01-08T09:00:00', '2025-01-08T18:00:00', '2025-01-09T12:00:00', [0, 2]),
    { vendorId: vendor, sopKey: 'other', nodeId: 'x', activatedAt: at('2025-01-09T09:00:00'), dueAt: null, completedAt: null, workedHours: null, filedReports: 0, missedReports: 0 },
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
});
