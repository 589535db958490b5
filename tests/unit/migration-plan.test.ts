/**
 * planMigration: which node of a new SOP version each active step of a running
 * job continues on, what changes, or why the job cannot move (stable codes).
 */
import { compileSop, type ExecutionPlan } from '../../core/sop/compile';
import { planMigration, type MigrationInput, type MigrationStep } from '../../core/sop/migration-plan';
import type { BusinessCalendarSpec, ReportsSpec, SopDefinition, SopEdge, SopNode } from '../../core/sop/types';
import { minimalReviewSop, sop } from '../support/sop-builder';

const T0 = Date.parse('2026-03-02T01:00:00Z'); // Monday 09:00 in Shanghai

const plan = (definition: SopDefinition, version: number): ExecutionPlan => compileSop(definition, version);

const step = (nodeId: string, type: string, extra: Partial<MigrationStep> = {}): MigrationStep => ({ nodeId, type, round: 1, activatedAt: T0, ...extra });

function input(from: ExecutionPlan, to: ExecutionPlan, extra: Partial<MigrationInput> = {}): MigrationInput {
  return { from, to, active: [], rounds: {}, joinArrivals: {}, submitted: [], ...extra };
}

/** start → draft → review → end, with a check between draft and review. */
function withCheck(review: Partial<SopNode> = {}): SopDefinition {
  return sop(
    [
      { id: 'start', type: 'start' },
      { id: 'draft', type: 'task', assignee: 'vendor', produces: ['banner'] },
      { id: 'naming', type: 'check', checks: [{ kind: 'naming', deliverable: 'banner' }] },
      { id: 'review', type: 'review', assignee: 'qa', ...review } as SopNode,
      { id: 'end', type: 'end' },
    ],
    [
      { from: 'start', to: 'draft' },
      { from: 'draft', to: 'naming' },
      { from: 'naming', to: 'review', on: 'passed' },
      { from: 'naming', to: 'draft', on: 'failed' },
      { from: 'review', to: 'end', on: 'approved' },
      { from: 'review', to: 'draft', on: 'rejected' },
    ],
  );
}

/** start → split → (a, b) → join → end; `branches` replaces the nodes and edges inside the section. */
function parallelSop(branches: { nodes: SopNode[]; edges: SopEdge[] } = {
  nodes: [
    { id: 'a', type: 'task', assignee: 'vendor', produces: ['banner'] },
    { id: 'b', type: 'review', assignee: 'qa' },
  ],
  edges: [
    { from: 'split', to: 'a' },
    { from: 'split', to: 'b' },
    { from: 'a', to: 'join' },
    { from: 'b', to: 'join', on: 'approved' },
    { from: 'b', to: 'end', on: 'rejected' },
  ],
}): SopDefinition {
  return sop(
    [{ id: 'start', type: 'start' }, { id: 'split', type: 'parallel' }, ...branches.nodes, { id: 'join', type: 'join' }, { id: 'end', type: 'end' }],
    [{ from: 'start', to: 'split' }, ...branches.edges, { from: 'join', to: 'end' }],
  );
}

describe('a valid migration plan', () => {
  test('a job mid-review moves to a version adding a check: the review keeps its id and round, the new check is listed', () => {
    const result = planMigration(input(plan(minimalReviewSop(), 1), plan(withCheck(), 2), {
      active: [step('review', 'review', { round: 2, assigneeRole: 'qa' })],
      rounds: { draft: 2, review: 2 },
      submitted: ['banner'],
    }));
    expect(result).toEqual({
      ok: true,
      fromVersion: 1,
      toVersion: 2,
      moves: [{ from: 'review', to: 'review', type: 'review', round: 2, toRound: 2 }],
      changes: { deadlines: [], checks: [{ nodeId: 'naming', change: 'added', kinds: ['naming'] }], assignees: [] },
    });
  });

  test('a mapped step continues on the new id in the round after the last one there; deadline and assignee changes are listed', () => {
    const from = plan(minimalReviewSop(), 1);
    const to = plan(sop(
      [
        { id: 'start', type: 'start' },
        { id: 'draft', type: 'task', assignee: 'vendor', produces: ['banner'] },
        { id: 'qa-review', type: 'review', assignee: 'manager', due: { after: 'PT4H' } },
        { id: 'end', type: 'end' },
      ],
      [
        { from: 'start', to: 'draft' },
        { from: 'draft', to: 'qa-review' },
        { from: 'qa-review', to: 'end', on: 'approved' },
        { from: 'qa-review', to: 'draft', on: 'rejected' },
      ],
    ), 3);
    const result = planMigration(input(from, to, {
      active: [step('review', 'review', { round: 1 })],
      rounds: { review: 1, 'qa-review': 1 },
      mapping: { review: 'qa-review' },
    }));
    expect(result).toEqual({
      ok: true,
      fromVersion: 1,
      toVersion: 3,
      moves: [{ from: 'review', to: 'qa-review', type: 'review', round: 1, toRound: 2 }],
      changes: {
        deadlines: [{ nodeId: 'qa-review', kind: 'deadline', from: null, to: T0 + 4 * 3600_000 }],
        checks: [],
        assignees: [{ nodeId: 'qa-review', from: 'qa', to: 'manager' }],
      },
    });
  });

  test('a deadline changed in the new version is counted from the step’s own activation', () => {
    const from = plan(minimalReviewSop({}, { due: { after: 'P1D' } }), 1);
    const to = plan(minimalReviewSop({}, { due: { after: 'PT2H' } }), 2);
    const result = planMigration(input(from, to, { active: [step('review', 'review', { dueAt: T0 + 86_400_000 })] }));
    expect(result.ok && result.changes.deadlines).toEqual([{ nodeId: 'review', kind: 'deadline', from: T0 + 86_400_000, to: T0 + 2 * 3600_000 }]);
  });

  test('another calendar re-times business-time deadlines only: a calendar-time deadline is not listed', () => {
    const workweek = { workdays: [1, 2, 3, 4, 5], hours: ['09:00', '18:00'] as [string, string] };
    const on = (calendar: BusinessCalendarSpec, version: number) => ({
      ...plan(minimalReviewSop({ due: { after: 'PT8H' } }, { due: { after: 'PT9H', calendar: 'business' } }), version),
      calendar,
    });
    const from = on(workweek, 1);
    const to = on({ ...workweek, holidays: ['2026-03-02'] }, 2); // T0's Monday off: the 9 working hours run on Tuesday
    const result = planMigration(input(from, to, { active: [step('draft', 'task', { dueAt: T0 + 8 * 3600_000 }), step('review', 'review', { dueAt: T0 + 9 * 3600_000 })] }));
    expect(result.ok && result.changes.deadlines).toEqual([{ nodeId: 'review', kind: 'deadline', from: T0 + 9 * 3600_000, to: T0 + 33 * 3600_000 }]);
  });

  test('a wait whose duration changes gets a new wake-up time from its activation; an unchanged wait is not listed', () => {
    const waitSop = (duration: string) => sop(
      [{ id: 'start', type: 'start' }, { id: 'cool', type: 'wait', duration }, { id: 'end', type: 'end' }],
      [{ from: 'start', to: 'cool' }, { from: 'cool', to: 'end' }],
    );
    const changed = planMigration(input(plan(waitSop('PT1H'), 1), plan(waitSop('PT3H'), 2), { active: [step('cool', 'wait', { wakeAt: T0 + 3600_000 })] }));
    expect(changed.ok && changed.changes.deadlines).toEqual([{ nodeId: 'cool', kind: 'wake', from: T0 + 3600_000, to: T0 + 3 * 3600_000 }]);
    const same = planMigration(input(plan(waitSop('PT1H'), 1), plan(waitSop('PT1H'), 2), { active: [step('cool', 'wait', { wakeAt: T0 + 3600_000 })] }));
    expect(same.ok && same.changes.deadlines).toEqual([]);
  });

  test('a check whose checks change and a check removed are listed as changed and removed', () => {
    const from = plan(withCheck(), 1);
    const changedDef = withCheck();
    (changedDef.nodes[2] as { checks: unknown[] }).checks = [{ kind: 'naming', deliverable: 'banner' }, { kind: 'checklist' }];
    expect(planMigration(input(from, plan(changedDef, 2), { active: [step('draft', 'task')] }))).toMatchObject({
      ok: true, changes: { checks: [{ nodeId: 'naming', change: 'changed', kinds: ['naming', 'checklist'] }] },
    });
    expect(planMigration(input(from, plan(minimalReviewSop(), 2), { active: [step('draft', 'task')] }))).toMatchObject({
      ok: true, changes: { checks: [{ nodeId: 'naming', change: 'removed', kinds: [] }] },
    });
  });

  test('steps on both branches of a parallel section move when the section keeps its join and branches', () => {
    const result = planMigration(input(plan(parallelSop(), 1), plan(parallelSop(), 2), {
      active: [step('a', 'task'), step('b', 'review')],
    }));
    expect(result).toMatchObject({ ok: true, moves: [{ from: 'a', to: 'a' }, { from: 'b', to: 'b' }] });
  });

  test('a branch that already reached the join may move when the join keeps the same branches', () => {
    const result = planMigration(input(plan(parallelSop(), 1), plan(parallelSop(), 2), {
      active: [step('b', 'review')],
      joinArrivals: { join: 1 },
    }));
    expect(result.ok).toBe(true);
  });
});

describe('a refused migration', () => {
  const codes = (result: ReturnType<typeof planMigration>) => (result.ok ? [] : result.refusals.map((r) => [r.code, r.nodeId ?? r.deliverable]));

  test('MIGRATE_SAME_VERSION: the job already runs the version', () => {
    const p = plan(minimalReviewSop(), 2);
    expect(planMigration(input(p, p))).toEqual({
      ok: false, fromVersion: 2, toVersion: 2, refusals: [{ code: 'MIGRATE_SAME_VERSION', message: 'The job already runs version 2.' }],
    });
  });

  test('MIGRATE_OTHER_SOP: a version of another SOP', () => {
    const other = plan({ ...minimalReviewSop(), key: 'other-sop' }, 2);
    expect(codes(planMigration(input(plan(minimalReviewSop(), 1), other)))).toEqual([['MIGRATE_OTHER_SOP', undefined]]);
  });

  test('MIGRATE_MAPPING_UNKNOWN: a mapping from a step the old version lacks, or to one the new version lacks', () => {
    const from = plan(minimalReviewSop(), 1);
    const to = plan(minimalReviewSop(), 2);
    const result = planMigration(input(from, to, { active: [step('review', 'review')], mapping: { ghost: 'review', review: 'nowhere' } }));
    expect(result).toEqual({
      ok: false, fromVersion: 1, toVersion: 2,
      refusals: [
        { code: 'MIGRATE_MAPPING_UNKNOWN', nodeId: 'ghost', message: 'The mapping names step "ghost", which version 1 does not have.' },
        { code: 'MIGRATE_MAPPING_UNKNOWN', nodeId: 'review', message: 'The mapping sends step "review" to "nowhere", which version 2 does not have.' },
      ],
    });
  });

  test('MIGRATE_MAPPING_UNKNOWN also for names every object inherits ("toString", "constructor", "__proto__")', () => {
    const from = plan(minimalReviewSop(), 1);
    const to = plan(minimalReviewSop(), 2);
    const mapping = JSON.parse('{"review":"toString","constructor":"review","__proto__":"review"}') as Record<string, string>;
    const result = planMigration(input(from, to, { active: [step('review', 'review')], mapping }));
    expect(codes(result)).toEqual([['MIGRATE_MAPPING_UNKNOWN', 'review'], ['MIGRATE_MAPPING_UNKNOWN', 'constructor'], ['MIGRATE_MAPPING_UNKNOWN', '__proto__']]);
  });

  test('MIGRATE_NODE_MISSING: an active step whose node is gone and not mapped', () => {
    const to = plan(withCheck(), 2);
    to.nodes = Object.fromEntries(Object.entries(to.nodes).filter(([id]) => id !== 'review'));
    const result = planMigration(input(plan(minimalReviewSop(), 1), to, { active: [step('review', 'review')] }));
    expect(result).toEqual({
      ok: false, fromVersion: 1, toVersion: 2,
      refusals: [{ code: 'MIGRATE_NODE_MISSING', nodeId: 'review', message: 'Step "review" is active, and version 2 has no step "review": map it to one.' }],
    });
  });

  test('MIGRATE_TYPE_CHANGED: an active step mapped to a node of another type', () => {
    const result = planMigration(input(plan(minimalReviewSop(), 1), plan(withCheck(), 2), { active: [step('review', 'review')], mapping: { review: 'naming' } }));
    expect(result).toEqual({
      ok: false, fromVersion: 1, toVersion: 2,
      refusals: [{ code: 'MIGRATE_TYPE_CHANGED', nodeId: 'review', message: 'Step "review" is an active review step; "naming" is a check step in version 2.' }],
    });
  });

  test('MIGRATE_MAPPING_COLLISION: two active steps mapped onto one node (which also changes their join’s branches)', () => {
    const result = planMigration(input(plan(parallelSop(), 1), plan(parallelSop(), 2), {
      active: [step('a', 'task'), step('b', 'task')],
      mapping: { b: 'a' },
    }));
    expect(codes(result)).toEqual([['MIGRATE_JOIN_CHANGED', 'a'], ['MIGRATE_MAPPING_COLLISION', 'b']]);
  });

  test('MIGRATE_JOIN_CHANGED: a branch added to the section of an active step', () => {
    const wider = parallelSop({
      nodes: [
        { id: 'a', type: 'task', assignee: 'vendor', produces: ['banner'] },
        { id: 'b', type: 'review', assignee: 'qa' },
        { id: 'c', type: 'task', assignee: 'manager', produces: [] },
      ],
      edges: [
        { from: 'split', to: 'a' }, { from: 'split', to: 'b' }, { from: 'split', to: 'c' },
        { from: 'a', to: 'join' }, { from: 'b', to: 'join', on: 'approved' }, { from: 'b', to: 'end', on: 'rejected' }, { from: 'c', to: 'join' },
      ],
    });
    const result = planMigration(input(plan(parallelSop(), 1), plan(wider, 2), { active: [step('a', 'task')] }));
    expect(result).toEqual({
      ok: false, fromVersion: 1, toVersion: 2,
      refusals: [{ code: 'MIGRATE_JOIN_CHANGED', nodeId: 'a', message: 'Step "a" is in a parallel section, and join "join": its branches change (a, b → a, b, c).' }],
    });
  });

  test('MIGRATE_JOIN_CHANGED: a join some branches already reached loses one of its branches', () => {
    const narrower = sop(
      [{ id: 'start', type: 'start' }, { id: 'split', type: 'parallel' }, { id: 'a', type: 'task', assignee: 'vendor', produces: ['banner'] }, { id: 'join', type: 'join' }, { id: 'b', type: 'review', assignee: 'qa' }, { id: 'end', type: 'end' }],
      [{ from: 'start', to: 'split' }, { from: 'split', to: 'a' }, { from: 'a', to: 'join' }, { from: 'join', to: 'b' }, { from: 'b', to: 'end', on: 'approved' }, { from: 'b', to: 'a', on: 'rejected' }],
    );
    const result = planMigration(input(plan(parallelSop(), 1), plan(narrower, 2), { active: [], joinArrivals: { join: 1 } }));
    expect(codes(result)).toEqual([['MIGRATE_JOIN_CHANGED', 'join']]);
  });

  test('MIGRATE_JOIN_CHANGED: a step moved out of its parallel section', () => {
    const result = planMigration(input(plan(parallelSop(), 1), plan(withCheck(), 2), { active: [step('b', 'review')], mapping: { b: 'review' } }));
    expect(result.ok === false && result.refusals).toEqual([
      { code: 'MIGRATE_JOIN_CHANGED', nodeId: 'b', message: 'Step "b" is in a parallel section, and its parallel section would close at no join instead of "join".' },
    ]);
  });

  test('MIGRATE_DELIVERABLE_REMOVED: a submitted deliverable the new version no longer declares', () => {
    const to = plan({ ...minimalReviewSop(), deliverables: [{ id: 'poster', label: 'Poster' }] }, 2);
    const result = planMigration(input(plan(minimalReviewSop(), 1), to, { active: [step('review', 'review')], submitted: ['banner'] }));
    expect(result).toEqual({
      ok: false, fromVersion: 1, toVersion: 2,
      refusals: [{ code: 'MIGRATE_DELIVERABLE_REMOVED', deliverable: 'banner', message: 'Deliverable "banner" was submitted, and version 2 no longer declares it.' }],
    });
  });

  test('MIGRATE_STEP_BUSY: a step saving a submission does not move', () => {
    const result = planMigration(input(plan(minimalReviewSop(), 1), plan(withCheck(), 2), { active: [step('draft', 'task', { busy: true })] }));
    expect(codes(result)).toEqual([['MIGRATE_STEP_BUSY', 'draft']]);
  });

  test('MIGRATE_REPORTS_CHANGED: an active step whose report cadence changes, gains or loses reports does not move; new questions or the same length spelt otherwise do', () => {
    const withReports = (reports: ReportsSpec | undefined): SopDefinition => ({
      ...minimalReviewSop(),
      nodes: minimalReviewSop().nodes.map((n) => (n.id === 'draft' ? ({ ...n, reports } as SopNode) : n)),
    });
    const daily = plan(withReports({ every: 'P1D' }), 1);
    const migrate = (to: ReportsSpec | undefined) => planMigration(input(daily, plan(withReports(to), 2), { active: [step('draft', 'task')] }));
    expect(migrate({ every: 'P7D' })).toEqual({
      ok: false, fromVersion: 1, toVersion: 2,
      refusals: [{
        code: 'MIGRATE_REPORTS_CHANGED', nodeId: 'draft',
        message: 'Step "draft" is active and files progress reports every P1D; "draft" in version 2 asks every P7D. Reports are numbered from the step\'s start, so the cadence cannot change while it runs: migrate after the step is done.',
      }],
    });
    expect(codes(migrate({ every: 'P1D', graceAfter: 'PT4H' }))).toEqual([['MIGRATE_REPORTS_CHANGED', 'draft']]);
    expect(codes(migrate(undefined))).toEqual([['MIGRATE_REPORTS_CHANGED', 'draft']]);
    expect(codes(planMigration(input(plan(withReports(undefined), 1), plan(withReports({ every: 'P1D' }), 2), { active: [step('draft', 'task')] })))).toEqual([['MIGRATE_REPORTS_CHANGED', 'draft']]);
    expect(migrate({ every: 'PT24H', fields: [{ id: 'progress', label: 'Progress', type: 'number' }] }).ok).toBe(true);
    // The workflow's Update handler decides without the rule (it came after migrations were recorded; the validator refuses).
    expect(planMigration({ ...input(daily, plan(withReports({ every: 'P7D' }), 2), { active: [step('draft', 'task')] }), reportCadenceRule: false }).ok).toBe(true);
    // A step that is not active keeps no periods: its cadence may change.
    expect(planMigration(input(daily, plan(withReports({ every: 'P7D' }), 2), { active: [step('review', 'review')] })).ok).toBe(true);
  });

  test('a calendar recorded without its zone equals the same calendar with the SOP\'s zone spelt out (no re-timing); another zone re-times business deadlines', () => {
    const business = minimalReviewSop({ due: { after: 'PT8H', calendar: 'business' } });
    const week: BusinessCalendarSpec = { workdays: [1, 2, 3, 4, 5], hours: ['09:00', '18:00'] };
    const from = { ...plan(business, 1), calendar: week };
    const active = [step('draft', 'task', { dueAt: 1 })];
    const same = planMigration(input(from, { ...plan(business, 2), calendar: { ...week, timezone: from.timezone } }, { active }));
    expect(same.ok && same.changes.deadlines).toEqual([]);
    const elsewhere = planMigration(input(from, { ...plan(business, 2), calendar: { ...week, timezone: 'America/New_York' } }, { active }));
    expect(elsewhere.ok && elsewhere.changes.deadlines.map((d) => d.nodeId)).toEqual(['draft']);
  });

  test('every refusal is listed at once, not just the first', () => {
    const to = plan({ ...withCheck(), deliverables: [] }, 2);
    const result = planMigration(input(plan(parallelSop(), 1), to, { active: [step('a', 'task'), step('b', 'review')], submitted: ['banner'] }));
    expect(codes(result)).toEqual([
      ['MIGRATE_NODE_MISSING', 'a'],
      ['MIGRATE_NODE_MISSING', 'b'],
      ['MIGRATE_DELIVERABLE_REMOVED', 'banner'],
    ]);
  });
});
