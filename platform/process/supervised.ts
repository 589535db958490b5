/**
 * One process the supervisor (`npm start`, scripts/start.ts) keeps running:
 * the API, a worker, PostgreSQL or the Temporal dev server.
 *
 * Each runs in a process group of its own, and the supervisor owns the whole
 * group: when the group's leader exits for any reason, whatever is left of the
 * group is SIGKILLed before a new instance starts, so no process of an old
 * instance ever runs beside a new one. Node services are one process each (no
 * `tsx` wrapper: `node --import tsx`) and stop when their IPC channel to the
 * supervisor closes; native servers run under a guardian (guard.cjs) that does
 * the same for them. A service that exits unexpectedly is restarted with
 * backoff; `ready` is awaited after every start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { refOf, signalGroup, waitUntil, groupMembers, type ProcessRef } from './process-table';

/** A Node program of this repository (TypeScript, run with `node --import tsx`). */
export interface NodeProgram {
  kind: 'node';
  /** Path relative to the project root, e.g. `api/main.ts`. */
  script: string;
  args?: string[];
}

/** A native server run under the guardian. */
export interface NativeProgram {
  kind: 'native';
  command: string;
  args: string[];
  /** The server's graceful-stop signal (PostgreSQL: SIGINT, fast shutdown). */
  stopSignal: NodeJS.Signals;
  uid?: number;
  gid?: number;
  /** The server's output goes here (appended). */
  logFile: string;
}

export interface ServiceSpec {
  name: string;
  program: NodeProgram | NativeProgram;
  env: NodeJS.ProcessEnv;
  /** How long a graceful stop may take before the group is SIGKILLed. */
  graceMs: number;
  /** Awaited after every start; throwing counts as a failed start. `isDead` tells whether the process has exited meanwhile. */
  ready?: (isDead: () => string | undefined) => Promise<void>;
}

export interface ServiceHooks {
  projectRoot: string;
  log(line: string): void;
  /** The service's process changed (started: its ref and graceful-stop signal; exited: undefined). The supervisor records them for cleanup after its own death. */
  record(name: string, ref: (ProcessRef & { stopSignal: NodeJS.Signals }) | undefined): void;
}

const GUARD = path.join(__dirname, 'guard.cjs');

/** Restart delay after the n-th quick failure in a row: 1 s, 2 s, 4 s … 30 s. */
export function restartDelay(quickFailures: number): number {
  return Math.min(30_000, 1000 * 2 ** quickFailures);
}

export class Service {
  private child: ChildProcess | undefined;
  private stopping = false;
  private quickFailures = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly exitListeners: ((description: string) => void)[] = [];
  /** Starts so far (the first start and every restart). */
  starts = 0;

  constructor(
    readonly spec: ServiceSpec,
    private readonly hooks: ServiceHooks,
  ) {}

  /** The running process, if any. */
  get ref(): ProcessRef | undefined {
    return this.child?.pid === undefined ? undefined : refOf(this.child.pid);
  }

  /** Called with a description ("code 1", "SIGKILL") whenever the process exits. */
  onExit(listener: (description: string) => void): void {
    this.exitListeners.push(listener);
  }

  /** Starts the service and waits until it is ready; rejects when the first start fails. */
  async start(): Promise<void> {
    await this.launch();
  }

  private async launch(): Promise<void> {
    const child = this.spawnChild();
    this.child = child;
    this.starts += 1;
    const startedAt = Date.now();
    let exited: string | undefined;
    const pgid = child.pid;
    const ref = pgid === undefined ? undefined : refOf(pgid);
    const { program } = this.spec;
    if (ref) this.hooks.record(this.spec.name, { ...ref, stopSignal: program.kind === 'native' ? program.stopSignal : 'SIGTERM' });
    child.once('exit', (code, signal) => {
      exited = signal ?? `code ${code}`;
      if (pgid !== undefined) signalGroup(pgid, 'SIGKILL'); // whatever the leader left behind
      if (this.child === child) this.child = undefined;
      this.hooks.record(this.spec.name, undefined);
      for (const listener of this.exitListeners) listener(exited);
      if (this.stopping) return;
      const quick = Date.now() - startedAt < 10_000;
      this.quickFailures = quick ? this.quickFailures + 1 : 0;
      const delay = quick ? restartDelay(this.quickFailures - 1) : 1000;
      this.hooks.log(`${this.spec.name} exited (${exited}); restarting in ${Math.round(delay / 1000)} s.`);
      this.restartTimer = setTimeout(() => {
        this.restartTimer = undefined;
        this.launch().catch((error: Error) => this.hooks.log(`${this.spec.name} did not come back: ${error.message}`));
      }, delay);
    });
    child.once('error', (error) => {
      exited = error.message;
    });
    if (this.spec.ready) {
      try {
        await this.spec.ready(() => exited);
      } catch (error) {
        if (exited === undefined && pgid !== undefined) signalGroup(pgid, 'SIGKILL'); // a start that never became ready
        throw error;
      }
    }
  }

  private spawnChild(): ChildProcess {
    const { program } = this.spec;
    const options = { cwd: this.hooks.projectRoot, detached: true } as const;
    if (program.kind === 'node') {
      return spawn(process.execPath, ['--import', 'tsx', program.script, ...(program.args ?? [])], {
        ...options,
        env: withNodeProcessDefaults(this.spec.env),
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
    }
    const guardSpec = {
      command: program.command,
      args: program.args,
      stopSignal: program.stopSignal,
      graceMs: this.spec.graceMs,
      logFile: program.logFile,
      uid: program.uid,
      gid: program.gid,
    };
    return spawn(process.execPath, [GUARD], {
      ...options,
      env: { ...this.spec.env, GUARD_SPEC: JSON.stringify(guardSpec) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  }

  /** Stops the service (no restart): SIGTERM, then SIGKILL of its group after `graceMs`. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const pgid = child.pid;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => signalGroup(pgid, 'SIGKILL'), this.spec.graceMs);
    await exited;
    clearTimeout(timer);
    await waitUntil(() => groupMembers(pgid).length === 0, 5_000);
  }
}

/**
 * The environment of the app's Node processes: glibc's malloc gets at most 2 arenas (MALLOC_ARENA_MAX, unless set)
 * instead of 8 per core, which the worker's threads (workflow threads, Temporal's Rust core, sharp, tesseract.js)
 * would otherwise fill with free memory never handed back. Measured in docs/BENCHMARKS.md (Engine): a worker with
 * 1,000 open jobs after GC, 570 → 537 MB RSS. Read once at process start, so it must be set by the parent.
 */
export function withNodeProcessDefaults(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX || '2' };
}
