import type { VendorReportRow } from '../../api/reports/vendor-report';
import { onTimeProbability, suggestVendors } from '../../api/reports/vendor-suggestions';

function row(id: string, onTime: number, due: number, extra: Partial<VendorReportRow> = {}): VendorReportRow {
  return {
    org: { id, name: `Vendor ${id}` }, rank: null, previousRank: null, rankChange: null, score: null, previousScore: null, scoreChange: null,
    onTime: { rate: due ? onTime / due : null, onTime, due }, cycleHours: { completed: 0, avg: null, p90: null, businessAvg: null, businessP90: null }, firstPass: { rate: null, passed: 0, completed: 0 },
    rework: { rounds: 0, avgRounds: null }, openLoad: { jobs: 0, steps: 0, overdueSteps: 0 }, delayReasons: [], rejectionReasons: [], weekly: [], ...extra,
  };
}

describe('vendor suggestions for a new job', () => {
  it('estimates the on-time probability as the Beta(1,1) posterior mean: no history is a coin flip, history pulls it towards the observed rate', () => {
    expect(onTimeProbability(0, 0)).toBe(0.5);
    expect(onTimeProbability(9, 10)).toBe(0.8333);
    expect(onTimeProbability(1, 1)).toBe(0.6667);
  });

  it('uses the SOP\'s own history when there is any, else all SOPs, and orders by probability, score, then fewer open steps', () => {
    const forSop = [row('A', 8, 10, { score: 70, rank: 2 }), row('B', 0, 0), row('C', 9, 10, { score: 90, rank: 1 })];
    const overall = [
      row('A', 30, 40, { openLoad: { jobs: 3, steps: 4, overdueSteps: 1 } }),
      row('B', 19, 20, { openLoad: { jobs: 1, steps: 1, overdueSteps: 0 } }),
      row('C', 10, 20, { openLoad: { jobs: 5, steps: 6, overdueSteps: 2 } }),
      row('D', 0, 0),
    ];
    const out = suggestVendors(forSop, overall);
    expect(out.map((s) => [s.org.id, s.onTime.basis, s.onTime.probability, s.onTime.due, s.openLoad.steps, s.suggested])).toEqual([
      ['B', 'all', 0.9091, 20, 1, true],
      ['C', 'sop', 0.8333, 10, 6, false],
      ['A', 'sop', 0.75, 10, 4, false],
      ['D', 'none', 0.5, 0, 0, false],
    ]);
    expect(out[1]).toMatchObject({ score: 90, rank: 1 });
  });

  it('suggests nobody when no vendor has any history', () => {
    const out = suggestVendors([row('A', 0, 0)], [row('A', 0, 0), row('B', 0, 0)]);
    expect(out.map((s) => [s.org.id, s.suggested])).toEqual([['A', false], ['B', false]]);
  });

  it('takes the delay-risk model\'s probability where it has one and keeps the Beta(1,1) estimate for the others', () => {
    const out = suggestVendors([row('A', 8, 10), row('B', 1, 1)], [row('A', 8, 10), row('B', 1, 1)], new Map([['B', 0.91]]));
    expect(out.map((s) => [s.org.id, s.onTime.probability, s.onTime.source])).toEqual([['B', 0.91, 'model'], ['A', 0.75, 'history']]);
  });
});
