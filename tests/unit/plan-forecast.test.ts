/**
 * The rest of a running job, planned (core/sop/plan-forecast.ts): the portfolio
 * Gantt's bars for steps not reached yet.
 */
import { compileSop } from '../../core/sop/compile';
import { forecastRemaining } from '../../core/sop/plan-forecast';
import type { SopNode } from '../../core/sop/types';
import { minimalReviewSop, sop } from '../support/sop-builder';

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe('forecastRemaining', () => {
  test('a review after an active draft starts at the draft\'s due time and lasts its own due; the end takes no time', () => {
    const plan = compileSop(minimalReviewSop({ due: { after: 'PT24H' } }, { due: { after: 'PT8H' } }), 1);
    const now = at('2026-03-02T02:00:00Z');
    expect(forecastRemaining(plan, [{ nodeId: 'draft', dueAt: now + 10 * H }], now)).toEqual([
      { nodeId: 'review', type: 'review', plannedStart: now + 10 * H, plannedEnd: now + 18 * H, timed: true },
      { nodeId: 'end', type: 'end', plannedStart: now + 18 * H, plannedEnd: now + 18 * H, timed: false },
    ]);
  });

  test('a late active step is planned to end now, not at its past due time; a step without due takes no time', () => {
    const plan = compileSop(minimalReviewSop({ due: { after: 'PT24H' } }), 1);
    const now = at('2026-03-02T02:00:00Z');
    expect(forecastRemaining(plan, [{ nodeId: 'draft', dueAt: now - 5 * H }], now).map((s) => [s.nodeId, s.plannedStart, s.plannedEnd, s.timed])).toEqual([
      ['review', now, now, false],
      ['end', now, now, false],
    ]);
  });

  test('business-time deadlines follow the calendar: 4 working hours from Friday 17:00 Shanghai end Monday 12:00', () => {
    const plan = compileSop(minimalReviewSop({}, { due: { after: 'PT4H', calendar: 'business' } }), 1);
    const now = at('2026-03-06T09:00:00Z'); // Friday 17:00 in Shanghai
    const [review] = forecastRemaining(plan, [{ nodeId: 'draft' }], now);
    expect([review!.plannedStart, review!.plannedEnd]).toEqual([now, at('2026-03-09T12:00:00+08:00')]);
  });

  test('a join waits for the later of its branches; only the hoped-for exits are followed (no rework loop, no decline path)', () => {
    const definition = sop(
      [
        { id: 'start', type: 'start' },
        { id: 'split', type: 'parallel' },
        { id: 'a', type: 'task', assignee: 'vendor', produces: ['banner'], due: { after: 'PT2H' } } as SopNode,
        { id: 'b', type: 'task', assignee: 'vendor', produces: ['banner'], due: { after: 'PT1H' } } as SopNode,
        { id: 'b2', type: 'review', assignee: 'qa', due: { after: 'PT5H' }, milestone: true } as SopNode,
        { id: 'join', type: 'join' },
        { id: 'fix', type: 'task', assignee: 'vendor', produces: ['banner'], due: { after: 'PT99H' } } as SopNode,
        { id: 'wait', type: 'wait', duration: 'PT3H' },
        { id: 'end', type: 'end' },
      ],
      [
        { from: 'start', to: 'split' },
        { from: 'split', to: 'a' },
        { from: 'split', to: 'b' },
        { from: 'a', to: 'join' },
        { from: 'b', to: 'b2' },
        { from: 'b2', to: 'join', on: 'approved' },
        { from: 'b2', to: 'fix', on: 'rejected' },
        { from: 'fix', to: 'b2' },
        { from: 'join', to: 'wait' },
        { from: 'wait', to: 'end' },
      ],
    );
    const plan = compileSop(definition, 1);
    const now = at('2026-03-02T00:00:00Z');
    // a is active (due in 2 h); b is active (due in 1 h): b2 runs 1 h → 6 h, so the join waits for it, not for a.
    const steps = forecastRemaining(plan, [{ nodeId: 'a', dueAt: now + 2 * H }, { nodeId: 'b', dueAt: now + H }], now);
    expect(steps.map((s) => [s.nodeId, (s.plannedStart - now) / H, (s.plannedEnd - now) / H])).toEqual([
      ['b2', 1, 6],
      ['join', 6, 6],
      ['wait', 6, 9],
      ['end', 9, 9],
    ]);
  });

  test('a loop on the hoped-for path is planned once and the forecast ends', () => {
    const definition = sop(
      [
        { id: 'start', type: 'start' },
        { id: 'x', type: 'task', assignee: 'vendor', produces: ['banner'], due: { after: 'PT1H' } } as SopNode,
        { id: 'y', type: 'task', assignee: 'vendor', produces: ['banner'], due: { after: 'PT1H' } } as SopNode,
        { id: 'end', type: 'end' },
      ],
      [
        { from: 'start', to: 'x' },
        { from: 'x', to: 'y' },
        { from: 'y', to: 'x' },
        { from: 'y', to: 'end' },
      ],
    );
    const plan = compileSop(definition, 1);
    const now = 0;
    expect(forecastRemaining(plan, [{ nodeId: 'x', dueAt: H }], now).map((s) => s.nodeId)).toEqual(['y', 'end']);
  });

  test('an active wait without a recorded wake-up time wakes at its activation plus its wait, not now', () => {
    const definition = sop(
      [
        { id: 'start', type: 'start' },
        { id: 'pause', type: 'wait', duration: 'P3D' },
        { id: 'draft', type: 'task', assignee: 'vendor', produces: ['banner'], due: { after: 'PT2H' } } as SopNode,
        { id: 'end', type: 'end' },
      ],
      [{ from: 'start', to: 'pause' }, { from: 'pause', to: 'draft' }, { from: 'draft', to: 'end' }],
    );
    const now = at('2026-03-02T00:00:00Z');
    const [draft] = forecastRemaining(compileSop(definition, 1), [{ nodeId: 'pause', activatedAt: now - 24 * H }], now);
    expect([draft!.nodeId, (draft!.plannedStart - now) / H, (draft!.plannedEnd - now) / H]).toEqual(['draft', 48, 50]);
  });

  test('nothing is planned past the horizon, nor after a step whose length is not a representable instant; the page budget caps the work', () => {
    const chain = (due: string, calendar?: 'business') => sop(
      [
        { id: 'start', type: 'start' },
        { id: 'draft', type: 'task', assignee: 'vendor', produces: ['banner'] } as SopNode,
        { id: 'long', type: 'task', assignee: 'vendor', produces: ['banner'], due: { after: due, ...(calendar ? { calendar } : {}) } } as SopNode,
        { id: 'after', type: 'task', assignee: 'vendor', produces: ['banner'], due: { after: 'PT1H' } } as SopNode,
        { id: 'end', type: 'end' },
      ],
      [{ from: 'start', to: 'draft' }, { from: 'draft', to: 'long' }, { from: 'long', to: 'after' }, { from: 'after', to: 'end' }],
    );
    const now = at('2026-03-02T00:00:00Z');
    const planned = (definition: ReturnType<typeof chain>, options = {}) => forecastRemaining(compileSop(definition, 1), [{ nodeId: 'draft' }], now, options).map((s) => s.nodeId);
    expect(planned(chain('P30D'))).toEqual(['long', 'after', 'end']);
    // Past a year, in calendar time or (stretched by the working hours) in business time, and a length with years.
    expect(planned(chain('P400D'))).toEqual([]);
    expect(planned(chain('PT2500H', 'business'))).toEqual([]);
    expect(planned(chain('P300000Y'))).toEqual([]);
    expect(planned(chain('PT2480000000H'))).toEqual([]);
    expect(planned(chain('P30D'), { horizonMs: 10 * 86_400_000 })).toEqual([]);
    // One budget over several jobs: each planned node takes one.
    const budget = { left: 4 };
    expect(planned(chain('P1D'), { budget })).toEqual(['long', 'after', 'end']);
    expect(planned(chain('P1D'), { budget })).toEqual(['long']);
    expect(budget.left).toBe(0);
  });

  test('a job with no active step has nothing planned', () => {
    expect(forecastRemaining(compileSop(minimalReviewSop(), 1), [], 0)).toEqual([]);
  });
});
