/**
 * A new version of a job's shared calendar re-times the business-time
 * deadlines of its active steps (real Temporal dev server, memory activities).
 * Expected deadlines come from the same pure schedule the engine uses, so the
 * assertions are exact.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { BusinessCalendarSpec, SopNode } from '../../core/sop/types';
import { computeStepSchedule } from '../../core/time/step-schedule';
import { calendarChangedSignal, extendDeadlineSignal, stateQuery } from '../../workflows/definitions';
import type { jobWorkflow } from '../../workflows/job-workflow';
import type { calendarRetimeWorkflow } from '../../workflows/calendar-retime-workflow';
import { jobInput, owner, sop } from '../support/sop-builder';
import { useMemoryWorker } from '../support/temporal';
import { activeStep, until } from '../support/engine-waits';

const env = useMemoryWorker('engine-calendar');
const ZONE = 'Asia/Shanghai';
const DAY = 86_400_000;

/** Every day worked around the clock: business time is wall time until a holiday is added. */
const ALWAYS: BusinessCalendarSpec = { workdays: [1, 2, 3, 4, 5, 6, 7], hours: ['00:00', '24:00'] };

/** start → parallel → brief (30 business hours) and draft (30 calendar hours, a reminder 2 h before) → join → end. */
function twoDeadlines() {
  const due = (calendar: 'calendar' | 'business') => ({ due: { after: 'PT30H', calendar }, reminders: [{ before: 'PT2H', notify: ['assignee'] }] });
  const definition = sop(
    [
      { id: 'start', type: 'start' },
      { id: 'fork', type: 'parallel' },
      { id: 'brief', type: 'task', assignee: 'vendor', produces: [], ...due('business') } as SopNode,
      { id: 'draft', type: 'task', assignee: 'vendor', produces: ['banner'], ...due('calendar') } as SopNode,
      { id: 'merge', type: 'join' },
      { id: 'end', type: 'end' },
    ],
    [
      { from: 'start', to: 'fork' },
      { from: 'fork', to: 'brief' },
      { from: 'fork', to: 'draft' },
      { from: 'brief', to: 'merge' },
      { from: 'draft', to: 'merge' },
      { from: 'merge', to: 'end' },
    ],
    { calendar: ALWAYS },
  );
  const input = jobInput(definition, { calendarVersion: 1 });
  return { definition, input };
}

async function start() {
  const { definition, input } = twoDeadlines();
  const handle = await env.client.workflow.start<typeof jobWorkflow>('jobWorkflow', { taskQueue: env.taskQueue, workflowId: input.jobId, args: [input] });
  const brief = await activeStep(handle, 'brief');
  const draft = await activeStep(handle, 'draft');
  return { definition, handle, brief, draft };
}

/** The local date in Shanghai `days` after the instant `at`. */
const localDate = (at: number, days: number) => new Date(at + 8 * 3_600_000 + days * DAY).toISOString().slice(0, 10);

interface CalendarMove {
  key: string;
  version: number;
  moved: Array<{ nodeId: string; round: number; from: number; to: number }>;
}
const moves = (): CalendarMove[] =>
  env.acts.events.flatMap((e) => (e.kind === 'job' && e.detail && 'calendarChanged' in e.detail ? [e.detail.calendarChanged as CalendarMove] : []));

async function stepAfterEpoch(handle: WorkflowHandle, nodeId: string, epoch: number) {
  return until(`${nodeId} at deadline epoch ${epoch}`, async () => {
    const step = (await handle.query(stateQuery)).active[nodeId];
    return step && step.deadlineEpoch >= epoch ? step : undefined;
  });
}

test('Calendar change re-times a running job\'s deadline (and only business ones)', async () => {
  const { handle, brief, draft } = await start();
  expect(brief.dueAt).toBe(brief.activatedAt + 30 * 3_600_000);
  expect(draft.dueAt).toBe(draft.activatedAt + 30 * 3_600_000);

  // A holiday on the next working day (tomorrow): the 30 business hours skip it.
  const holiday = localDate(brief.activatedAt, 1);
  const calendar: BusinessCalendarSpec = { ...ALWAYS, holidays: [holiday] };
  const retime = await env.client.workflow.execute<typeof calendarRetimeWorkflow>('calendarRetimeWorkflow', {
    taskQueue: env.taskQueue, workflowId: `retime-${brief.activatedAt}-${Math.random()}`,
    args: [{ key: 'cn-2027', version: 2, calendar, workflowIds: [handle.workflowId, 'job-that-ended-long-ago'] }],
  });
  expect(retime).toEqual({ signalled: 1, gone: 1 });

  const moved = await stepAfterEpoch(handle, 'brief', 1);
  const expected = computeStepSchedule({ activatedAt: brief.activatedAt, due: { after: 'PT30H', calendar: 'business' }, calendar, timezone: ZONE }).dueAt;
  expect(moved.dueAt).toBe(expected);
  expect(moved.dueAt).toBe(brief.dueAt! + DAY);
  expect(moved.deadlineEpoch).toBe(1);
  expect(moved.reminders).toEqual([{ index: 0, at: expected - 2 * 3_600_000, sent: false }]);

  const state = await handle.query(stateQuery);
  expect(state.calendarVersion).toBe(2);
  expect(state.active.draft).toEqual(draft);

  // Recorded through the step events (StepRun.dueAt follows) and once as a job event naming the move.
  await until('the calendar change recorded', () => moves().length === 1);
  expect(moves()).toEqual([{ key: 'cn-2027', version: 2, moved: [{ nodeId: 'brief', round: 1, from: brief.dueAt, to: expected }] }]);
  const briefEvents = env.acts.events.filter((e) => e.kind === 'step' && e.step.nodeId === 'brief');
  expect(briefEvents.at(-1)).toMatchObject({ kind: 'step', step: { dueAt: expected, deadlineEpoch: 1 } });
  // The vendor (assignee) and the owner are told, once, for the moved step only.
  await until('the deadline notice', () => env.acts.notices.find((n) => n.kind === 'notify'));
  const told = env.acts.notices.filter((n) => n.kind === 'notify');
  expect(told).toHaveLength(1);
  expect(told[0]).toMatchObject({ nodeId: 'brief', round: 1, roles: ['vendor', 'owner'], deadlineEpoch: 1, dueAt: expected });
});

test('a calendar version the job already applied, or an older one, changes nothing', async () => {
  const { handle, brief } = await start();
  const calendar: BusinessCalendarSpec = { ...ALWAYS, holidays: [localDate(brief.activatedAt, 1)] };
  await handle.signal(calendarChangedSignal, { key: 'cn-2027', version: 2, calendar });
  await stepAfterEpoch(handle, 'brief', 1);
  // The same version again (a replayed delivery), and an older version with two holidays.
  await handle.signal(calendarChangedSignal, { key: 'cn-2027', version: 2, calendar });
  await handle.signal(calendarChangedSignal, { key: 'cn-2027', version: 1, calendar: { ...ALWAYS, holidays: [localDate(brief.activatedAt, 1), localDate(brief.activatedAt, 2)] } });
  // A later signal that is applied shows the earlier ones were handled (signals are handled in order).
  await handle.signal(calendarChangedSignal, { key: 'cn-2027', version: 3, calendar });
  const state = await until('version 3 applied', async () => {
    const s = await handle.query(stateQuery);
    return s.calendarVersion === 3 ? s : undefined;
  });
  expect(state.active.brief!.deadlineEpoch).toBe(1);
  expect(state.active.brief!.dueAt).toBe(brief.dueAt! + DAY);
  expect(moves().map((m) => [m.version, m.moved.length])).toEqual([[2, 1], [3, 0]]);
});

test('a business deadline moved by hand keeps its time when the calendar changes', async () => {
  const { handle, brief } = await start();
  const byHand = brief.dueAt! + 3 * DAY;
  await handle.signal(extendDeadlineSignal, { nodeId: 'brief', dueAt: byHand, actor: owner });
  await stepAfterEpoch(handle, 'brief', 1);
  await handle.signal(calendarChangedSignal, { key: 'cn-2027', version: 2, calendar: { ...ALWAYS, holidays: [localDate(brief.activatedAt, 1)] } });
  const state = await until('version 2 applied', async () => {
    const s = await handle.query(stateQuery);
    return s.calendarVersion === 2 ? s : undefined;
  });
  expect(state.active.brief).toMatchObject({ dueAt: byHand, deadlineEpoch: 1 });
});
