/**
 * Durability of the job workflow on a real Temporal dev server: long rework
 * loops continue as new without losing state or timers, and a worker killed
 * mid-job (SIGKILL, in a child process) loses nothing and duplicates nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client, Connection } from '@temporalio/client';
import type { JobInput, NotifyInput } from '../../core/jobs/contract';
import type { SopNode } from '../../core/sop/types';
import { cancelSignal, reassignSignal, reviewUpdate, stateQuery, submitUpdate } from '../../workflows/definitions';
import type { jobWorkflow } from '../../workflows/job-workflow';
import { memoryActivities, noticeKey, type MemoryActivities } from '../support/memory-activities';
import { jobInput, minimalReviewSop, owner, qa, vendor } from '../support/sop-builder';
import { connectClient, startWorker, temporalAddress, uniqueTaskQueue, type RunningWorker } from '../support/temporal';
import { noticeLines, readActivityLog, spawnWorkerProcess } from '../support/worker-process';
import { activeStep, sleep, until } from '../support/engine-waits';

let client: Client;
let connection: Connection;

beforeAll(async () => {
  ({ client, connection } = await connectClient());
});
afterAll(async () => {
  await connection.close();
});




const submit = (fileId: string) => ({ nodeId: 'draft', actor: vendor, files: [{ deliverable: 'banner', fileId }] });

describe('continue-as-new', () => {
  let worker: RunningWorker;
  let acts: MemoryActivities;
  let taskQueue: string;
  beforeEach(async () => {
    acts = memoryActivities();
    taskQueue = uniqueTaskQueue('engine-can');
    worker = await startWorker(taskQueue, acts);
  });
  afterEach(async () => {
    await worker.stop();
  });

  const start = (input: JobInput) => client.workflow.start<typeof jobWorkflow>('jobWorkflow', { taskQueue, workflowId: input.jobId, args: [input] });

  test('a job rejected 16 times continues as new along the way and completes with every round, its latest files and one notice per step', async () => {
    const handle = await start(jobInput(minimalReviewSop(), { options: { continueAsNewAfterEvents: 60 } }));
    const rounds = 17;
    for (let round = 1; round <= rounds; round++) {
      await activeStep(handle, 'draft', round);
      const submitted = await handle.executeUpdate(submitUpdate, { args: [submit(`f-${round}`)] });
      expect(submitted.round).toBe(round);
      await activeStep(handle, 'review', round);
      const decision = round < rounds ? 'rejected' : 'approved';
      await handle.executeUpdate(reviewUpdate, { args: [{ nodeId: 'review', actor: qa, decision, reasons: decision === 'rejected' ? ['color'] : [] }] });
    }
    const final = await handle.result();
    expect(final.status).toBe('completed');
    expect(final.runs).toBeGreaterThan(0);
    const described = await handle.describe();
    expect(described.runId).not.toBe(handle.firstExecutionRunId);
    expect(described.raw.workflowExecutionInfo?.firstRunId).toBe(handle.firstExecutionRunId);
    expect(final.rounds).toEqual({ start: 1, draft: rounds, review: rounds, end: 1 });
    expect(final.latestFiles.banner).toMatchObject({ fileId: `f-${rounds}`, version: rounds });
    expect(acts.submissions.map((s) => s.round)).toEqual(Array.from({ length: rounds }, (_, i) => i + 1));
    expect(acts.reviews.map((r) => r.decision)).toEqual([...Array<string>(rounds - 1).fill('rejected'), 'approved']);
    // Each step round was announced exactly once, across every run.
    const keys = acts.notices.map(noticeKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(acts.notices.filter((n) => n.kind === 'task_assigned')).toHaveLength(rounds);
    expect(acts.notices.filter((n) => n.kind === 'review_request')).toHaveLength(rounds);
    expect(final.history.filter((s) => s.nodeId === 'draft').map((s) => s.round)).toEqual(Array.from({ length: rounds }, (_, i) => i + 1));
  });

  test('a pending deadline timer survives continue-as-new: the escalation fires once, at its scheduled time, and not again after later runs', async () => {
    const draft = { due: { after: 'PT3S' }, escalation: [{ overdue: 'PT0S', notify: ['assignee'] }] } as Partial<SopNode>;
    const handle = await start(jobInput(minimalReviewSop(draft), { options: { continueAsNewAfterEvents: 40 } }));
    const step = await activeStep(handle, 'draft');
    // Reassignment signals add history until the job continues as new while the deadline is pending.
    const pushUntilRuns = async (runs: number) => {
      for (let i = 0; (await handle.query(stateQuery)).runs < runs; i++) {
        if (i > 200) throw new Error('the job never continued as new');
        await handle.signal(reassignSignal, { nodeId: 'draft', role: 'vendor', userId: `u-vendor-${i % 2}`, actor: owner });
      }
    };
    await pushUntilRuns(1);
    const carried = await handle.query(stateQuery);
    expect(Date.now()).toBeLessThan(step.activatedAt + 3000);
    expect(carried.active.draft!.escalations).toEqual([{ index: 0, at: step.activatedAt + 3000, sent: false }]);

    const escalations = () => acts.notices.filter((n) => n.kind === 'escalation');
    await until('the escalation', () => escalations()[0]);
    await pushUntilRuns(carried.runs + 1);
    await sleep(1000);
    expect(escalations().map((n) => [n.level, n.deadlineEpoch, n.at - step.activatedAt])).toEqual([[0, 0, 3000]]);
    const after = await handle.query(stateQuery);
    expect(after.runs).toBeGreaterThanOrEqual(2);
    expect(after.active.draft).toMatchObject({ overdue: true, escalations: [{ index: 0, at: step.activatedAt + 3000, sent: true }] });
    await handle.signal(cancelSignal, { actor: owner });
    expect((await handle.result()).status).toBe('cancelled');
  });
});

describe('a worker killed mid-job', () => {
  test('after SIGKILL with escalations pending and their times passed without a worker, a new worker sends each level exactly once and the job completes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-kill-'));
    const log = path.join(dir, 'activities.jsonl');
    const taskQueue = uniqueTaskQueue('engine-kill');
    const address = temporalAddress();
    const draft = {
      due: { after: 'PT3S' },
      escalation: [
        { overdue: 'PT0S', notify: ['assignee'] },
        { overdue: 'PT2S', notify: ['owner'], cc: ['manager'] },
      ],
    } as Partial<SopNode>;
    const input = jobInput(minimalReviewSop(draft));
    const first = await spawnWorkerProcess({ address, taskQueue, log });
    let second: Awaited<ReturnType<typeof spawnWorkerProcess>> | undefined;
    try {
      const handle = await client.workflow.start<typeof jobWorkflow>('jobWorkflow', { taskQueue, workflowId: input.jobId, args: [input] });
      const step = await activeStep(handle, 'draft');
      await until('the task notice', () => noticeLines(log)[0]);
      await first.kill();
      expect(Date.now()).toBeLessThan(step.activatedAt + 3000);
      // Both levels fall due while no worker runs.
      await sleep(step.activatedAt + 6000 - Date.now());
      expect(noticeLines(log).map((l) => (l.input as NotifyInput).kind)).toEqual(['task_assigned']);

      second = await spawnWorkerProcess({ address, taskQueue, log });
      const notices = () => noticeLines(log);
      await until('both escalation levels', () => notices().filter((l) => (l.input as NotifyInput).kind === 'escalation').length >= 2 || undefined, 60_000);
      await handle.executeUpdate(submitUpdate, { args: [submit('f-1')] });
      await activeStep(handle, 'review');
      await handle.executeUpdate(reviewUpdate, { args: [{ nodeId: 'review', actor: qa, decision: 'approved' }] });
      expect((await handle.result()).status).toBe('completed');

      // A retried activity repeats its activityId; a level the workflow scheduled twice would show two ids.
      const byKey = new Map<string, Set<string>>();
      for (const line of notices()) {
        const key = noticeKey(line.input as NotifyInput);
        byKey.set(key, (byKey.get(key) ?? new Set()).add(line.activityId));
      }
      expect([...byKey.entries()].map(([key, ids]) => [key, ids.size])).toEqual([
        ['task_assigned/draft/1/-/0', 1],
        ['escalation/draft/1/0/0', 1],
        ['escalation/draft/1/1/0', 1],
        ['review_request/review/1/-/0', 1],
        ['job_completed/-/-/-/-', 1],
      ]);
      const escalationInputs = notices()
        .map((l) => l.input as NotifyInput)
        .filter((n) => n.kind === 'escalation');
      expect(escalationInputs.map((n) => [n.level, n.at - step.activatedAt, n.roles, n.cc ?? null])).toEqual(
        expect.arrayContaining([
          [0, 3000, ['vendor'], null],
          [1, 5000, ['owner'], ['manager']],
        ]),
      );
      expect(new Set(notices().map((l) => l.pid))).toEqual(new Set([first.pid, second.pid]));
    } finally {
      await first.kill();
      await second?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
