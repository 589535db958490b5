/**
 * Moving a running job to another version of its SOP (the `migrate` Update) on
 * a real Temporal dev server; activities keep their calls in memory.
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { JobInput } from '../../core/jobs/contract';
import { compileSop } from '../../core/sop/compile';
import type { SopDefinition, SopNode } from '../../core/sop/types';
import { cancelSignal, migrateUpdate, reassignSignal, reviewUpdate, stateQuery, submitUpdate } from '../../workflows/definitions';
import type { jobWorkflow } from '../../workflows/job-workflow';
import { jobInput, minimalReviewSop, owner, qa, sop, vendor } from '../support/sop-builder';
import { useMemoryWorker } from '../support/temporal';
import { activeStep, until } from '../support/engine-waits';

const env = useMemoryWorker('engine-migrate');

async function start(input: JobInput): Promise<WorkflowHandle<typeof jobWorkflow>> {
  return env.client.workflow.start<typeof jobWorkflow>('jobWorkflow', { taskQueue: env.taskQueue, workflowId: input.jobId, args: [input] });
}

/** The minimal review SOP with a naming check between the draft and the review. */
function withCheck(review: Partial<SopNode> = {}): SopDefinition {
  const base = minimalReviewSop({}, review);
  return {
    ...base,
    nodes: [...base.nodes, { id: 'naming', type: 'check', checks: [{ kind: 'naming', deliverable: 'banner' }] }],
    edges: [
      { from: 'start', to: 'draft' },
      { from: 'draft', to: 'naming' },
      { from: 'naming', to: 'review', on: 'passed' },
      { from: 'naming', to: 'draft', on: 'failed' },
      { from: 'review', to: 'end', on: 'approved' },
      { from: 'review', to: 'draft', on: 'rejected' },
    ],
  };
}

const submitDraft = (handle: WorkflowHandle) =>
  handle.executeUpdate(submitUpdate, { args: [{ nodeId: 'draft', actor: vendor, files: [{ deliverable: 'banner', fileId: 'f-1' }] }] });

async function refusalOf(promise: Promise<unknown>): Promise<{ type?: string; message?: string }> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (error as WorkflowUpdateFailedError).cause as { type?: string; message?: string } | undefined;
    return { type: cause?.type, message: cause?.message };
  }
  throw new Error('expected the migration to be refused');
}

describe('migrating a running job to another SOP version', () => {
  test('an active review whose role changes in the new version drops its reassignment, is told to the new role, and only that role may decide', async () => {
    const input = jobInput(minimalReviewSop(), { assignees: { vendor: vendor.userId, qa: qa.userId, owner: owner.userId } });
    const handle = await start(input);
    await activeStep(handle, 'draft');
    await submitDraft(handle);
    await activeStep(handle, 'review');
    // The review is handed to another QA person for this step only.
    await handle.signal(reassignSignal, { nodeId: 'review', role: 'qa', userId: 'u-qa-2', actor: owner });
    await until('the step override', async () => ((await handle.query(stateQuery)).active.review?.assigneeUserId === 'u-qa-2' ? true : undefined));

    const result = await handle.executeUpdate(migrateUpdate, { args: [{ plan: compileSop(minimalReviewSop({}, { assignee: 'owner' }), 2), actor: owner }] });
    expect(result.ok && result.changes.assignees).toEqual([{ nodeId: 'review', from: 'qa', to: 'owner' }]);
    const step = (await handle.query(stateQuery)).active.review!;
    expect([step.assigneeRole, step.assigneeUserId, step.round]).toEqual(['owner', undefined, 1]);
    const told = await until('the review request to the owner', () =>
      env.acts.notices.find((n) => n.jobId === input.jobId && n.kind === 'review_request' && n.roles.includes('owner')));
    expect([told.nodeId, told.round, told.assignees.owner]).toEqual(['review', 1, owner.userId]);

    const byQa = await refusalOf(handle.executeUpdate(reviewUpdate, { args: [{ nodeId: 'review', actor: qa, decision: 'approved' }] }));
    expect(byQa.type).toBe('NOT_ASSIGNEE');
    await handle.executeUpdate(reviewUpdate, { args: [{ nodeId: 'review', actor: owner, decision: 'approved' }] });
    expect((await handle.result()).status).toBe('completed');
  });

  test('a job mid-review moved to a version with a new check keeps its round, runs the check after the rework and completes', async () => {
    const handle = await start(jobInput(minimalReviewSop()));
    await activeStep(handle, 'draft');
    await submitDraft(handle);
    const review = await activeStep(handle, 'review');

    const result = await handle.executeUpdate(migrateUpdate, { args: [{ plan: compileSop(withCheck(), 2), actor: owner }] });
    expect(result).toEqual({
      ok: true, fromVersion: 1, toVersion: 2,
      moves: [{ from: 'review', to: 'review', type: 'review', round: 1, toRound: 1 }],
      changes: { deadlines: [], checks: [{ nodeId: 'naming', change: 'added', kinds: ['naming'] }], assignees: [] },
    });
    const after = await handle.query(stateQuery);
    expect(after.active.review).toEqual(review);
    expect(after.latestFiles.banner?.fileId).toBe('f-1');

    await handle.executeUpdate(reviewUpdate, { args: [{ nodeId: 'review', actor: qa, decision: 'rejected', reasons: ['color'] }] });
    await activeStep(handle, 'draft', 2);
    await submitDraft(handle);
    await activeStep(handle, 'review', 2);
    await handle.executeUpdate(reviewUpdate, { args: [{ nodeId: 'review', actor: qa, decision: 'approved' }] });
    const final = await handle.result();
    expect(final.status).toBe('completed');
    expect(final.history.map((s) => [s.nodeId, s.round, s.outcome])).toEqual([
      ['start', 1, 'next'],
      ['draft', 1, 'submitted'],
      ['review', 1, 'rejected'],
      ['draft', 2, 'submitted'],
      ['naming', 1, 'passed'],
      ['review', 2, 'approved'],
      ['end', 1, 'next'],
    ]);
    const jobId = (await handle.describe()).workflowId;
    expect(env.acts.checks.filter((c) => c.jobId === jobId).map((c) => [c.nodeId, c.round, c.check.kind])).toEqual([['naming', 1, 'naming']]);
    const migrated = env.acts.events.filter((e) => e.kind === 'job' && e.detail && 'migrated' in e.detail);
    expect(migrated.map((e) => (e.kind === 'job' ? e.detail : undefined))).toEqual([{ migrated: { fromVersion: 1, toVersion: 2, by: owner.userId }, sopVersion: 2 }]);
  });

  test('a step mapped to a renamed node ends as skipped and continues there; its approval completes the job', async () => {
    const renamed = minimalReviewSop();
    renamed.nodes = renamed.nodes.map((n) => (n.id === 'review' ? { ...n, id: 'qa-review' } : n));
    renamed.edges = renamed.edges.map((e) => ({ ...e, from: e.from === 'review' ? 'qa-review' : e.from, to: e.to === 'review' ? 'qa-review' : e.to }));
    const handle = await start(jobInput(minimalReviewSop()));
    await activeStep(handle, 'draft');
    await submitDraft(handle);
    const review = await activeStep(handle, 'review');
    const result = await handle.executeUpdate(migrateUpdate, { args: [{ plan: compileSop(renamed, 2), mapping: { review: 'qa-review' }, actor: owner }] });
    expect(result.moves).toEqual([{ from: 'review', to: 'qa-review', type: 'review', round: 1, toRound: 1 }]);
    const moved = await activeStep(handle, 'qa-review');
    expect(moved.activatedAt).toBe(review.activatedAt);
    await handle.executeUpdate(reviewUpdate, { args: [{ nodeId: 'qa-review', actor: qa, decision: 'approved' }] });
    const final = await handle.result();
    expect(final.history.map((s) => [s.nodeId, s.round, s.status, s.outcome])).toEqual([
      ['start', 1, 'done', 'next'],
      ['draft', 1, 'done', 'submitted'],
      ['review', 1, 'skipped', 'migrated'],
      ['qa-review', 1, 'done', 'approved'],
      ['end', 1, 'done', 'next'],
    ]);
  });

  test('a deadline the new version changes is replaced: the old one never fires, the new one fires once, counted from the activation', async () => {
    const escalateAtDeadline = { escalation: [{ overdue: 'PT0S', notify: ['owner'] }] };
    const handle = await start(jobInput(minimalReviewSop({}, { due: { after: 'PT1H' }, ...escalateAtDeadline } as Partial<SopNode>)));
    await activeStep(handle, 'draft');
    await submitDraft(handle);
    const review = await activeStep(handle, 'review');
    expect(review.dueAt).toBe(review.activatedAt + 3600_000);
    const result = await handle.executeUpdate(migrateUpdate, {
      args: [{ plan: compileSop(minimalReviewSop({}, { due: { after: 'PT2S' }, ...escalateAtDeadline } as Partial<SopNode>), 2), actor: owner }],
    });
    expect(result.changes.deadlines).toEqual([{ nodeId: 'review', kind: 'deadline', from: review.activatedAt + 3600_000, to: review.activatedAt + 2000 }]);
    const jobId = (await handle.describe()).workflowId;
    const escalation = await until('the escalation', () => env.acts.notices.find((n) => n.jobId === jobId && n.kind === 'escalation'));
    expect([escalation.nodeId, escalation.deadlineEpoch, escalation.at, escalation.dueAt]).toEqual(['review', 1, review.activatedAt + 2000, review.activatedAt + 2000]);
    const state = await handle.query(stateQuery);
    expect(state.active.review).toMatchObject({ dueAt: review.activatedAt + 2000, overdue: true, deadlineEpoch: 1 });
    await handle.executeUpdate(reviewUpdate, { args: [{ nodeId: 'review', actor: qa, decision: 'approved' }] });
    await handle.result();
    expect(env.acts.notices.filter((n) => n.jobId === jobId && n.kind === 'escalation')).toHaveLength(1);
  });

  test('a wait timer the new version shortens is replaced, and the wait ends once', async () => {
    const waiting = (duration: string) => sop(
      [{ id: 'start', type: 'start' }, { id: 'cool', type: 'wait', duration }, { id: 'end', type: 'end' }],
      [{ from: 'start', to: 'cool' }, { from: 'cool', to: 'end' }],
    );
    const handle = await start(jobInput(waiting('PT1H')));
    const cool = await activeStep(handle, 'cool');
    const result = await handle.executeUpdate(migrateUpdate, { args: [{ plan: compileSop(waiting('PT1S'), 2), actor: owner }] });
    expect(result.changes.deadlines).toEqual([{ nodeId: 'cool', kind: 'wake', from: cool.activatedAt + 3600_000, to: cool.activatedAt + 1000 }]);
    const final = await handle.result();
    expect(final.status).toBe('completed');
    expect(final.history.map((s) => [s.nodeId, s.round, s.outcome])).toEqual([['start', 1, 'next'], ['cool', 1, 'next'], ['end', 1, 'next']]);
    expect(final.history[1]!.completedAt).toBeGreaterThanOrEqual(cool.activatedAt + 1000);
  });

  test('a migration that cannot continue safely is refused with its code and changes nothing', async () => {
    const handle = await start(jobInput(minimalReviewSop()));
    await activeStep(handle, 'draft');
    const before = await handle.query(stateQuery);
    const noDraft = sop(
      [{ id: 'start', type: 'start' }, { id: 'review', type: 'review', assignee: 'qa' }, { id: 'end', type: 'end' }],
      [{ from: 'start', to: 'review' }, { from: 'review', to: 'end', on: 'approved' }, { from: 'review', to: 'review', on: 'rejected' }],
    );
    expect(await refusalOf(handle.executeUpdate(migrateUpdate, { args: [{ plan: compileSop(noDraft, 2), actor: owner }] }))).toEqual({
      type: 'MIGRATE_NODE_MISSING', message: 'Step "draft" is active, and version 2 has no step "draft": map it to one.',
    });
    expect((await refusalOf(handle.executeUpdate(migrateUpdate, { args: [{ plan: compileSop(minimalReviewSop(), 1), actor: owner }] }))).type).toBe('MIGRATE_SAME_VERSION');
    const after = await handle.query(stateQuery);
    expect({ ...after, now: 0 }).toEqual({ ...before, now: 0 });
    await handle.signal(cancelSignal, { actor: owner });
  });

  test('a migrated job that continues as new keeps running the new version', async () => {
    const handle = await start(jobInput(minimalReviewSop(), { options: { continueAsNewAfterEvents: 40 } }));
    await activeStep(handle, 'draft');
    await handle.executeUpdate(migrateUpdate, { args: [{ plan: compileSop(withCheck(), 2), actor: owner }] });
    // Rework rounds push the history past the threshold: the run continues as new with the carried state.
    for (let round = 1; round <= 4; round++) {
      await activeStep(handle, 'draft', round);
      await submitDraft(handle);
      await activeStep(handle, 'review', round);
      await handle.executeUpdate(reviewUpdate, { args: [{ nodeId: 'review', actor: qa, decision: round < 4 ? 'rejected' : 'approved', reasons: round < 4 ? ['color'] : [] }] });
    }
    const final = await handle.result();
    expect(final.status).toBe('completed');
    expect(final.runs).toBeGreaterThanOrEqual(1);
    expect(final.rounds).toEqual({ start: 1, draft: 4, naming: 4, review: 4, end: 1 });
  });
});
