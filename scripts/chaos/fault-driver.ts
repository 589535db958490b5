/**
 * The chaos run's fault driver: one fault at a time, at seeded random moments,
 * each waited out until the cluster has recovered (so every fault's recovery
 * time is measured on its own):
 *
 * - `worker`, `api`: SIGKILL a random one of the two (recorded by the cluster's
 *   supervisor in CLUSTER_DIR/run/processes.json); recovered when the
 *   supervisor runs a new one and its /readyz answers 200.
 * - `temporal`: SIGKILL a random Temporal service (frontend, history, matching,
 *   worker) — the server process itself, not its guardian.
 * - `postgres`: SIGKILL the postmaster; the supervisor restarts it, PostgreSQL
 *   replays its write-ahead log (a crash restart, the hardest kind).
 * - `s3`: SIGKILL the S3 gateway; the supervisor restarts it.
 * - `smtp`, `webhook`: the receiver goes down (connections dropped) for a few
 *   seconds and comes back on the same port.
 *
 * A process fault is recovered when the supervisor recorded a new process for
 * the service and both APIs' /readyz answer 200 (database and Temporal
 * reachable); the S3 gateway also has to answer HTTP again.
 */
import fs from 'node:fs';
import type { ProcessRef } from '../../platform/process/process-table';
import type { ClusterChild } from './cluster-child';

export const FAULT_KINDS = ['worker', 'api', 'temporal', 'postgres', 's3', 'smtp', 'webhook'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  kind: FaultKind;
  /** Service name (api-1, temporal-history, …) or receiver. */
  target: string;
  at: number;
  recoveredAt?: number;
}

export interface Receiver {
  down(): Promise<void>;
  up(): Promise<void>;
}

export interface FaultDriverOptions {
  cluster: ClusterChild;
  apiPorts: number[];
  workerPorts: number[];
  s3Endpoint: string;
  receivers: { smtp: Receiver; webhook: Receiver };
  random: () => number;
  /** Pause before each fault: [min, max) ms. */
  gapMs: [number, number];
  log: (line: string) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function answers(url: string, ok: (status: number) => boolean): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    return ok(res.status);
  } catch {
    return false;
  }
}

/** The server under a native service's guardian (its child), or the recorded process itself. */
function serverProcess(ref: ProcessRef): number {
  for (const entry of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === ref.pid) return Number(entry); // field 4: ppid
    } catch {
      // gone meanwhile
    }
  }
  return ref.pid;
}

/** A shuffled plan with `perKind` faults of every kind (seeded). */
export function faultPlan(perKind: number, random: () => number): FaultKind[] {
  const plan = FAULT_KINDS.flatMap((kind) => Array.from({ length: perKind }, () => kind));
  for (let i = plan.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [plan[i], plan[j]] = [plan[j]!, plan[i]!];
  }
  return plan;
}

export class FaultDriver {
  readonly faults: Fault[] = [];
  stopped = false;

  constructor(private readonly o: FaultDriverOptions) {}

  /** Faults done (injected and recovered) so far. */
  get done(): number {
    return this.faults.filter((f) => f.recoveredAt !== undefined).length;
  }

  /** Is any fault active at `at` (from its injection until `graceMs` after its recovery)? */
  activeAt(at: number, graceMs: number, kinds: readonly FaultKind[] = FAULT_KINDS): boolean {
    return this.faults.some((f) => kinds.includes(f.kind) && f.at <= at && at <= (f.recoveredAt ?? Infinity) + graceMs);
  }

  async run(plan: readonly FaultKind[]): Promise<void> {
    for (const kind of plan) {
      const [min, max] = this.o.gapMs;
      await sleep(min + this.o.random() * (max - min));
      if (this.stopped) return;
      await this.inject(kind);
    }
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.o.random() * items.length)]!;
  }

  async inject(kind: FaultKind): Promise<Fault> {
    if (kind === 'smtp' || kind === 'webhook') {
      const receiver = this.o.receivers[kind];
      const downMs = 2000 + this.o.random() * 6000;
      const fault: Fault = { kind, target: `${kind}-receiver`, at: Date.now() };
      this.faults.push(fault);
      await receiver.down();
      await sleep(downMs);
      await receiver.up();
      fault.recoveredAt = Date.now();
      this.o.log(`fault ${kind}: receiver down for ${((fault.recoveredAt - fault.at) / 1000).toFixed(1)} s`);
      return fault;
    }
    const names = Object.keys(this.o.cluster.processes());
    const candidates = {
      worker: names.filter((n) => /^worker-\d+$/.test(n)),
      api: names.filter((n) => /^api-\d+$/.test(n)),
      temporal: names.filter((n) => n.startsWith('temporal-')),
      postgres: names.filter((n) => n === 'PostgreSQL'),
      s3: names.filter((n) => n === 's3-gateway'),
    }[kind];
    if (candidates.length === 0) throw new Error(`no ${kind} process in the cluster's record (${names.join(', ')})`);
    const target = this.pick(candidates);
    const ref = this.o.cluster.processes()[target]!;
    const victim = kind === 'worker' || kind === 'api' ? ref.pid : serverProcess(ref);
    const fault: Fault = { kind, target, at: Date.now() };
    this.faults.push(fault);
    process.kill(victim, 'SIGKILL');
    await this.recovered(target, ref.pid, 180_000);
    fault.recoveredAt = Date.now();
    this.o.log(`fault ${kind}: SIGKILL ${target} (pid ${victim}), recovered in ${((fault.recoveredAt - fault.at) / 1000).toFixed(1)} s`);
    return fault;
  }

  private async recovered(target: string, oldPid: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const probes = (): Array<Promise<boolean>> => {
      const ready = this.o.apiPorts.map((p) => answers(`http://127.0.0.1:${p}/readyz`, (s) => s === 200));
      const worker = /^worker-(\d+)$/.exec(target);
      if (worker) ready.push(answers(`http://127.0.0.1:${this.o.workerPorts[Number(worker[1]) - 1]}/readyz`, (s) => s === 200));
      if (target === 's3-gateway') ready.push(answers(this.o.s3Endpoint, (s) => s > 0));
      return ready;
    };
    for (;;) {
      if (Date.now() > deadline) throw new Error(`${target} did not recover within ${timeoutMs / 1000} s`);
      const now = this.o.cluster.processes()[target];
      if (now && now.pid !== oldPid && (await Promise.all(probes())).every(Boolean)) return;
      await sleep(250);
    }
  }
}
