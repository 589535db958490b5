import { refuseReport } from '../../core/jobs/report-rules';
import type { JobState, StepState } from '../../core/jobs/contract';
import { compileSop } from '../../core/sop/compile';
import { fileablePeriods, periodIndexAt, periodNotices, reportPeriod } from '../../core/sop/report-periods';
import type { ReportsSpec, SopNode } from '../../core/sop/types';
import { minimalReviewSop, otherVendor, qa, vendor } from '../support/sop-builder';

const A = Date.UTC(2026, 11, 1, 1, 0, 0);
const H = 3600_000;
const daily: ReportsSpec = { every: 'P1D', graceAfter: 'PT12H' };

describe('report periods', () => {
  test('period p spans [A + (p-1)·every, A + p·every) and is due graceAfter after its end', () => {
    expect(reportPeriod(daily, A, 1)).toEqual({ period: 1, start: A, end: A + 24 * H, dueAt: A + 36 * H });
    expect(reportPeriod(daily, A, 3)).toEqual({ period: 3, start: A + 48 * H, end: A + 72 * H, dueAt: A + 84 * H });
    expect(reportPeriod({ every: 'PT5S' }, A, 2)).toEqual({ period: 2, start: A + 5000, end: A + 10_000, dueAt: A + 10_000 });
  });

  test('an instant falls in the period that contains it; activation and earlier count as period 1', () => {
    expect([A - 1, A, A + 24 * H - 1, A + 24 * H, A + 50 * H].map((t) => periodIndexAt(daily, A, t))).toEqual([1, 1, 1, 2, 3]);
  });

  test('reports may be filed for the current period and earlier ones still in grace, each once', () => {
    expect(fileablePeriods(daily, A, A + H, [])).toEqual([1]);
    expect(fileablePeriods(daily, A, A + 30 * H, [])).toEqual([1, 2]);
    expect(fileablePeriods(daily, A, A + 30 * H, [1])).toEqual([2]);
    expect(fileablePeriods(daily, A, A + 36 * H + 1, [])).toEqual([2]);
    expect(fileablePeriods(daily, A, A + 30 * H, [1, 2])).toEqual([]);
  });

  test('a period\'s ladder: reminders before its due time (none before the period starts), the miss, then escalation levels', () => {
    const node = {
      reports: daily,
      reminders: [{ before: 'PT2H', notify: ['assignee'] }, { before: 'P3D', notify: ['assignee'] }],
      escalation: [{ overdue: 'PT0S', notify: ['owner'] }, { overdue: 'PT4H', notify: ['manager'] }],
    };
    expect(periodNotices(node, A, 2)).toEqual([
      { kind: 'reminder', index: 0, at: A + 58 * H },
      { kind: 'missed', index: 0, at: A + 60 * H },
      { kind: 'escalation', index: 0, at: A + 60 * H },
      { kind: 'escalation', index: 1, at: A + 64 * H },
    ]);
  });
});

describe('refuseReport', () => {
  const draft = { reports: { every: 'P1D', graceAfter: 'PT12H', fields: [{ id: 'progress', label: '进度', type: 'number', min: 0, max: 100, required: true }] } } as Partial<SopNode>;
  const plan = compileSop(minimalReviewSop(draft), 1);
  const step = (reporting: Partial<NonNullable<StepState['reporting']>> = {}): StepState => ({
    nodeId: 'draft', type: 'task', round: 1, status: 'active', activatedAt: A, deadlineEpoch: 0, reminders: [], escalations: [], assigneeRole: 'vendor',
    reporting: { next: 2, open: [], filed: [], missed: [], ...reporting },
  });
  const state = (active: Record<string, StepState>, status: JobState['status'] = 'running'): JobState => ({
    status, active, history: [], rounds: {}, joinArrivals: {}, assignees: { vendor: vendor.userId, qa: qa.userId }, latestFiles: {}, transitions: 0, runs: 0,
  });
  const ctx = (s: JobState) => ({ state: s, plan, vendorOrgId: vendor.orgId });
  const code = (r: ReturnType<typeof refuseReport>) => ('code' in r ? r.code : undefined);

  test('takes the oldest open period by default and keeps the checked answers', () => {
    const decided = refuseReport(ctx(state({ draft: step() })), { nodeId: 'draft', actor: vendor, answers: { progress: 30 } }, A + 30 * H);
    expect('code' in decided ? decided : { period: decided.period, answers: decided.answers }).toEqual({ period: 1, answers: { progress: 30 } });
  });

  test('refuses by rule: not active, no reports asked, not the assignee, missed or future period, filed twice, wrong answers, job ended', () => {
    const s = state({ draft: step({ filed: [1] }) });
    const at = A + 40 * H;
    expect(code(refuseReport(ctx(state({})), { nodeId: 'draft', actor: vendor }, at))).toBe('STEP_NOT_ACTIVE');
    expect(code(refuseReport(ctx(s), { nodeId: 'review', actor: qa }, at))).toBe('REPORTS_NOT_ASKED');
    expect(code(refuseReport(ctx(s), { nodeId: 'draft', actor: otherVendor, answers: { progress: 1 } }, at))).toBe('NOT_ASSIGNEE');
    expect(code(refuseReport(ctx(state({ draft: step() })), { nodeId: 'draft', actor: vendor, period: 1, answers: { progress: 1 } }, at))).toBe('REPORT_PERIOD_CLOSED');
    expect(code(refuseReport(ctx(s), { nodeId: 'draft', actor: vendor, period: 3, answers: { progress: 1 } }, at))).toBe('REPORT_PERIOD_CLOSED');
    expect(code(refuseReport(ctx(s), { nodeId: 'draft', actor: vendor, period: 1, answers: { progress: 1 } }, A + H))).toBe('REPORT_ALREADY_FILED');
    expect(code(refuseReport(ctx(s), { nodeId: 'draft', actor: vendor, answers: { progress: 101 } }, at))).toBe('FORM_INVALID');
    expect(code(refuseReport(ctx(s), { nodeId: 'draft', actor: vendor, answers: {} }, at))).toBe('FORM_INVALID');
    expect(code(refuseReport(ctx(state({ draft: step() }, 'cancelled')), { nodeId: 'draft', actor: vendor }, at))).toBe('JOB_NOT_RUNNING');
  });
});
