/**
 * A new version of a job's shared calendar re-times the business-time
 * deadlines of its active steps (real Temporal dev server, memory activities:
 * the stored versions and the Job rows the re-timing workflow pages through are
 * in `env.acts`). Expected deadlines come from the same pure schedule the engine
 * uses, so the assertions are exact.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
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
const KEY = 'cn-2027';

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
    { calendar: { ref: KEY } },
  );
  // As the API starts it: the shared calendar's version 1 filled in as the plan's calendar.
  const input = jobInput(definition, { calendarVersion: 1 });
  return { definition, input: { ...input, plan: { ...input.plan, calendar: ALWAYS } } };
}

/** Starts a job on version 1 of KEY and lists it (as its Job row) for the re-timing workflow, with `id` as its job id. */
async function start(id = 'job-1') {
  const { definition, input } = twoDeadlines();
  env.acts.calendarVersions.set(`${KEY}@1`, ALWAYS);
  env.acts.calendarJobs.push({ id, workflowId: input.jobId, calendarKey: KEY, calendarVersion: 1, running: true });
  const handle = await env.client.workflow.start<typeof jobWorkflow>('jobWorkflow', { taskQueue: env.taskQueue, workflowId: input.jobId, args: [input] });
  const brief = await activeStep(handle, 'brief');
  const draft = await activeStep(handle, 'draft');
  return { definition, handle, brief, draft };
}

/** Stores version `version` of KEY and moves the listed running jobs to it, as the API's transaction does. */
function storeVersion(version: number, calendar: BusinessCalendarSpec): void {
  env.acts.calendarVersions.set(`${KEY}@${version}`, calendar);
  for (const job of env.acts.calendarJobs) if (job.calendarKey === KEY && job.running) job.calendarVersion = version;
}

/** The payloads of the `calendarChanged` signals a job received, as recorded in its history. */
async function signalsReceived(handle: WorkflowHandle): Promise<unknown[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const a = e.workflowExecutionSignaledEventAttributes;
    return a?.signalName === 'calendarChanged' ? [defaultPayloadConverter.fromPayload(a.input!.payloads![0]!)] : [];
  });
}

async function calendarVersionOf(handle: WorkflowHandle, version: number) {
  return until(`calendar version ${version} applied`, async () => {
    const s = await handle.query(stateQuery);
    return s.calendarVersion === version ? s : undefined;
  });
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

test('Calendar change re-times a running job\'s deadline (and only business ones): the re-timing workflow signals the version, the job loads its spec', async () => {
  const { handle, brief, draft } = await start();
  expect(brief.dueAt).toBe(brief.activatedAt + 30 * 3_600_000);
  expect(draft.dueAt).toBe(draft.activatedAt + 30 * 3_600_000);
  env.acts.calendarJobs.push({ id: 'job-2', workflowId: 'job-that-ended-long-ago', calendarKey: KEY, calendarVersion: 1, running: true });

  // A holiday on the next working day (tomorrow): the 30 business hours skip it.
  const holiday = localDate(brief.activatedAt, 1);
  const calendar: BusinessCalendarSpec = { ...ALWAYS, holidays: [holiday] };
  storeVersion(2, calendar);
  const retime = await env.client.workflow.execute<typeof calendarRetimeWorkflow>('calendarRetimeWorkflow', {
    taskQueue: env.taskQueue, workflowId: `retime-${brief.activatedAt}-${Math.random()}`, args: [{ key: KEY, version: 2 }],
  });
  expect(retime).toEqual({ signalled: 1, gone: 1 });
  expect(env.acts.calendarPages).toEqual([{ limit: 200, ids: ['job-1', 'job-2'] }]);

  const moved = await stepAfterEpoch(handle, 'brief', 1);
  const expected = computeStepSchedule({ activatedAt: brief.activatedAt, due: { after: 'PT30H', calendar: 'business' }, calendar, timezone: ZONE }).dueAt;
  expect(moved.dueAt).toBe(expected);
  expect(moved.dueAt).toBe(brief.dueAt! + DAY);
  expect(moved.deadlineEpoch).toBe(1);
  expect(moved.reminders).toEqual([{ index: 0, at: expected - 2 * 3_600_000, sent: false }]);

  const state = await handle.query(stateQuery);
  expect(state.calendarVersion).toBe(2);
  expect(state.active.draft).toEqual(draft);
  // The signal names the version only; the spec was loaded once.
  expect(await signalsReceived(handle)).toEqual([{ key: KEY, version: 2 }]);
  expect(env.acts.calendarLoads).toEqual([{ key: KEY, version: 2 }]);

  // Recorded through the step events (StepRun.dueAt follows) and once as a job event naming the move.
  await until('the calendar change recorded', () => moves().length === 1);
  expect(moves()).toEqual([{ key: KEY, version: 2, moved: [{ nodeId: 'brief', round: 1, from: brief.dueAt, to: expected }] }]);
  const briefEvents = env.acts.events.filter((e) => e.kind === 'step' && e.step.nodeId === 'brief');
  expect(briefEvents.at(-1)).toMatchObject({ kind: 'step', step: { dueAt: expected, deadlineEpoch: 1 } });
  // The vendor (assignee) and the owner are told, once, for the moved step only.
  await until('the deadline notice', () => env.acts.notices.find((n) => n.kind === 'notify'));
  const told = env.acts.notices.filter((n) => n.kind === 'notify');
  expect(told).toHaveLength(1);
  expect(told[0]).toMatchObject({ nodeId: 'brief', round: 1, roles: ['vendor', 'owner'], deadlineEpoch: 1, dueAt: expected });
});

test('the re-timing workflow pages through more jobs than one page and continues as new between pages, each job signalled once', async () => {
  const started = [];
  for (const id of ['job-1', 'job-2', 'job-3', 'job-4']) started.push(await start(id));
  env.acts.calendarJobs.push({ id: 'job-5', workflowId: 'job-that-ended-long-ago', calendarKey: KEY, calendarVersion: 1, running: true });
  // Not listed: a job on another calendar, and one that ended.
  env.acts.calendarJobs.push({ id: 'job-0', workflowId: started[0]!.handle.workflowId, calendarKey: 'other', calendarVersion: 1, running: true });
  env.acts.calendarJobs.push({ id: 'job-6', workflowId: started[1]!.handle.workflowId, calendarKey: KEY, calendarVersion: 1, running: false });
  storeVersion(2, { ...ALWAYS, holidays: [localDate(started[0]!.brief.activatedAt, 1)] });

  const retime = await env.client.workflow.start<typeof calendarRetimeWorkflow>('calendarRetimeWorkflow', {
    taskQueue: env.taskQueue, workflowId: `retime-paged-${Math.random()}`, args: [{ key: KEY, version: 2, options: { pageSize: 2, pagesPerRun: 2 } }],
  });
  expect(await retime.result()).toEqual({ signalled: 4, gone: 1 });
  expect(env.acts.calendarPages).toEqual([
    { limit: 2, ids: ['job-1', 'job-2'] },
    { after: 'job-2', limit: 2, ids: ['job-3', 'job-4'] },
    { after: 'job-4', limit: 2, ids: ['job-5'] },
  ]);
  // Two pages, then a new run carrying the cursor and the counts.
  const first = await env.client.workflow.getHandle(retime.workflowId, retime.firstExecutionRunId).describe();
  expect(first.status.name).toBe('CONTINUED_AS_NEW');
  const history = await env.client.workflow.getHandle(retime.workflowId, retime.firstExecutionRunId).fetchHistory();
  const carried = history.events!.at(-1)!.workflowExecutionContinuedAsNewEventAttributes!.input!.payloads![0]!;
  expect(defaultPayloadConverter.fromPayload(carried)).toEqual({ key: KEY, version: 2, options: { pageSize: 2, pagesPerRun: 2 }, progress: { after: 'job-4', signalled: 4, gone: 0 } });

  for (const { handle, brief } of started) {
    const moved = await stepAfterEpoch(handle, 'brief', 1);
    expect(moved.dueAt).toBe(brief.dueAt! + DAY);
    expect((await handle.query(stateQuery)).calendarVersion).toBe(2);
    expect(await signalsReceived(handle)).toEqual([{ key: KEY, version: 2 }]);
  }
});

test('a calendar version the job already applied, or an older one, or another calendar\'s, changes nothing and is loaded once', async () => {
  const { handle, brief } = await start();
  const calendar: BusinessCalendarSpec = { ...ALWAYS, holidays: [localDate(brief.activatedAt, 1)] };
  storeVersion(2, calendar);
  storeVersion(3, calendar);
  env.acts.calendarVersions.set(`${KEY}@1`, { ...ALWAYS, holidays: [localDate(brief.activatedAt, 1), localDate(brief.activatedAt, 2)] });
  env.acts.calendarVersions.set('other@9', { ...ALWAYS, holidays: [localDate(brief.activatedAt, 1), localDate(brief.activatedAt, 2)] });
  await handle.signal(calendarChangedSignal, { key: KEY, version: 2 });
  await stepAfterEpoch(handle, 'brief', 1);
  // The same version again (a replayed delivery), an older version, and another calendar's.
  await handle.signal(calendarChangedSignal, { key: KEY, version: 2 });
  await handle.signal(calendarChangedSignal, { key: KEY, version: 1 });
  await handle.signal(calendarChangedSignal, { key: 'other', version: 9 });
  // A later signal that is applied shows the earlier ones were handled (signals are handled in order).
  await handle.signal(calendarChangedSignal, { key: KEY, version: 3 });
  const state = await calendarVersionOf(handle, 3);
  expect(state.active.brief!.deadlineEpoch).toBe(1);
  expect(state.active.brief!.dueAt).toBe(brief.dueAt! + DAY);
  expect(moves().map((m) => [m.version, m.moved.length])).toEqual([[2, 1], [3, 0]]);
  expect(env.acts.calendarLoads).toEqual([{ key: KEY, version: 2 }, { key: KEY, version: 3 }]);
});

test('a signal of the first form, with the calendar spec inside, is applied as before without loading anything', async () => {
  const { handle, brief } = await start();
  const calendar: BusinessCalendarSpec = { ...ALWAYS, holidays: [localDate(brief.activatedAt, 1)] };
  await handle.signal(calendarChangedSignal, { key: KEY, version: 2, calendar });
  const moved = await stepAfterEpoch(handle, 'brief', 1);
  expect(moved.dueAt).toBe(brief.dueAt! + DAY);
  expect((await calendarVersionOf(handle, 2)).calendarVersion).toBe(2);
  expect(env.acts.calendarLoads).toEqual([]);
});

test('a version that is not stored is ignored, and a later stored one still applies', async () => {
  const { handle, brief } = await start();
  storeVersion(3, { ...ALWAYS, holidays: [localDate(brief.activatedAt, 1)] });
  await handle.signal(calendarChangedSignal, { key: KEY, version: 2 });
  await handle.signal(calendarChangedSignal, { key: KEY, version: 3 });
  const state = await calendarVersionOf(handle, 3);
  expect(state.active.brief!.dueAt).toBe(brief.dueAt! + DAY);
  expect(moves().map((m) => m.version)).toEqual([3]);
});

test('a business deadline moved by hand keeps its time when the calendar changes', async () => {
  const { handle, brief } = await start();
  const byHand = brief.dueAt! + 3 * DAY;
  await handle.signal(extendDeadlineSignal, { nodeId: 'brief', dueAt: byHand, actor: owner });
  await stepAfterEpoch(handle, 'brief', 1);
  storeVersion(2, { ...ALWAYS, holidays: [localDate(brief.activatedAt, 1)] });
  await handle.signal(calendarChangedSignal, { key: KEY, version: 2 });
  const state = await calendarVersionOf(handle, 2);
  expect(state.active.brief).toMatchObject({ dueAt: byHand, deadlineEpoch: 1 });
});
