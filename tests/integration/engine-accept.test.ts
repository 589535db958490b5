/**
 * Accept steps (接单) in the interpreter workflow, on a real Temporal dev server
 * and a real worker; activities keep their calls in memory.
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { JobState } from '../../core/jobs/contract';
import { validateSop } from '../../core/sop/validate';
import { acceptUpdate, cancelSignal, changeVendorUpdate, stateQuery, submitUpdate } from '../../workflows/definitions';
import { jobWorkflow } from '../../workflows/job-workflow';
import { acceptSop, jobInput, otherVendor, owner, qa, sop, vendor } from '../support/sop-builder';
import { useMemoryWorker } from '../support/temporal';

const env = useMemoryWorker('engine-accept');

async function start(input = jobInput(acceptSop())): Promise<WorkflowHandle<typeof jobWorkflow>> {
  return env.client.workflow.start(jobWorkflow, { taskQueue: env.taskQueue, workflowId: input.jobId, args: [input] });
}

async function waitForActive(handle: WorkflowHandle, nodeId: string, round = 1): Promise<JobState> {
  for (let i = 0; i < 200; i++) {
    const state = await handle.query(stateQuery);
    if (state.active[nodeId]?.round === round) return state;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`step ${nodeId} round ${round} never became active`);
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

test('the SOP the engine tests run is a valid SOP', () => {
  expect(validateSop(acceptSop()).errors).toEqual([]);
});

test('an acceptance records the answer and moves the job on to the vendor task, with the accept step\'s deadline kept', async () => {
  const handle = await start();
  const state = await waitForActive(handle, 'take');
  const take = state.active.take!;
  expect(take).toMatchObject({ type: 'accept', assigneeRole: 'vendor', status: 'active' });
  expect(take.dueAt! - take.activatedAt).toBe(8 * 3600_000);
  const answer = await handle.executeUpdate(acceptUpdate, { args: [{ nodeId: 'take', actor: vendor, decision: 'accepted' }] });
  expect(answer).toEqual({ acceptanceId: 'acc-1', round: 1, decision: 'accepted' });
  await waitForActive(handle, 'draft');
  expect(env.acts.acceptances).toEqual([{ jobId: handle.workflowId, nodeId: 'take', round: 1, actor: vendor, decision: 'accepted' }]);
  await handle.executeUpdate(submitUpdate, { args: [{ nodeId: 'draft', actor: vendor, files: [{ deliverable: 'banner', fileId: 'f-1' }] }] });
  const final = await handle.result();
  expect(final.history.map((s) => [s.nodeId, s.status, s.outcome])).toEqual([
    ['start', 'done', 'next'],
    ['take', 'done', 'accepted'],
    ['draft', 'done', 'submitted'],
    ['end', 'done', 'next'],
  ]);
  expect(env.acts.notices.map((n) => [n.kind, n.nodeId ?? null])).toEqual([
    ['task_assigned', 'take'],
    ['task_assigned', 'draft'],
    ['job_completed', null],
  ]);
});

test('a decline with a reason records it, notifies the owner with the reason label and note, and follows the declined edge to the owner\'s task', async () => {
  const handle = await start();
  await waitForActive(handle, 'take');
  const answer = await handle.executeUpdate(acceptUpdate, { args: [{ nodeId: 'take', actor: vendor, decision: 'declined', reason: 'capacity', note: '本月排满' }] });
  expect(answer).toEqual({ acceptanceId: 'acc-1', round: 1, decision: 'declined', reason: 'capacity' });
  const state = await waitForActive(handle, 'reassign');
  expect(state.active.reassign).toMatchObject({ assigneeRole: 'owner' });
  expect(state.history.find((s) => s.nodeId === 'take')).toMatchObject({ status: 'done', outcome: 'declined' });
  expect(env.acts.acceptances[0]).toMatchObject({ decision: 'declined', reason: 'capacity', note: '本月排满', round: 1 });
  const declined = env.acts.notices.filter((n) => n.kind === 'job_declined');
  expect(declined).toHaveLength(1);
  expect(declined[0]).toMatchObject({ nodeId: 'take', round: 1, roles: ['owner'], message: '产能不足 — 本月排满' });
  expect(declined[0]!.assignees.owner).toBe(owner.userId);
  // The owner's task leads back to the accept step: a second round the vendor may answer again.
  await handle.executeUpdate(submitUpdate, { args: [{ nodeId: 'reassign', actor: owner, files: [] }] });
  await waitForActive(handle, 'take', 2);
  await handle.executeUpdate(acceptUpdate, { args: [{ nodeId: 'take', actor: vendor, decision: 'accepted' }] });
  await waitForActive(handle, 'draft');
  expect(env.acts.acceptances.map((a) => [a.round, a.decision])).toEqual([[1, 'declined'], [2, 'accepted']]);
  await handle.signal(cancelSignal, { actor: owner });
});

test('a decline that leads to an end step completes the job', async () => {
  const definition = sop(
    [
      { id: 'start', type: 'start' },
      { id: 'take', type: 'accept', assignee: 'vendor' },
      { id: 'draft', type: 'task', assignee: 'vendor', produces: ['banner'] },
      { id: 'done', type: 'end' },
      { id: 'refused', type: 'end', title: 'Declined' },
    ],
    [
      { from: 'start', to: 'take' },
      { from: 'take', to: 'draft', on: 'accepted' },
      { from: 'take', to: 'refused', on: 'declined' },
      { from: 'draft', to: 'done' },
    ],
  );
  expect(validateSop(definition).errors).toEqual([]);
  const handle = await start(jobInput(definition));
  await waitForActive(handle, 'take');
  // No reasons declared: a decline needs none.
  await handle.executeUpdate(acceptUpdate, { args: [{ nodeId: 'take', actor: vendor, decision: 'declined' }] });
  const final = await handle.result();
  expect(final.status).toBe('completed');
  expect(final.endNodeId).toBe('refused');
  expect(env.acts.notices.filter((n) => n.kind === 'job_declined').map((n) => n.message)).toEqual([undefined]);
});

test('refuses, before anything is written, another vendor, QA, a decline without or with an unknown reason, and an answer to a step that is not active', async () => {
  const handle = await start();
  await waitForActive(handle, 'take');
  const answer = (over: object) => handle.executeUpdate(acceptUpdate, { args: [{ nodeId: 'take', actor: vendor, decision: 'declined', ...over }] });
  expect(await failureType(answer({ actor: otherVendor, reason: 'capacity' }))).toBe('NOT_ASSIGNEE');
  expect(await failureType(answer({ actor: qa, decision: 'accepted' }))).toBe('NOT_ASSIGNEE');
  expect(await failureType(answer({}))).toBe('REASON_REQUIRED');
  expect(await failureType(answer({ reason: 'weather' }))).toBe('REASON_UNKNOWN');
  expect(await failureType(answer({ nodeId: 'draft', decision: 'accepted' }))).toBe('STEP_WRONG_TYPE');
  expect(env.acts.acceptances).toHaveLength(0);
  await handle.executeUpdate(acceptUpdate, { args: [{ nodeId: 'take', actor: vendor, decision: 'accepted' }] });
  await waitForActive(handle, 'draft');
  expect(await failureType(answer({ decision: 'accepted' }))).toBe('STEP_NOT_ACTIVE');
  expect(env.acts.acceptances).toHaveLength(1);
  await handle.signal(cancelSignal, { actor: owner });
});

test('after a decline the owner hands the job to another vendor organisation and restarts from the accept step: the new vendor may answer, the old one may not', async () => {
  const handle = await start();
  await waitForActive(handle, 'take');
  await handle.executeUpdate(acceptUpdate, { args: [{ nodeId: 'take', actor: vendor, decision: 'declined', reason: 'capacity' }] });
  await waitForActive(handle, 'reassign');
  const changed = await handle.executeUpdate(changeVendorUpdate, {
    args: [{ vendorOrgId: otherVendor.orgId, vendorName: 'Vendor B', vendorUserId: otherVendor.userId, restartFrom: 'take', actor: owner }],
  });
  expect(changed).toEqual({ vendorOrgId: otherVendor.orgId, restartedFrom: 'take' });
  const state = await waitForActive(handle, 'take', 2);
  expect(state.vendor).toEqual({ orgId: otherVendor.orgId, name: 'Vendor B' });
  expect(state.assignees.vendor).toBe(otherVendor.userId);
  expect(state.history.find((s) => s.nodeId === 'reassign')).toMatchObject({ status: 'skipped' });
  expect(Object.keys(state.active)).toEqual(['take']);
  expect(env.acts.notices.filter((n) => n.kind === 'task_assigned' && n.nodeId === 'take').map((n) => [n.round, n.assignees.vendor])).toEqual([[1, vendor.userId], [2, otherVendor.userId]]);
  expect(await failureType(handle.executeUpdate(acceptUpdate, { args: [{ nodeId: 'take', actor: vendor, decision: 'accepted' }] }))).toBe('NOT_ASSIGNEE');
  await handle.executeUpdate(acceptUpdate, { args: [{ nodeId: 'take', actor: otherVendor, decision: 'accepted' }] });
  await waitForActive(handle, 'draft');
  // The draft is the new vendor's; its naming sees the new vendor's name.
  await handle.executeUpdate(submitUpdate, { args: [{ nodeId: 'draft', actor: otherVendor, files: [{ deliverable: 'banner', fileId: 'f-b' }] }] });
  expect(env.acts.submissions[0]).toMatchObject({ vendorName: 'Vendor B', actor: otherVendor });
  expect((await handle.result()).status).toBe('completed');
});

test('a change of vendor is refused when the restart step is not a human step, and once the job has ended', async () => {
  const handle = await start();
  await waitForActive(handle, 'take');
  const change = (restartFrom?: string) =>
    handle.executeUpdate(changeVendorUpdate, { args: [{ vendorOrgId: otherVendor.orgId, vendorName: 'Vendor B', restartFrom, actor: owner }] });
  expect(await failureType(change('start'))).toBe('RESTART_NODE_INVALID');
  expect(await failureType(change('nowhere'))).toBe('RESTART_NODE_INVALID');
  expect((await handle.query(stateQuery)).vendor).toBeUndefined();
  // Without a restart the active step stays and is now the new organisation's (no one is bound to the slot).
  expect(await change()).toEqual({ vendorOrgId: otherVendor.orgId });
  const state = await handle.query(stateQuery);
  expect(state.active.take!.round).toBe(1);
  expect(state.assignees.vendor).toBeUndefined();
  await handle.executeUpdate(acceptUpdate, { args: [{ nodeId: 'take', actor: otherVendor, decision: 'accepted' }] });
  await handle.signal(cancelSignal, { actor: owner });
  await handle.result();
});
