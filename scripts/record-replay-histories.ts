/**
 * Records the histories that tests/integration/engine-replay.test.ts replays:
 * a few representative completed jobs, run against a real dev server with the
 * current workflow code, saved as JSON under tests/replay-histories/.
 *
 *   npx tsx scripts/record-replay-histories.ts        (starts its own dev server)
 *   npx tsx scripts/record-replay-histories.ts --only reports-missed-continue-as-new
 *                                                     (records that scenario only; the others stay as committed;
 *                                                      several: comma-separated names)
 *   npx tsx scripts/record-replay-histories.ts --tag one-call
 *                                                     (writes <scenario>.one-call[.runN].json beside the committed
 *                                                      ones: histories of a newer workflow path, kept with the old)
 *
 * Re-record only on purpose: the committed histories are what running jobs
 * look like to the *next* version of the workflow. Change the workflow, keep
 * the old files, add new ones; see the note in engine-replay.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { execFileSync } from 'node:child_process';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { JobInput } from '../core/jobs/contract';
import type { SopNode } from '../core/sop/types';
import { ensureTemporalCli } from '../platform/temporal/cli-binary';
import { startDevServer } from '../platform/temporal/dev-server';
import { memoryActivities, type MemoryActivities } from '../tests/support/memory-activities';
import { jobInput, minimalReviewSop, owner, qa, sop, vendor } from '../tests/support/sop-builder';
import { createJobWorker } from '../worker/create-worker';
import { compileSop } from '../core/sop/compile';
import { calendarChangedSignal, fileReportUpdate, migrateUpdate, reassignSignal, reviewUpdate, stateQuery, submitUpdate } from '../workflows/definitions';
import type { BusinessCalendarSpec } from '../core/sop/types';
import type { jobWorkflow } from '../workflows/job-workflow';

export const HISTORIES_DIR = path.resolve(__dirname, '..', 'tests', 'replay-histories');

type Handle = WorkflowHandle<typeof jobWorkflow>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function active(handle: Handle, nodeId: string, round = 1): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ((await handle.query(stateQuery)).active[nodeId]?.round === round) return;
    await sleep(25);
  }
  throw new Error(`${nodeId} round ${round} never became active`);
}

const submit = (handle: Handle, nodeId = 'draft', fileId = 'f-1') =>
  handle.executeUpdate(submitUpdate, { args: [{ nodeId, actor: vendor, files: [{ deliverable: 'banner', fileId }], checklist: { layers: true } }] });
const review = (handle: Handle, decision: 'approved' | 'rejected') =>
  handle.executeUpdate(reviewUpdate, { args: [{ nodeId: 'review', actor: qa, decision, reasons: decision === 'rejected' ? ['color'] : [] }] });

interface Scenario {
  name: string;
  input: JobInput;
  drive(handle: Handle, acts: MemoryActivities): Promise<void>;
}

function scenarios(): Scenario[] {
  const checked = sop(
    [
      { id: 'start', type: 'start' },
      { id: 'draft', type: 'task', assignee: 'vendor', produces: ['banner'], checklist: [{ id: 'layers', label: 'Layers' }] },
      { id: 'auto', type: 'check', checks: [{ kind: 'naming', deliverable: 'banner' }, { kind: 'checklist' }] },
      { id: 'review', type: 'review', assignee: 'qa', reasons: [{ code: 'color', label: 'Colour' }] },
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
  const parallel = sop(
    [
      { id: 'start', type: 'start' },
      { id: 'fork', type: 'parallel' },
      { id: 'a', type: 'task', assignee: 'vendor', produces: ['banner'] },
      { id: 'b', type: 'task', assignee: 'vendor', produces: ['banner'] },
      { id: 'merge', type: 'join' },
      { id: 'pause', type: 'wait', duration: 'PT1S' },
      { id: 'tell', type: 'notify', notify: ['owner'], message: 'done' },
      { id: 'end', type: 'end' },
    ],
    [
      { from: 'start', to: 'fork' },
      { from: 'fork', to: 'a' },
      { from: 'fork', to: 'b' },
      { from: 'a', to: 'merge' },
      { from: 'b', to: 'merge' },
      { from: 'merge', to: 'pause' },
      { from: 'pause', to: 'tell' },
      { from: 'tell', to: 'end' },
    ],
  );
  const timed = {
    due: { after: 'PT2S' },
    reminders: [{ before: 'PT1S', notify: ['assignee'] }],
    escalation: [
      { overdue: 'PT0S', notify: ['assignee'] },
      { overdue: 'PT1S', notify: ['owner'], cc: ['manager'] },
    ],
    maxRounds: 1,
  } as Partial<SopNode>;
  // Version 2 of the minimal review SOP: a naming check before the review, whose deadline moves from 1 h to 2 h.
  const reviewDue = (after: string) => ({ due: { after }, escalation: [{ overdue: 'PT0S', notify: ['owner'] }] }) as Partial<SopNode>;
  const v1 = minimalReviewSop({}, reviewDue('PT1H'));
  const v2 = {
    ...minimalReviewSop({}, reviewDue('PT2H')),
    nodes: [...minimalReviewSop({}, reviewDue('PT2H')).nodes, { id: 'naming', type: 'check', checks: [{ kind: 'naming', deliverable: 'banner' }] } as SopNode],
    edges: [
      { from: 'start', to: 'draft' }, { from: 'draft', to: 'naming' }, { from: 'naming', to: 'review', on: 'passed' }, { from: 'naming', to: 'draft', on: 'failed' },
      { from: 'review', to: 'end', on: 'approved' }, { from: 'review', to: 'draft', on: 'rejected' },
    ],
  };
  const waiting = (duration: string) => sop(
    [{ id: 'start', type: 'start' }, { id: 'cool', type: 'wait', duration }, { id: 'end', type: 'end' }],
    [{ from: 'start', to: 'cool' }, { from: 'cool', to: 'end' }],
  );
  // A shared calendar (`calendar: { ref }`): the job runs on version 1's spec; version 2 adds a holiday tomorrow.
  const always: BusinessCalendarSpec = { workdays: [1, 2, 3, 4, 5, 6, 7], hours: ['00:00', '24:00'] };
  const onSharedCalendar = (jobId: string): JobInput => {
    const definition = minimalReviewSop({ due: { after: 'PT30H', calendar: 'business' }, reminders: [{ before: 'PT2H', notify: ['assignee'] }] } as Partial<SopNode>);
    const input = jobInput({ ...definition, calendar: { ref: 'cn-2027' } }, { jobId, calendarVersion: 1 });
    return { ...input, plan: { ...input.plan, calendar: always } };
  };
  const tomorrow = (at: number) => new Date(at + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
  const epoch = async (h: Handle, nodeId: string, wanted: number) => {
    for (let i = 0; i < 600; i++) {
      if ((await h.query(stateQuery)).active[nodeId]?.deadlineEpoch === wanted) return;
      await sleep(25);
    }
    throw new Error(`${nodeId} never reached deadline epoch ${wanted}`);
  };
  return [
    {
      // The first form of calendarChanged: the signal carries the calendar spec itself (before paging by version).
      name: 'calendar-changed-inline',
      input: onSharedCalendar('replay-calendar-inline'),
      async drive(h) {
        await active(h, 'draft');
        const { activatedAt } = (await h.query(stateQuery)).active.draft!;
        const change = { key: 'cn-2027', version: 2, calendar: { ...always, holidays: [tomorrow(activatedAt)] } };
        await h.signal(calendarChangedSignal, change as never);
        await epoch(h, 'draft', 1);
        await h.signal(calendarChangedSignal, change as never); // a repeated delivery: ignored
        await submit(h);
        await active(h, 'review');
        await review(h, 'approved');
      },
    },
    {
      // The current form: the signal names the version, the job loads its spec (loadCalendarVersion) and applies it;
      // a repeated delivery and an older version are ignored without loading anything.
      name: 'calendar-changed-by-version',
      input: onSharedCalendar('replay-calendar-by-version'),
      async drive(h, acts) {
        await active(h, 'draft');
        const { activatedAt } = (await h.query(stateQuery)).active.draft!;
        acts.calendarVersions.set('cn-2027@2', { ...always, holidays: [tomorrow(activatedAt)] });
        await h.signal(calendarChangedSignal, { key: 'cn-2027', version: 2 });
        await epoch(h, 'draft', 1);
        await h.signal(calendarChangedSignal, { key: 'cn-2027', version: 2 });
        await h.signal(calendarChangedSignal, { key: 'cn-2027', version: 1 });
        await submit(h);
        await active(h, 'review');
        await review(h, 'approved');
      },
    },
    {
      // Migrated mid-review to a version adding a check and moving the review's deadline; the
      // run continues as new after the migration, carrying the new plan.
      name: 'migrate-mid-review',
      input: jobInput(v1, { jobId: 'replay-migrate-mid-review', options: { continueAsNewAfterEvents: 40 } }),
      async drive(h) {
        await active(h, 'draft');
        await submit(h, 'draft', 'f-2');
        await active(h, 'review');
        await h.executeUpdate(migrateUpdate, { args: [{ plan: compileSop(v2, 2), actor: owner }] });
        for (let round = 1; round <= 3; round++) {
          await active(h, 'review', round);
          await review(h, round < 3 ? 'rejected' : 'approved');
          if (round < 3) {
            await active(h, 'draft', round + 1);
            await submit(h, 'draft', `f-${round + 2}`);
          }
        }
      },
    },
    {
      name: 'migrate-wait-replaced',
      input: jobInput(waiting('PT1H'), { jobId: 'replay-migrate-wait' }),
      async drive(h) {
        await active(h, 'cool');
        await h.executeUpdate(migrateUpdate, { args: [{ plan: compileSop(waiting('PT1S'), 2), actor: owner }] });
      },
    },
    {
      name: 'review-with-rework',
      input: jobInput(minimalReviewSop(), { jobId: 'replay-review-with-rework' }),
      async drive(h) {
        await active(h, 'draft');
        await submit(h);
        await active(h, 'review');
        await review(h, 'rejected');
        await active(h, 'draft', 2);
        await submit(h, 'draft', 'f-2');
        await active(h, 'review', 2);
        await review(h, 'approved');
      },
    },
    {
      name: 'checks-fail-then-pass',
      input: jobInput(checked, { jobId: 'replay-checks-fail-then-pass' }),
      async drive(h) {
        await active(h, 'draft');
        await submit(h);
        await active(h, 'draft', 2); // the naming check fails the first file (see verdict below)
        await submit(h, 'draft', 'f-2');
        await active(h, 'review');
        await review(h, 'approved');
      },
    },
    {
      name: 'parallel-wait-notify',
      input: jobInput(parallel, { jobId: 'replay-parallel-wait-notify' }),
      async drive(h) {
        await active(h, 'b');
        await submit(h, 'a');
        await submit(h, 'b');
      },
    },
    {
      name: 'deadlines-escalation-stuck-reassign',
      input: jobInput(minimalReviewSop(timed), { jobId: 'replay-deadlines-escalation' }),
      async drive(h) {
        await active(h, 'draft');
        await h.signal(reassignSignal, { nodeId: 'draft', role: 'vendor', userId: vendor.userId, actor: owner });
        await sleep(3500); // reminder, deadline, both escalation levels
        await submit(h);
        await active(h, 'review');
        await review(h, 'rejected'); // draft round 2 > maxRounds 1: stuck
        await active(h, 'draft', 2);
        await h.signal(reassignSignal, { role: 'qa', userId: qa.userId, actor: owner });
        await submit(h, 'draft', 'f-2');
        await active(h, 'review', 2);
        await review(h, 'approved');
      },
    },
    {
      name: 'continue-as-new',
      input: jobInput(minimalReviewSop(), { jobId: 'replay-continue-as-new', options: { continueAsNewAfterEvents: 40 } }),
      async drive(h) {
        for (let round = 1; round <= 6; round++) {
          await active(h, 'draft', round);
          await submit(h, 'draft', `f-${round}`);
          await active(h, 'review', round);
          await review(h, round < 6 ? 'rejected' : 'approved');
        }
      },
    },
    {
      // Reports every 2 s: period 1 filed, period 2 missed (report.missed + one escalation), a
      // continue-as-new while reporting runs, period 3 filed after it, then submit and approve.
      name: 'reports-missed-continue-as-new',
      input: jobInput(
        minimalReviewSop({
          reports: { every: 'PT2S', fields: [{ id: 'progress', label: 'Progress', type: 'number', required: true }] },
          escalation: [{ overdue: 'PT0S', notify: ['owner'] }],
        } as Partial<SopNode>),
        { jobId: 'replay-reports', options: { continueAsNewAfterEvents: 40 } },
      ),
      async drive(h) {
        await active(h, 'draft');
        const activatedAt = (await h.query(stateQuery)).active.draft!.activatedAt;
        const file = (period: number) => h.executeUpdate(fileReportUpdate, { args: [{ nodeId: 'draft', actor: vendor, period, answers: { progress: period * 10 } }] });
        await file(1);
        for (let i = 0; (await h.query(stateQuery)).runs < 1; i++) {
          if (i > 200) throw new Error('never continued as new');
          await h.signal(reassignSignal, { role: 'manager', userId: 'u-manager', actor: owner });
        }
        await sleep(activatedAt + 4500 - Date.now()); // period 2 ends (and is missed) at +4 s
        await file(3);
        await submit(h);
        await active(h, 'review');
        await review(h, 'approved');
      },
    },
  ];
}

async function main(): Promise<void> {
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
  const tagAt = process.argv.indexOf('--tag');
  const tag = tagAt >= 0 ? process.argv[tagAt + 1] : undefined;
  if (tag !== undefined && !/^[a-z0-9-]+$/.test(tag)) throw new Error(`--tag wants lower-case letters, digits and dashes, not "${tag}"`);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const cli = await ensureTemporalCli();
  const server = process.env.TEMPORAL_ADDRESS ? undefined : await startDevServer({ cli, headless: true });
  const address = process.env.TEMPORAL_ADDRESS ?? server!.address;
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const acts = memoryActivities();
  acts.verdict = (input) => !(input.check.kind === 'naming' && input.file?.fileId === 'f-1');
  const taskQueue = `record-replay-${Date.now().toString(36)}`;
  const workers = await createJobWorker({ address, namespace: 'default', taskQueue, activities: acts });
  const { connection: workerConnection } = workers;
  const running = workers.run();
  try {
    fs.mkdirSync(HISTORIES_DIR, { recursive: true });
    for (const scenario of scenarios().filter((s) => !only || only.split(',').includes(s.name))) {
      const input = { ...scenario.input, jobId: `${scenario.input.jobId}-${Date.now().toString(36)}` };
      const handle = await client.workflow.start<typeof jobWorkflow>('jobWorkflow', { taskQueue, workflowId: input.jobId, args: [input] });
      await scenario.drive(handle, acts);
      const final = await handle.result();
      if (final.status !== 'completed') throw new Error(`${scenario.name} ended ${final.status}`);
      // Every run of the chain: the first ones end in ContinueAsNew, the last one starts from carried state.
      const runIds: string[] = [];
      for (let runId: string | undefined = handle.firstExecutionRunId; runId; ) {
        runIds.push(runId);
        const history = await client.workflow.getHandle(input.jobId, runId).fetchHistory();
        const last = history.events?.at(-1);
        runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
        const file = path.join(HISTORIES_DIR, `${scenario.name}${tag ? `.${tag}` : ''}${runIds.length > 1 || runId ? `.run${runIds.length}` : ''}.json`);
        // The CLI writes the standard JSON history format (the SDK's historyToJSON trips over a
        // protobufjs version mismatch in this install); Worker.runReplayHistory reads it back.
        const json = execFileSync(cli, ['workflow', 'show', '--address', address, '-w', input.jobId, '-r', runIds.at(-1)!, '--output', 'json'], {
          maxBuffer: 64 * 2 ** 20,
        });
        fs.writeFileSync(file, JSON.stringify(JSON.parse(json.toString('utf8')), null, 1) + '\n');
        process.stdout.write(`${path.relative(process.cwd(), file)}: ${history.events?.length ?? 0} events\n`);
      }
    }
  } finally {
    workers.shutdown();
    await running;
    await workerConnection.close();
    await connection.close();
    await server?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
