/**
 * A job worker in a process of its own, so a test can kill it (SIGKILL) in the
 * middle of a job and start another, and a benchmark can read its RSS alone.
 *
 *   node --import tsx tests/support/worker-process.ts
 *
 * Environment:
 *  - WORKER_TEMPORAL_ADDRESS, WORKER_TASK_QUEUE (required);
 *  - WORKER_LOG: a file to which every activity call is appended as one JSON
 *    line `{ type, input, activityId, attempt, local, pid }` (optional). Lines are
 *    written synchronously before the activity returns, so a kill loses none
 *    that the workflow saw completed; a call may appear more than once when an
 *    activity is retried after a kill (same `activityId`, higher `attempt`);
 *  - WORKER_MAX_CACHED_WORKFLOWS (optional);
 *  - WORKER_WORKFLOWS: another workflows file to bundle and run instead of the
 *    job workflow, without activities (the benchmark's bare baseline; optional).
 * Prints `ready <pid>` on stdout once polling; exits cleanly on SIGTERM. Started with
 * `exposeGc` (node --expose-gc, stdin a pipe), a `gc` line on stdin runs a full garbage
 * collection — in this thread and in the SDK's workflow thread(s), where the cached workflows
 * live — and answers
 * `gc-done <V8 heap bytes in use, all threads>` (the benchmark's live set).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import workerThreads from 'node:worker_threads';
import fs from 'node:fs';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { checksTaskQueue } from '../../core/jobs/checks-task-queue';
import type { JobActivities, NotifyInput } from '../../core/jobs/contract';
import { workflowBundle } from '../../worker/create-worker';
import { memoryActivities } from './memory-activities';
import { signalControls } from './child-signals';

/** One line of WORKER_LOG. */
export interface ActivityLogLine {
  type: keyof JobActivities;
  input: unknown;
  activityId: string;
  attempt: number;
  local: boolean;
  pid: number;
}

/** Reads a WORKER_LOG file (missing file = no lines). */
export function readActivityLog(file: string): ActivityLogLine[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ActivityLogLine);
}

/**
 * The notices the workflow decided, one line each, with the id of the bookkeeping call that carried it: a
 * `recordEvents` batch, or the batch of a submit or review Update's one call.
 */
export function noticeLines(file: string): Array<{ input: NotifyInput; activityId: string; pid: number }> {
  const batchOf = (l: ActivityLogLine) =>
    l.type === 'recordEvents' ? (l.input as { notices?: NotifyInput[] }) : l.type.endsWith('WithBatch') ? (l.input as { batch: { notices?: NotifyInput[] } }).batch : undefined;
  return readActivityLog(file).flatMap((l) => (batchOf(l)?.notices ?? []).map((input) => ({ input, activityId: l.activityId, pid: l.pid })));
}

/** Memory activities that also append each call to `logFile`, and keep nothing in memory. */
function loggingActivities(logFile: string | undefined): JobActivities {
  const inner = memoryActivities();
  const log = (type: keyof JobActivities, input: unknown): void => {
    if (!logFile) return;
    const { activityId, attempt, isLocal } = Context.current().info;
    const line: ActivityLogLine = { type, input, activityId, attempt, local: isLocal, pid: process.pid };
    fs.appendFileSync(logFile, JSON.stringify(line) + '\n');
  };
  const forget = () => {
    inner.events.length = 0;
    inner.notices.length = 0;
    inner.submissions.length = 0;
    inner.reviews.length = 0;
    inner.checks.length = 0;
  };
  return {
    async recordEvents(input) {
      log('recordEvents', input);
      forget();
      return inner.recordEvents(input);
    },
    async recordSubmission(input) {
      log('recordSubmission', input);
      return inner.recordSubmission(input);
    },
    async recordReview(input) {
      log('recordReview', input);
      return inner.recordReview(input);
    },
    async recordSubmissionWithBatch(input) {
      log('recordSubmissionWithBatch', input);
      forget();
      return inner.recordSubmissionWithBatch(input);
    },
    async recordReviewWithBatch(input) {
      log('recordReviewWithBatch', input);
      forget();
      return inner.recordReviewWithBatch(input);
    },
    async recordAcceptance(input) {
      log('recordAcceptance', input);
      return inner.recordAcceptance(input);
    },
    async recordReport(input) {
      log('recordReport', input);
      return inner.recordReport(input);
    },
    async runCheck(input) {
      log('runCheck', input);
      return inner.runCheck(input);
    },
    async loadCalendarVersion(input) {
      log('loadCalendarVersion', input);
      return inner.loadCalendarVersion(input);
    },
  };
}

/** A started worker process. */
export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** SIGKILL: no shutdown, no flushing, like a crashed machine. Resolves once it is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<void>;
  /** Resident set size in MB, from /proc (Linux). */
  rssMb(): number;
  /** A full garbage collection in the worker (needs `exposeGc`); answers the V8 heap in use after it, in MB. */
  gc(): Promise<{ heapUsedMb: number }>;
}

/** Starts this file as a worker process and resolves once it polls its task queue. */
export async function spawnWorkerProcess(options: {
  address: string;
  taskQueue: string;
  log?: string;
  maxCachedWorkflows?: number;
  workflowsPath?: string;
  /** node --expose-gc and a stdin pipe for {@link WorkerProcess.gc}. */
  exposeGc?: boolean;
}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [...(options.exposeGc ? ['--expose-gc'] : []), '--import', 'tsx', __filename], {
    cwd: path.resolve(__dirname, '..', '..'),
    env: {
      ...process.env,
      WORKER_TEMPORAL_ADDRESS: options.address,
      WORKER_TASK_QUEUE: options.taskQueue,
      WORKER_LOG: options.log ?? '',
      WORKER_MAX_CACHED_WORKFLOWS: options.maxCachedWorkflows ? String(options.maxCachedWorkflows) : '',
      WORKER_WORKFLOWS: options.workflowsPath ?? '',
    },
    stdio: [options.exposeGc ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let out = '';
  let gcAnswered = 0;
  const gcWaiters: Array<(answer: { heapUsedMb: number }) => void> = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const answers = out.split('\n').filter((line) => line.startsWith('gc-done '));
    while (gcAnswered < answers.length) {
      const heapUsed = Number(answers[gcAnswered]!.slice('gc-done '.length));
      gcAnswered += 1;
      gcWaiters.shift()?.({ heapUsedMb: heapUsed / 2 ** 20 });
    }
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', () => {
      if (out.includes('ready ')) resolve();
    });
    child.once('exit', (code, signal) => reject(new Error(`worker process exited (${code ?? signal}) before it was ready: ${stderr}`)));
  });
  const pid = child.pid!;
  return {
    child,
    pid,
    ...signalControls(child, exited),
    rssMb() {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
      return kb / 1024;
    },
    async gc() {
      if (!options.exposeGc) throw new Error('worker process started without exposeGc');
      const done = new Promise<{ heapUsedMb: number }>((resolve) => gcWaiters.push(resolve));
      child.stdin!.write('gc\n');
      return done;
    },
  };
}

/**
 * The SDK runs workflows in worker threads of its own, where the cached workflows live: each is started
 * with a listener on a BroadcastChannel first (node --expose-gc gives every thread `gc`), so that a `gc`
 * command reaches them too. Call before the worker is created; answers the V8 heap the threads use after it.
 */
function gcInWorkflowThreads(): (command?: 'gc' | 'snapshot') => Promise<number> {
  const listener = `{
    const { BroadcastChannel } = require('node:worker_threads');
    const channel = new BroadcastChannel('worker-process-gc');
    channel.unref();
    channel.onmessage = (event) => {
      if (event.data === 'snapshot' && process.env.WORKER_SNAPSHOT_DIR) {
        globalThis.gc();
        require('node:v8').writeHeapSnapshot(require('node:path').join(process.env.WORKER_SNAPSHOT_DIR, 'thread-' + require('node:worker_threads').threadId + '.heapsnapshot'));
        channel.postMessage({ heapUsed: 0 });
        return;
      }
      if (event.data !== 'gc') return;
      globalThis.gc();
      globalThis.gc();
      channel.postMessage({ heapUsed: process.memoryUsage().heapUsed });
    };
  }\n`;
  let threads = 0;
  const Original = workerThreads.Worker;
  workerThreads.Worker = class extends Original {
    constructor(filename: string | URL, options?: workerThreads.WorkerOptions) {
      const wrap = typeof filename === 'string' && !options?.eval;
      super(wrap ? `${listener}require(${JSON.stringify(filename)});` : filename, wrap ? { ...options, eval: true } : options);
      if (wrap) threads += 1;
    }
  };
  const channel = new workerThreads.BroadcastChannel('worker-process-gc');
  channel.unref();
  return (command = 'gc') =>
    new Promise<number>((resolve) => {
      let answers = 0;
      let heap = 0;
      if (threads === 0) return resolve(0);
      channel.onmessage = (event: unknown) => {
        heap += (event as { data: { heapUsed: number } }).data.heapUsed;
        answers += 1;
        if (answers === threads) resolve(heap);
      };
      channel.postMessage(command);
    });
}

async function main(): Promise<void> {
  const address = process.env.WORKER_TEMPORAL_ADDRESS;
  const taskQueue = process.env.WORKER_TASK_QUEUE;
  if (!address || !taskQueue) throw new Error('worker-process needs WORKER_TEMPORAL_ADDRESS and WORKER_TASK_QUEUE');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const maxCached = Number(process.env.WORKER_MAX_CACHED_WORKFLOWS) || undefined;
  const gc = (globalThis as { gc?: () => void }).gc;
  const threadGc = gc ? gcInWorkflowThreads() : undefined;
  const connection = await NativeConnection.connect({ address });
  const other = process.env.WORKER_WORKFLOWS;
  const activities = other ? undefined : loggingActivities(process.env.WORKER_LOG);
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: other ? await bundleWorkflowCode({ workflowsPath: other, logger: new DefaultLogger('WARN') }) : await workflowBundle(),
    activities,
    ...(maxCached ? { maxCachedWorkflows: maxCached } : {}),
  });
  // Check activities have a queue of their own (core/jobs/checks-task-queue.ts), as every job worker polls it.
  const checksWorker = activities ? await Worker.create({ connection, taskQueue: checksTaskQueue(taskQueue), activities: { runCheck: activities.runCheck } }) : undefined;
  process.once('SIGTERM', () => {
    worker.shutdown();
    checksWorker?.shutdown();
  });
  if (gc && !process.stdin.isTTY) {
    let pending = '';
    process.stdin.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      void (async () => {
        for (const line of lines) {
          if (line.trim() === 'snapshot') {
            await threadGc!('snapshot');
            process.stdout.write('snapshot-done\n');
            continue;
          }
          if (line.trim() !== 'gc') continue;
          gc();
          gc(); // a second pass collects what the first one's finalisers released
          const threadHeap = await threadGc!();
          process.stdout.write(`gc-done ${process.memoryUsage().heapUsed + threadHeap}\n`);
        }
      })();
    });
    process.stdin.on('end', () => undefined);
    process.stdin.unref?.();
  }
  const running = Promise.all([worker.run(), checksWorker?.run()]);
  process.stdout.write(`ready ${process.pid}\n`);
  await running;
  await connection.close();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
