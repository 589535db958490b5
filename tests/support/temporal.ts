import type { BackupActivities } from '../../core/backup/contract';
import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { JobActivities } from '../../core/jobs/contract';
import type { MonthlyReportActivities } from '../../core/reports/monthly-contract';
import { createJobWorker } from '../../worker/create-worker';
import { clientInterceptors } from '../../platform/observability/temporal-interceptors';
import { memoryActivities, type MemoryActivities } from './memory-activities';

export function temporalAddress(): string {
  const address = process.env.TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEST_TEMPORAL_ADDRESS is not set: run integration tests through jest (globalSetup starts Temporal)');
  return address;
}

let counter = 0;
/** A task queue no other test uses. */
export function uniqueTaskQueue(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now()}-${counter}`;
}

export async function connectClient(): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect({ address: temporalAddress() });
  // The product's client interceptors (request ids into workflows), as platform/runtime/open-runtime.ts uses them.
  return { client: new Client({ connection, namespace: 'default', interceptors: clientInterceptors() }), connection };
}

/** A running worker; `stop()` shuts it down and waits until it has. */
export interface RunningWorker {
  worker: Worker;
  stop(): Promise<void>;
}

export async function startWorker(taskQueue: string, activities: JobActivities & Partial<BackupActivities> & Partial<MonthlyReportActivities>): Promise<RunningWorker> {
  const workers = await createJobWorker({ address: temporalAddress(), namespace: 'default', taskQueue, activities });
  const { worker, connection } = workers;
  const running = workers.run();
  return {
    worker,
    async stop() {
      workers.shutdown();
      await running;
      await connection.close();
    },
  };
}

import { DefaultLogger, Runtime } from '@temporalio/worker';
// Workers in tests log warnings and errors only.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // already installed in this process
}

/** What {@link useMemoryWorker} keeps for the running test: fresh per test. */
export interface MemoryWorkerEnv {
  client: Client;
  acts: MemoryActivities;
  taskQueue: string;
}

/**
 * Installs jest hooks for engine tests: one client per file, and per test a
 * fresh task queue with a real worker whose activities keep their calls in memory.
 */
export function useMemoryWorker(prefix: string): MemoryWorkerEnv {
  const env = {} as MemoryWorkerEnv;
  let connection: Connection;
  let worker: RunningWorker;
  beforeAll(async () => {
    const connected = await connectClient();
    env.client = connected.client;
    connection = connected.connection;
  });
  afterAll(async () => {
    await connection.close();
  });
  beforeEach(async () => {
    env.acts = memoryActivities();
    env.taskQueue = uniqueTaskQueue(prefix);
    worker = await startWorker(env.taskQueue, env.acts);
  });
  afterEach(async () => {
    await worker.stop();
  });
  return env;
}
