/**
 * Deadlines, reminders, escalation, reassignment and rework limits of the job
 * workflow on a real Temporal dev server with second-scale durations.
 *
 * Times are asserted exactly: a timed notice carries the instant it was
 * scheduled for (`at`), computed from the step's `activatedAt` / `dueAt`, so
 * the tests compare with the schedule, never with wall-clock tolerances. The
 * tests only *wait* on the wall clock (past the scheduled times) to show that
 * nothing else arrives.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { JobInput, JobState, NotifyInput } from '../../core/jobs/contract';
import type { SopDefinition, SopNode } from '../../core/sop/types';
import { computeStepSchedule } from '../../core/time/step-schedule';
import { cancelSignal, extendDeadlineSignal, reassignSignal, reviewUpdate, stateQuery, submitUpdate } from '../../workflows/definitions';
import type { jobWorkflow } from '../../workflows/job-workflow';
import { noticeKey } from '../support/memory-activities';
import { jobInput, minimalReviewSop, owner, qa, vendor } from '../support/sop-builder';
import { useMemoryWorker } from '../support/temporal';
import { activeStep, sleep, until } from '../support/engine-waits';

const env = useMemoryWorker('engine-deadlines');


/** due PT3S, a reminder 1 s before, escalation at the deadline (assignee) and 2 s after (owner, cc manager). */
const timedDraft = {
  due: { after: 'PT3S' },
  reminders: [{ before: 'PT1S', notify: ['assignee'] }],
  escalation: [
    { overdue: 'PT0S', notify: ['assignee'] },
    { overdue: 'PT2S', notify: ['owner'], cc: ['manager'], message: 'Draft is 2 s late' },
  ],
} as Partial<SopNode>;

async function start(input: JobInput = jobInput(minimalReviewSop(timedDraft))): Promise<WorkflowHandle<typeof jobWorkflow>> {
  return env.client.workflow.start<typeof jobWorkflow>('jobWorkflow', { taskQueue: env.taskQueue, workflowId: input.jobId, args: [input] });
}



/** Reminders and escalations, in arrival order, as `[kind, level, epoch, at - origin]`. */
function timed(origin: number, notices: NotifyInput[] = env.acts.notices): Array<[string, number | undefined, number | undefined, number]> {
  return notices.filter((n) => n.kind === 'reminder' || n.kind === 'escalation').map((n) => [n.kind, n.level, n.deadlineEpoch, n.at - origin]);
}

const escalationArrived = (level: number, epoch = 0) => () =>
  env.acts.notices.find((n) => n.kind === 'escalation' && n.level === level && n.deadlineEpoch === epoch);

const submitDraft = (handle: WorkflowHandle) =>
  handle.executeUpdate(submitUpdate, { args: [{ nodeId: 'draft', actor: vendor, files: [{ deliverable: 'banner', fileId: 'f-1' }] }] });

describe('deadlines, reminders and the escalation ladder', () => {
  test('sends the reminder, escalation level 0 at the deadline and level 1 two seconds later, each once at its scheduled instant, and marks the step overdue at the deadline', async () => {
    const handle = await start();
    const draft = await activeStep(handle, 'draft');
    const a = draft.activatedAt;
    expect(draft.dueAt).toBe(a + 3000);
    expect(draft.reminders).toEqual([{ index: 0, at: a + 2000, sent: false }]);
    expect(draft.escalations).toEqual([
      { index: 0, at: a + 3000, sent: false },
      { index: 1, at: a + 5000, sent: false },
    ]);
    expect(draft.overdue).toBeUndefined();

    await until('escalation level 1', escalationArrived(1));
    await sleep(1000);
    expect(timed(a)).toEqual([
      ['reminder', 0, 0, 2000],
      ['escalation', 0, 0, 3000],
      ['escalation', 1, 0, 5000],
    ]);
    const [reminder, level0, level1] = env.acts.notices.filter((n) => n.kind === 'reminder' || n.kind === 'escalation');
    expect(reminder).toMatchObject({ nodeId: 'draft', round: 1, roles: ['vendor'], dueAt: a + 3000 });
    expect(level0).toMatchObject({ roles: ['vendor'] });
    expect(level0!.cc).toBeUndefined();
    expect(level1).toMatchObject({ roles: ['owner'], cc: ['manager'], message: 'Draft is 2 s late' });
    expect(new Set(env.acts.notices.map(noticeKey)).size).toBe(env.acts.notices.length);

    const overdueEvents = env.acts.events.filter((e) => e.kind === 'step' && e.step.nodeId === 'draft' && e.step.overdue);
    expect(overdueEvents.map((e) => e.at - a)).toEqual([3000]);
    const state = await handle.query(stateQuery);
    expect(state.active.draft).toMatchObject({ overdue: true, status: 'active' });
    expect(state.active.draft!.escalations.map((e) => e.sent)).toEqual([true, true]);
    await handle.signal(cancelSignal, { actor: owner });
  });

  test('a step completed before its deadline cancels every pending reminder and escalation', async () => {
    const handle = await start();
    const draft = await activeStep(handle, 'draft');
    await submitDraft(handle);
    await activeStep(handle, 'review');
    await sleep(draft.activatedAt + 5500 - Date.now());
    expect(timed(draft.activatedAt)).toEqual([]);
    const state = await handle.query(stateQuery);
    const done = state.history.find((s) => s.nodeId === 'draft')!;
    expect(done).toMatchObject({ status: 'done', outcome: 'submitted' });
    expect(done.overdue).toBeUndefined();
    expect(done.completedAt! - done.activatedAt).toBeLessThan(3000);
    await handle.signal(cancelSignal, { actor: owner });
  });

  test('extending the deadline before anything is due moves the deadline and every notice under a new deadline epoch', async () => {
    const handle = await start();
    const draft = await activeStep(handle, 'draft');
    const a = draft.activatedAt;
    await handle.signal(extendDeadlineSignal, { nodeId: 'draft', dueAt: a + 4000, actor: owner });
    const moved = await until('the moved deadline', async () => {
      const step = (await handle.query(stateQuery)).active.draft!;
      return step.deadlineEpoch === 1 ? step : undefined;
    });
    expect(moved.dueAt).toBe(a + 4000);
    expect(moved.reminders).toEqual([{ index: 0, at: a + 3000, sent: false }]);
    expect(moved.escalations.map((e) => e.at - a)).toEqual([4000, 6000]);

    await until('escalation level 1 of epoch 1', escalationArrived(1, 1));
    await sleep(800);
    expect(timed(a)).toEqual([
      ['reminder', 0, 1, 3000],
      ['escalation', 0, 1, 4000],
      ['escalation', 1, 1, 6000],
    ]);
    expect(env.acts.notices.find((n) => n.kind === 'escalation')!.dueAt).toBe(a + 4000);
    const overdueAt = env.acts.events.filter((e) => e.kind === 'step' && e.step.nodeId === 'draft' && e.step.overdue).map((e) => e.at - a);
    expect(overdueAt).toEqual([4000]);
    await handle.signal(cancelSignal, { actor: owner });
  });

  test('extending the deadline after the reminder went out does not replay a reminder whose new time has passed', async () => {
    const handle = await start();
    const draft = await activeStep(handle, 'draft');
    const a = draft.activatedAt;
    await until('the reminder', () => env.acts.notices.find((n) => n.kind === 'reminder'));
    // The reminder for the new deadline would fall now (1 s before it): already past when the signal is handled.
    const newDue = Date.now() + 1000;
    await handle.signal(extendDeadlineSignal, { nodeId: 'draft', dueAt: newDue, actor: owner });
    await until('escalation level 1 of epoch 1', escalationArrived(1, 1));
    await sleep(800);
    expect(timed(a)).toEqual([
      ['reminder', 0, 0, 2000],
      ['escalation', 0, 1, newDue - a],
      ['escalation', 1, 1, newDue + 2000 - a],
    ]);
    const state = await handle.query(stateQuery);
    expect(state.active.draft).toMatchObject({ dueAt: newDue, deadlineEpoch: 1, overdue: true });
    expect(state.active.draft!.reminders).toEqual([{ index: 0, at: newDue - 1000, sent: true }]);
    await handle.signal(cancelSignal, { actor: owner });
  });
});

describe('reassignment', () => {
  const quickDraft = { due: { after: 'PT1S' }, escalation: [{ overdue: 'PT0S', notify: ['assignee'], cc: ['owner'] }] } as Partial<SopNode>;

  test('reassigning one step sends it to the new person and its later escalation names them, while the job binding stays', async () => {
    const handle = await start(jobInput(minimalReviewSop(quickDraft)));
    await activeStep(handle, 'draft');
    await handle.signal(reassignSignal, { nodeId: 'draft', role: 'vendor', userId: 'u-vendor-2', actor: owner });
    const escalation = await until('the escalation', escalationArrived(0));
    expect(env.acts.notices.map((n) => [n.kind, n.assignees.vendor])).toEqual([
      ['task_assigned', 'u-vendor'],
      ['task_assigned', 'u-vendor-2'],
      ['escalation', 'u-vendor-2'],
    ]);
    expect(escalation).toMatchObject({ roles: ['vendor'], cc: ['owner'] });
    const state = await handle.query(stateQuery);
    expect(state.active.draft!.assigneeUserId).toBe('u-vendor-2');
    expect(state.assignees.vendor).toBe('u-vendor');
    await handle.signal(cancelSignal, { actor: owner });
  });

  test('reassigning a role for the whole job tells the new person of the active step and later notices go to them', async () => {
    const handle = await start(jobInput(minimalReviewSop(quickDraft)));
    await activeStep(handle, 'draft');
    await handle.signal(reassignSignal, { role: 'vendor', userId: 'u-vendor-3', actor: owner });
    await until('the escalation', escalationArrived(0));
    expect(env.acts.notices.map((n) => [n.kind, n.assignees.vendor])).toEqual([
      ['task_assigned', 'u-vendor'],
      ['task_assigned', 'u-vendor-3'],
      ['escalation', 'u-vendor-3'],
    ]);
    const state = await handle.query(stateQuery);
    expect(state.assignees.vendor).toBe('u-vendor-3');
    expect(state.active.draft!.assigneeUserId).toBeUndefined();
    const rebind = env.acts.events.find((e) => e.kind === 'job' && e.detail?.reassigned === 'vendor');
    expect(rebind).toMatchObject({ detail: { reassigned: 'vendor', userId: 'u-vendor-3' } });
    await handle.signal(cancelSignal, { actor: owner });
  });
});

describe('rework limits', () => {
  test('with maxRounds 1 a rejection flags the job stuck and tells the owner once; the next submission returns it to running', async () => {
    const handle = await start(jobInput(minimalReviewSop({ maxRounds: 1 } as Partial<SopNode>)));
    await activeStep(handle, 'draft');
    await submitDraft(handle);
    await activeStep(handle, 'review');
    await handle.executeUpdate(reviewUpdate, { args: [{ nodeId: 'review', actor: qa, decision: 'rejected', reasons: ['color'] }] });
    await activeStep(handle, 'draft', 2);
    const stuck = await handle.query(stateQuery);
    expect(stuck.status).toBe('stuck');
    expect(stuck.stuck).toEqual({ nodeId: 'draft', round: 2 });
    expect(env.acts.notices.filter((n) => n.kind === 'stuck')).toEqual([
      expect.objectContaining({ kind: 'stuck', nodeId: 'draft', round: 2, roles: ['owner'], message: 'round 2 > maxRounds 1' }),
    ]);

    await submitDraft(handle);
    const running = await handle.query(stateQuery);
    expect(running.status).toBe('running');
    expect(running.stuck).toBeUndefined();
    await handle.executeUpdate(reviewUpdate, { args: [{ nodeId: 'review', actor: qa, decision: 'approved' }] });
    const final: JobState = await handle.result();
    expect(final.status).toBe('completed');
    const statuses = env.acts.events.flatMap((e) => (e.kind === 'job' ? [e.status] : []));
    expect(statuses).toEqual(['running', 'stuck', 'running', 'completed']);
    expect(env.acts.notices.filter((n) => n.kind === 'stuck')).toHaveLength(1);
  });
});

describe('business-time deadlines', () => {
  test('a deadline of five working days skips the weekend and equals the SOP calendar schedule', async () => {
    const base = minimalReviewSop({
      due: { after: 'P5D', calendar: 'business' },
      reminders: [{ before: 'PT4H', notify: ['assignee'] }],
      escalation: [{ overdue: 'PT0S', notify: ['assignee'] }, { overdue: 'P1D', notify: ['owner'], cc: ['manager'] }],
    } as Partial<SopNode>);
    const calendar = { workdays: [1, 2, 3, 4, 5], hours: ['09:00', '18:00'] as [string, string] };
    const definition: SopDefinition = { ...base, calendar };
    const handle = await start(jobInput(definition));
    const draft = await activeStep(handle, 'draft');
    const schedule = computeStepSchedule({
      activatedAt: draft.activatedAt,
      due: { after: 'P5D', calendar: 'business' },
      reminders: [{ before: 'PT4H', notify: ['assignee'] }],
      escalation: [{ overdue: 'PT0S', notify: ['assignee'] }, { overdue: 'P1D', notify: ['owner'] }],
      calendar,
      timezone: 'Asia/Shanghai',
    });
    expect(draft.dueAt).toBe(schedule.dueAt);
    expect(draft.reminders).toEqual(schedule.reminders.map(({ index, at }) => ({ index, at, sent: false })));
    expect(draft.escalations).toEqual(schedule.escalations.map(({ index, at }) => ({ index, at, sent: false })));
    // Counted apart from the engine: the working time between activation and due is exactly five 9-hour days,
    // whatever day of the week the test runs (a start on a Saturday or a Monday 09:00 included).
    expect(shanghaiWorkingMs(draft.activatedAt, draft.dueAt!)).toBe(5 * 9 * 3600 * 1000);
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const parts = Object.fromEntries(local.formatToParts(draft.dueAt!).map((p) => [p.type, p.value]));
    expect(['Mon', 'Tue', 'Wed', 'Thu', 'Fri']).toContain(parts.weekday);
    expect(`${parts.hour}:${parts.minute}` >= '09:00' && `${parts.hour}:${parts.minute}` <= '18:00').toBe(true);
    await handle.signal(cancelSignal, { actor: owner });
  });
});

/** Milliseconds of Mon–Fri 09:00–18:00 in Asia/Shanghai (UTC+8 all year, no daylight saving) within [from, to). */
function shanghaiWorkingMs(from: number, to: number): number {
  const offset = 8 * 3600 * 1000;
  const day = 24 * 3600 * 1000;
  let total = 0;
  for (let localMidnight = Math.floor((from + offset) / day) * day; localMidnight < to + offset; localMidnight += day) {
    const weekday = new Date(localMidnight).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const open = localMidnight - offset + 9 * 3600 * 1000;
    const close = localMidnight - offset + 18 * 3600 * 1000;
    total += Math.max(0, Math.min(close, to) - Math.max(open, from));
  }
  return total;
}
