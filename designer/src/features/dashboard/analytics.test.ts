import { describe, expect, it } from 'vitest';
import { overallKpis, overviewBurndown, overviewByVendor, overviewOverdue, vendorKpis } from './analytics';

const vendors = {
  from: '2026-10-28T00:00:00Z', to: '2026-11-27T00:00:00Z',
  vendors: [
    { org: { id: 'o-a', name: 'Vendor A' }, jobsStarted: 4, jobsCompleted: 3, onTimeRate: 0.75, onTime: { onTime: 3, due: 4 }, avgDeliveryCycleHours: 30, firstPassRate: 0.5, firstPass: { passed: 2, checked: 4 }, avgReworkRounds: 1, overdueOpenSteps: 1, rejections: 2, delayCauses: [{ code: 'wrong-colour', label: '颜色不符', count: 2 }] },
    { org: { id: 'o-b', name: 'Vendor B' }, jobsStarted: 1, jobsCompleted: 1, onTimeRate: 1, onTime: { onTime: 1, due: 1 }, avgDeliveryCycleHours: 10, firstPassRate: 1, firstPass: { passed: 1, checked: 1 }, avgReworkRounds: 0, overdueOpenSteps: 0, rejections: 0, delayCauses: [] },
  ],
};

describe('dashboard analytics', () => {
  it('pools vendor KPIs into company figures (ratios over counts, averages weighted by completed jobs)', () => {
    const kpis = overallKpis(vendorKpis(vendors).values());
    expect(Object.fromEntries(kpis.map((k) => [k.key, k.value]))).toEqual({ onTimeRate: 4 / 5, firstPassRate: 3 / 5, avgCycleHours: 25, avgReworkRounds: 0.75, rejections: 2 });
  });

  it('reads the overview burndown and overdue list with step titles and assignees', () => {
    const overview = {
      burndown: [{ date: '2026-11-27', open: 2 }, { date: '2026-11-26', open: 5 }],
      overdue: [{ job: { id: 'j', code: 'C', title: 'T', vendorOrg: { id: 'o-a', name: 'Vendor A' } }, nodeId: 'draft', stepTitle: '提交设计稿', dueAt: '2026-11-26T00:00:00Z', assignee: { name: 'Alice' } }],
    };
    expect(overviewBurndown(overview)?.map((p) => p.open)).toEqual([5, 2]);
    expect(overviewOverdue(overview)?.[0]).toMatchObject({ step: { nodeId: 'draft', title: '提交设计稿' }, assignee: 'Alice' });
    expect(overviewBurndown({})).toBeUndefined();
  });

  it('reads the per-vendor job counts of the overview, skipping malformed rows', () => {
    const overview = {
      byVendor: [
        { vendorOrg: { id: 'o-a', name: 'Vendor A' }, jobsByStatus: { running: 140, completed: 3, cancelled: 0, failed: 0, stuck: 1 }, overdueSteps: 12 },
        { vendorOrg: {}, jobsByStatus: {}, overdueSteps: 1 },
      ],
    };
    expect(overviewByVendor(overview)).toEqual([{ id: 'o-a', name: 'Vendor A', jobsByStatus: { running: 140, completed: 3, cancelled: 0, failed: 0, stuck: 1 }, overdueSteps: 12 }]);
    expect(overviewByVendor({})).toEqual([]);
  });
});
