/**
 * Recurring reports (日报/周报/打卡) in the interpreter workflow, on a real
 * Temporal dev server and a real worker, with a five-second period; activities
 * keep their calls in memory.
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { SopNode } from '../../core/sop/types';
import { validateSop } from '../../core/sop/validate';
import { cancelSignal, fileReportUpdate, reassignSignal, stateQuery, submitUpdate } from '../../workflows/definitions';
import { jobWorkflow } from '../../workflows/job-workflow';
import { activeStep, sleep, until } from '../support/engine-waits';
import { jobInput, minimalReviewSop, otherVendor, owner, qa, vendor } from '../support/sop-builder';
import { useMemoryWorker } from '../support/temporal';
import type { JobInput } from '../../core/jobs/contract';

const env = useMemoryWorker('engine-reports');

const draft = {
  reports: { every: 'PT5S', graceAfter: 'PT1S', fields: [{ id: 'progress', label: '进度 %', type: 'number', min: 0, max: 100, required: true }] },
  escalation: [{ overdue: 'PT0S', notify: ['owner'], cc: ['manager'] }],
} as Partial<SopNode>;

async function start(input: JobInput): Promise<WorkflowHandle<typeof jobWorkflow>> {
  return env.client.workflow.start(jobWorkflow, { taskQueue: env.taskQueue, workflowId: input.jobId, args: [input] });
}

async function failureType(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    return ((error as WorkflowUpdateFailedError).cause as { type?: string } | undefined)?.type;
  }
  throw new Error('expected the update to be refused');
}

test('the SOP with reports is valid (a ladder without a due is allowed on a node with reports)', () => {
  expect(validateSop(minimalReviewSop(draft)).errors).toEqual([]);
});

test('period 1 filed, period 2 missed and escalated exactly once, across continue-as-new; period 3 filed after it', async () => {
  const handle = await start(jobInput(minimalReviewSop(draft), { options: { continueAsNewAfterEvents: 40 } }));
  const step = await activeStep(handle, 'draft');
  const A = step.activatedAt;
  const file = (over: object = {}) => handle.executeUpdate(fileReportUpdate, { args: [{ nodeId: 'draft', actor: vendor, answers: { progress: 40 }, ...over }] });

  const first = await file({ note: '初稿进行中' });
  expect(first).toMatchObject({ nodeId: 'draft', round: 1, period: 1, status: 'filed', periodStart: A, periodEnd: A + 5000, dueAt: A + 6000 });
  expect(await failureType(file({ period: 1 }))).toBe('REPORT_ALREADY_FILED');
  expect(await failureType(file({ period: 2 }))).toBe('REPORT_PERIOD_CLOSED');
  expect(await failureType(file({ answers: { progress: 140 } }))).toBe('REPORT_ALREADY_FILED');

  // Signals add history until the job continues as new while period 2 runs.
  const pushUntilRuns = async (runs: number) => {
    for (let i = 0; (await handle.query(stateQuery)).runs < runs; i++) {
      if (i > 200) throw new Error('the job never continued as new');
      await handle.signal(reassignSignal, { role: 'manager', userId: 'u-manager', actor: owner });
    }
  };
  await pushUntilRuns(1);
  const carried = (await handle.query(stateQuery)).active.draft!;
  expect(carried.reporting!.filed).toEqual([1]);

  const escalations = () => env.acts.notices.filter((n) => n.kind === 'escalation');
  await until('period 2 escalated', () => escalations()[0], 20_000);
  const missed = env.acts.reports.filter((r) => r.status === 'missed');
  expect(missed.map((r) => [r.period, r.dueAt - A, r.at! - A])).toEqual([[2, 11_000, 11_000]]);
  expect(escalations().map((n) => [n.nodeId, n.period, n.level, n.roles, n.cc, n.dueAt! - A, n.at - A])).toEqual([['draft', 2, 0, ['owner'], ['manager'], 11_000, 11_000]]);

  // Period 2 is missed for good; period 3 (started at A+10s) takes a report, also after another continue-as-new.
  expect(await failureType(file({ period: 2 }))).toBe('REPORT_PERIOD_CLOSED');
  expect(await failureType(file({ answers: { progress: 'half' } }))).toBe('FORM_INVALID');
  expect(await failureType(file({ answers: { progress: 50, extra: 1 } }))).toBe('FORM_INVALID');
  expect(await failureType(file({ actor: otherVendor }))).toBe('NOT_ASSIGNEE');
  expect(await failureType(file({ actor: qa }))).toBe('NOT_ASSIGNEE');
  const runs = (await handle.query(stateQuery)).runs;
  await pushUntilRuns(runs + 1);
  const third = await file({ answers: { progress: 70 } });
  expect(third).toMatchObject({ period: 3, status: 'filed', periodStart: A + 10_000, dueAt: A + 16_000 });

  // Past period 3's due time: nothing more escalated, and period 2 not again.
  await sleep(A + 16_500 - Date.now());
  expect(escalations()).toHaveLength(1);
  expect(env.acts.reports.map((r) => [r.period, r.status])).toEqual([[1, 'filed'], [2, 'missed'], [3, 'filed']]);
  expect(env.acts.reports[0]).toMatchObject({ answers: { progress: 40 }, note: '初稿进行中', actor: vendor });

  // Once the step is done, reports are refused as not active.
  await handle.executeUpdate(submitUpdate, { args: [{ nodeId: 'draft', actor: vendor, files: [{ deliverable: 'banner', fileId: 'f-1' }] }] });
  expect(await failureType(file())).toBe('STEP_NOT_ACTIVE');
  expect(await failureType(handle.executeUpdate(fileReportUpdate, { args: [{ nodeId: 'review', actor: qa }] }))).toBe('REPORTS_NOT_ASKED');
  await handle.signal(cancelSignal, { actor: owner });
  expect((await handle.result()).status).toBe('cancelled');
}, 60_000);

test('a check-in (reports without fields) on an accept step takes no answers; a reminder before its due time goes out only for unfiled periods', async () => {
  const take = { reports: { every: 'PT4S' }, reminders: [{ before: 'PT2S', notify: ['assignee'] }] } as Partial<SopNode>;
  const { acceptSop } = await import('../support/sop-builder');
  const definition = acceptSop({ ...take, due: undefined } as Partial<SopNode>);
  expect(validateSop(definition).errors).toEqual([]);
  const handle = await start(jobInput(definition));
  const step = await activeStep(handle, 'take');
  const checkIn = await handle.executeUpdate(fileReportUpdate, { args: [{ nodeId: 'take', actor: vendor }] });
  expect(checkIn).toMatchObject({ period: 1, periodEnd: step.activatedAt + 4000, dueAt: step.activatedAt + 4000 });
  const reminders = () => env.acts.notices.filter((n) => n.kind === 'reminder' && n.nodeId === 'take');
  await until('the period 2 reminder', () => reminders()[0], 15_000);
  expect(reminders().map((n) => [n.period, n.roles, n.at - step.activatedAt])).toEqual([[2, ['vendor'], 6000]]);
  await handle.signal(cancelSignal, { actor: owner });
}, 30_000);
