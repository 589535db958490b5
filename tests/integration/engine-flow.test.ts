/**
 * The interpreter workflow on a real Temporal dev server and a real worker;
 * activities keep their calls in memory (tests/support/memory-activities).
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { JobState } from '../../core/jobs/contract';
import type { SopNode } from '../../core/sop/types';
import { reviewUpdate, stateQuery, submitUpdate, cancelSignal } from '../../workflows/definitions';
import { jobWorkflow } from '../../workflows/job-workflow';
import { checksTaskQueue } from '../../core/jobs/checks-task-queue';
import { jobInput, minimalReviewSop, otherVendor, owner, qa, sop, vendor } from '../support/sop-builder';
import { useMemoryWorker } from '../support/temporal';

const env = useMemoryWorker('engine-flow');

async function start(input = jobInput(minimalReviewSop())): Promise<WorkflowHandle<typeof jobWorkflow>> {
  return env.client.workflow.start(jobWorkflow, { taskQueue: env.taskQueue, workflowId: input.jobId, args: [input] });
}

async function waitForActive(handle: WorkflowHandle, nodeId: string): Promise<JobState> {
  for (let i = 0; i < 200; i++) {
    const state = await handle.query(stateQuery);
    if (state.active[nodeId]) return state;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`step ${nodeId} never became active`);
}

const submit = (nodeId = 'draft', actor = vendor, extra = {}) => ({
  nodeId,
  actor,
  files: [{ deliverable: 'banner', fileId: 'f-1' }],
  ...extra,
});

async function failureType(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    return ((error as WorkflowUpdateFailedError).cause as { type?: string } | undefined)?.type;
  }
  throw new Error('expected the update to be refused');
}

describe('a job on the minimal review SOP', () => {
  test('completes when the vendor submits and QA approves', async () => {
    const handle = await start();
    await waitForActive(handle, 'draft');
    const submitted = await handle.executeUpdate(submitUpdate, { args: [submit()] });
    expect(submitted.round).toBe(1);
    expect(submitted.files).toEqual([{ deliverable: 'banner', fileId: 'f-1', version: 1, name: 'banner.png', sha256: 'sha-f-1' }]);
    await waitForActive(handle, 'review');
    const reviewed = await handle.executeUpdate(reviewUpdate, { args: [{ nodeId: 'review', actor: qa, decision: 'approved' }] });
    expect(reviewed).toEqual({ reviewId: 'rev-1', round: 1, decision: 'approved' });
    const final = await handle.result();
    expect(final.status).toBe('completed');
    expect(final.endNodeId).toBe('end');
    expect(final.history.map((s) => [s.nodeId, s.round, s.status, s.outcome])).toEqual([
      ['start', 1, 'done', 'next'],
      ['draft', 1, 'done', 'submitted'],
      ['review', 1, 'done', 'approved'],
      ['end', 1, 'done', 'next'],
    ]);
    const jobEvents = env.acts.events.filter((e) => e.kind === 'job').map((e) => (e.kind === 'job' ? e.status : ''));
    expect(jobEvents).toEqual(['running', 'completed']);
    expect(env.acts.notices.map((n) => [n.kind, n.nodeId ?? null])).toEqual([
      ['task_assigned', 'draft'],
      ['review_request', 'review'],
      ['job_completed', null],
    ]);
  });

  test('a rejection sends the job back to the vendor as round 2', async () => {
    const handle = await start();
    await waitForActive(handle, 'draft');
    await handle.executeUpdate(submitUpdate, { args: [submit()] });
    await waitForActive(handle, 'review');
    await handle.executeUpdate(reviewUpdate, { args: [{ nodeId: 'review', actor: qa, decision: 'rejected', reasons: ['color'], comment: 'too red' }] });
    const state = await waitForActive(handle, 'draft');
    expect(state.active.draft!.round).toBe(2);
    expect(state.rounds).toEqual({ start: 1, draft: 2, review: 1 });
    expect(env.acts.reviews[0]).toMatchObject({ decision: 'rejected', reasons: ['color'], comment: 'too red', round: 1 });
    await handle.executeUpdate(submitUpdate, { args: [submit()] });
    await waitForActive(handle, 'review');
    await handle.executeUpdate(reviewUpdate, { args: [{ nodeId: 'review', actor: qa, decision: 'approved' }] });
    expect((await handle.result()).rounds).toEqual({ start: 1, draft: 2, review: 2, end: 1 });
  });

  test('refuses, before anything is written, a submission to a step that is not active', async () => {
    const handle = await start();
    await waitForActive(handle, 'draft');
    expect(await failureType(handle.executeUpdate(reviewUpdate, { args: [{ nodeId: 'review', actor: qa, decision: 'approved' }] }))).toBe('STEP_NOT_ACTIVE');
    expect(env.acts.reviews).toHaveLength(0);
    await handle.signal(cancelSignal, { actor: owner });
  });

  test('refuses a vendor of another organisation, a missing deliverable and an unknown reason code', async () => {
    const handle = await start();
    await waitForActive(handle, 'draft');
    expect(await failureType(handle.executeUpdate(submitUpdate, { args: [submit('draft', otherVendor)] }))).toBe('NOT_ASSIGNEE');
    expect(await failureType(handle.executeUpdate(submitUpdate, { args: [{ nodeId: 'draft', actor: vendor, files: [] }] }))).toBe('DELIVERABLE_MISSING');
    expect(await failureType(handle.executeUpdate(submitUpdate, { args: [submit('draft', qa)] }))).toBe('NOT_ASSIGNEE');
    expect(env.acts.submissions).toHaveLength(0);
    await handle.executeUpdate(submitUpdate, { args: [submit()] });
    await waitForActive(handle, 'review');
    expect(await failureType(handle.executeUpdate(reviewUpdate, { args: [{ nodeId: 'review', actor: qa, decision: 'rejected', reasons: ['nope'] }] }))).toBe('REASON_UNKNOWN');
    expect(await failureType(handle.executeUpdate(reviewUpdate, { args: [{ nodeId: 'review', actor: qa, decision: 'rejected' }] }))).toBe('REASON_REQUIRED');
    expect(await failureType(handle.executeUpdate(reviewUpdate, { args: [{ nodeId: 'review', actor: vendor, decision: 'approved' }] }))).toBe('NOT_ASSIGNEE');
    expect(env.acts.reviews).toHaveLength(0);
    await handle.signal(cancelSignal, { actor: owner });
  });

  test('refuses a submission whose required checklist items are not ticked', async () => {
    const checklist = [
      { id: 'layers', label: 'Layers named' },
      { id: 'fonts', label: 'Fonts outlined', required: false },
    ];
    const handle = await start(jobInput(minimalReviewSop({ checklist } as Partial<SopNode>)));
    await waitForActive(handle, 'draft');
    expect(await failureType(handle.executeUpdate(submitUpdate, { args: [submit('draft', vendor, { checklist: { fonts: true } })] }))).toBe('CHECKLIST_INCOMPLETE');
    const ok = await handle.executeUpdate(submitUpdate, { args: [submit('draft', vendor, { checklist: { layers: true } })] });
    expect(ok.round).toBe(1);
    await handle.signal(cancelSignal, { actor: owner });
  });

  test('of two concurrent submissions exactly one is accepted', async () => {
    const handle = await start();
    await waitForActive(handle, 'draft');
    const results = await Promise.allSettled([
      handle.executeUpdate(submitUpdate, { args: [submit()] }),
      handle.executeUpdate(submitUpdate, { args: [submit()] }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(['STEP_BUSY', 'STEP_NOT_ACTIVE']).toContain((rejected.reason as WorkflowUpdateFailedError & { cause: { type: string } }).cause.type);
    expect(env.acts.submissions).toHaveLength(1);
    await handle.signal(cancelSignal, { actor: owner });
  });

  test('a cancel that arrives before the first workflow task ran still cancels the job', async () => {
    const input = jobInput(minimalReviewSop());
    const handle = await env.client.workflow.signalWithStart(jobWorkflow, {
      taskQueue: env.taskQueue,
      workflowId: input.jobId,
      args: [input],
      signal: cancelSignal,
      signalArgs: [{ actor: owner, reason: 'ordered by mistake' }],
    });
    const final = await handle.result();
    expect(final.status).toBe('cancelled');
    expect(final.cancelled).toEqual({ by: owner.userId, reason: 'ordered by mistake' });
    expect(final.history.map((s) => [s.nodeId, s.status])).toEqual([
      ['start', 'done'],
      ['draft', 'cancelled'],
    ]);
  });

  test('cancel ends the job and every active step as cancelled', async () => {
    const handle = await start();
    await waitForActive(handle, 'draft');
    await handle.signal(cancelSignal, { actor: owner, reason: 'budget cut' });
    const final = await handle.result();
    expect(final.status).toBe('cancelled');
    expect(final.cancelled).toEqual({ by: owner.userId, reason: 'budget cut' });
    expect(final.active).toEqual({});
    expect(final.history.at(-1)).toMatchObject({ nodeId: 'draft', status: 'cancelled' });
  });
});

describe('automatic and structural nodes', () => {
  const checkedSop = () =>
    sop(
      [
        { id: 'start', type: 'start' },
        { id: 'draft', type: 'task', assignee: 'vendor', produces: ['banner'], checklist: [{ id: 'layers', label: 'Layers' }] },
        { id: 'auto', type: 'check', checks: [{ kind: 'naming', deliverable: 'banner' }, { kind: 'visual', deliverable: 'banner' }, { kind: 'checklist' }] },
        { id: 'review', type: 'review', assignee: 'qa' },
        { id: 'end', type: 'end' },
      ],
      [
        { from: 'start', to: 'draft' },
        { from: 'draft', to: 'auto' },
        { from: 'auto', to: 'review', on: 'passed' },
        { from: 'auto', to: 'draft', on: 'failed' },
        { from: 'review', to: 'end', on: 'approved' },
        { from: 'review', to: 'draft', on: 'rejected' },
      ],
    );

  test('a failed check sends the draft back; a passing one goes to review with the latest files', async () => {
    let visualRuns = 0;
    env.acts.verdict = (input) => (input.check.kind === 'visual' ? ++visualRuns > 1 : true);
    const handle = await start(jobInput(checkedSop()));
    await waitForActive(handle, 'draft');
    await handle.executeUpdate(submitUpdate, { args: [submit('draft', vendor, { checklist: { layers: true } })] });
    const second = await waitForActive(handle, 'draft');
    expect(second.active.draft!.round).toBe(2);
    await handle.executeUpdate(submitUpdate, { args: [{ ...submit('draft', vendor, { checklist: { layers: true } }), files: [{ deliverable: 'banner', fileId: 'f-2' }] }] });
    await waitForActive(handle, 'review');
    const round2 = env.acts.checks.filter((c) => c.round === 2);
    expect(round2.map((c) => c.check.kind).sort()).toEqual(['checklist', 'naming', 'visual']);
    const visual = round2.find((c) => c.check.kind === 'visual')!;
    expect(visual.file).toMatchObject({ fileId: 'f-2', version: 2 });
    expect(visual.referenceFileId).toBe('file-ref');
    expect(round2.find((c) => c.check.kind === 'checklist')!.checklist).toEqual({ required: ['layers'], ticked: { layers: true } });
    await handle.signal(cancelSignal, { actor: owner });
  });

  test('checks are scheduled all at once on the checks\' own task queue (patch checks-own-task-queue), which the job worker polls', async () => {
    env.acts.verdict = () => true;
    const handle = await start(jobInput(checkedSop()));
    await waitForActive(handle, 'draft');
    await handle.executeUpdate(submitUpdate, { args: [submit('draft', vendor, { checklist: { layers: true } })] });
    await waitForActive(handle, 'review');
    const events = (await handle.fetchHistory()).events ?? [];
    const scheduled = events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'runCheck');
    expect(scheduled.map((e) => e.activityTaskScheduledEventAttributes!.taskQueue!.name)).toEqual([checksTaskQueue(env.taskQueue), checksTaskQueue(env.taskQueue), checksTaskQueue(env.taskQueue)]);
    // one workflow task schedules the three: none waits for another to finish
    expect(new Set(scheduled.map((e) => String(e.activityTaskScheduledEventAttributes!.workflowTaskCompletedEventId))).size).toBe(1);
    expect(events.some((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')).toBe(true);
    await handle.signal(cancelSignal, { actor: owner });
  });

  test('parallel branches are joined before the job goes on', async () => {
    const definition = sop(
      [
        { id: 'start', type: 'start' },
        { id: 'fork', type: 'parallel' },
        { id: 'a', type: 'task', assignee: 'vendor', produces: ['banner'] },
        { id: 'b', type: 'task', assignee: 'vendor', produces: ['banner'] },
        { id: 'merge', type: 'join' },
        { id: 'end', type: 'end' },
      ],
      [
        { from: 'start', to: 'fork' },
        { from: 'fork', to: 'a' },
        { from: 'fork', to: 'b' },
        { from: 'a', to: 'merge' },
        { from: 'b', to: 'merge' },
        { from: 'merge', to: 'end' },
      ],
    );
    const handle = await start(jobInput(definition));
    const both = await waitForActive(handle, 'b');
    expect(Object.keys(both.active).sort()).toEqual(['a', 'b']);
    await handle.executeUpdate(submitUpdate, { args: [submit('a')] });
    const afterA = await handle.query(stateQuery);
    expect(afterA.status).toBe('running');
    expect(Object.keys(afterA.active)).toEqual(['b']);
    expect(afterA.joinArrivals).toEqual({ merge: 1 });
    await handle.executeUpdate(submitUpdate, { args: [submit('b')] });
    const final = await handle.result();
    expect(final.status).toBe('completed');
    expect(final.history.map((s) => s.nodeId)).toEqual(['start', 'fork', 'a', 'b', 'merge', 'end']);
  });

  test('a wait node pauses for its duration and a notify node messages its roles', async () => {
    const definition = sop(
      [
        { id: 'start', type: 'start' },
        { id: 'pause', type: 'wait', duration: 'PT2S' },
        { id: 'tell', type: 'notify', notify: ['manager', 'owner'], message: 'Materials are ready' },
        { id: 'end', type: 'end' },
      ],
      [
        { from: 'start', to: 'pause' },
        { from: 'pause', to: 'tell' },
        { from: 'tell', to: 'end' },
      ],
    );
    const handle = await start(jobInput(definition));
    const final = await handle.result();
    expect(final.status).toBe('completed');
    const pause = final.history.find((s) => s.nodeId === 'pause')!;
    expect(pause.completedAt! - pause.activatedAt).toBeGreaterThanOrEqual(2000);
    const tell = env.acts.notices.find((n) => n.kind === 'notify')!;
    expect(tell).toMatchObject({ nodeId: 'tell', roles: ['manager', 'owner'], message: 'Materials are ready' });
  });
});
