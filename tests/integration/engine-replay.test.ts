/**
 * Replays every committed history under tests/replay-histories/ with the
 * current workflow bundle: a change to workflows/** that would make a running
 * job's history nondeterministic fails here, before it reaches a worker.
 *
 * Changing the workflow safely
 * ----------------------------
 * Running jobs replay their history against the new code. Any change to the
 * *commands* the workflow issues, or their order (a new or removed activity
 * call, timer, condition timeout, local vs normal activity, continue-as-new
 * point), must keep the old path for old histories:
 *
 *   import { patched, deprecatePatch } from '@temporalio/workflow';
 *   if (patched('notify-batched')) {
 *     await bookkeeping.notifyMany(...);   // new behaviour: new and *later* tasks of running jobs
 *   } else {
 *     for (const n of notices) await bookkeeping.notify(n);   // old behaviour: replays old histories
 *   }
 *
 * `patched(id)` writes a marker the first time a run takes the new branch and
 * returns false while replaying history recorded before the patch. Keep both
 * branches until no job started before the change is running (or has continued
 * as new past it), then switch to `deprecatePatch(id)` for one release, then
 * delete the old branch. Pure state changes that issue no different commands
 * (what a query returns, a field added to state) need no patch.
 *
 * After a deliberate change, *add* histories with `npx tsx scripts/record-replay-histories.ts --tag <name>`
 * (without a tag it overwrites the files of the same names: keep the old ones
 * while jobs recorded by the old code may still be running). The `one-call`
 * histories are the path of patch `update-one-bookkeeping-call` (workflows/job-updates.ts); the
 * `checks-queue` one (checks-fail-then-pass) also that of patch `checks-own-task-queue` (workflows/job-activities.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../worker/create-worker';
import '../support/temporal'; // installs the quiet (WARN) worker logger

const DIR = path.resolve(__dirname, '..', 'replay-histories');

/**
 * A history file (the Temporal CLI's JSON, enums already in constant form) as a
 * History message. Not `historyFromJSON`: in this install @temporalio/common and
 * @temporalio/proto each carry their own protobufjs 8 copy, and the SDK's helper
 * mixes the two ("type must be a Type"); parsing with proto's own copy avoids it.
 */
function loadHistory(file: string): proto.temporal.api.history.v1.IHistory {
  const { fromJson } = require(require.resolve('protobufjs/ext/protojson', { paths: [require.resolve('@temporalio/proto')] })) as {
    fromJson: (type: unknown, json: unknown, options: object) => proto.temporal.api.history.v1.IHistory | null;
  };
  const root = patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown };
  const historyType = root.lookupType('temporal.api.history.v1.History');
  const history = fromJson(historyType, JSON.parse(fs.readFileSync(file, 'utf8')), { ignoreUnknownFields: true });
  if (!history?.events?.length) throw new Error(`${file} holds no history events`);
  return history;
}
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

/** Histories recorded with `--tag one-call`: the one-bookkeeping-call path of submit and review (patch update-one-bookkeeping-call). */
const ONE_CALL = /\.one-call(\.run\d+)?\.json$/;

/** Histories recorded with `--tag checks-queue`: checks on their own task queue (patch checks-own-task-queue, workflows/job-activities.ts). */
const CHECKS_QUEUE = /\.checks-queue(\.run\d+)?\.json$/;

/** Histories of the paths before the newest patches (each scenario has one). */
const plainFiles = () => files.filter((f) => !ONE_CALL.test(f) && !CHECKS_QUEUE.test(f));

/** The patch ids a history's `core_patch` markers name. */
function patchIds(file: string): string[] {
  const history = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as {
    events: Array<{ markerRecordedEventAttributes?: { markerName?: string; details?: Record<string, { payloads?: Array<{ data?: string }> }> } }>;
  };
  return history.events
    .map((e) => e.markerRecordedEventAttributes)
    .filter((m) => m?.markerName === 'core_patch')
    .map((m) => (JSON.parse(Buffer.from(m!.details!['patch-data']!.payloads![0]!.data!, 'base64').toString('utf8')) as { id: string }).id);
}

describe('replaying recorded job histories with the current workflow code', () => {
  test('the committed histories cover rework, checks, parallel branches, deadlines, continue-as-new, recurring reports, migrations to another SOP version and calendar changes of both forms', () => {
    const scenarios = new Set(plainFiles().map((f) => f.replace(/(\.run\d+)?\.json$/, '')));
    expect([...scenarios].sort()).toEqual([
      'calendar-changed-by-version',
      'calendar-changed-inline',
      'checks-fail-then-pass',
      'continue-as-new',
      'deadlines-escalation-stuck-reassign',
      'migrate-mid-review',
      'migrate-wait-replaced',
      'parallel-wait-notify',
      'reports-missed-continue-as-new',
      'review-with-rework',
    ]);
    expect(files.filter((f) => f.startsWith('reports-missed-continue-as-new.run')).length).toBeGreaterThanOrEqual(2);
    expect(files.filter((f) => f.startsWith('continue-as-new.run')).length).toBeGreaterThanOrEqual(2);
    // Migrated, then continued as new: the later run starts from carried state on the new version's plan.
    expect(files.filter((f) => f.startsWith('migrate-mid-review.run')).length).toBeGreaterThanOrEqual(2);
  });

  test('every scenario is also recorded on the one-bookkeeping-call path, each chain carrying its patch marker and the old ones none', () => {
    const plain = new Set(plainFiles().map((f) => f.replace(/(\.run\d+)?\.json$/, '')));
    const oneCall = new Set(files.filter((f) => ONE_CALL.test(f)).map((f) => f.replace(ONE_CALL, '')));
    expect([...oneCall].sort()).toEqual([...plain].sort());
    // The marker is written in each run at its first submit or review (the wait-only scenario has none).
    for (const name of [...oneCall].filter((n) => n !== 'migrate-wait-replaced')) {
      const ids = files.filter((f) => f.startsWith(`${name}.one-call.`)).flatMap(patchIds);
      expect([name, [...new Set(ids)]]).toEqual([name, ['update-one-bookkeeping-call']]);
    }
    for (const file of plainFiles()) expect([file, patchIds(file)]).toEqual([file, []]);
  });

  test('the checks scenario is also recorded with checks on their own task queue: its runCheck activities go there, after the patch marker', () => {
    const recorded = files.filter((f) => CHECKS_QUEUE.test(f));
    expect(recorded).toEqual(['checks-fail-then-pass.checks-queue.json']);
    expect([...new Set(patchIds(recorded[0]!))].sort()).toEqual(['checks-own-task-queue', 'update-one-bookkeeping-call']);
    const events = (JSON.parse(fs.readFileSync(path.join(DIR, recorded[0]!), 'utf8')) as {
      events: Array<{ activityTaskScheduledEventAttributes?: { activityType?: { name?: string }; taskQueue?: { name?: string } } }>;
    }).events;
    const queues = events.map((e) => e.activityTaskScheduledEventAttributes).filter((a) => a?.activityType?.name === 'runCheck').map((a) => a!.taskQueue!.name!);
    expect(queues.length).toBeGreaterThanOrEqual(2);
    for (const queue of queues) expect(queue).toMatch(/-checks$/);
  });

  test('every committed history replays without a nondeterminism error', async () => {
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: loadHistory(path.join(DIR, file)),
    }));
    const results: Array<[string, string | null]> = [];
    const bundle = await workflowBundle();
    for await (const result of Worker.runReplayHistories({ workflowBundle: bundle, replayName: 'engine-replay' }, histories)) {
      results.push([result.workflowId, result.error ? `${result.error.name}: ${result.error.message}` : null]);
    }
    expect(results).toEqual(files.map((file) => [file.replace(/\.json$/, ''), null]));
  });
});
