import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { JobActivities } from '../../core/jobs/contract';
import { createJobWorker } from '../../worker/create-worker';

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
  return { client: new Client({ connection, namespace: 'default' }), connection };
}

/** A running worker; `stop()` shuts it down and waits until it has. */
export interface RunningWorker {
  worker: Worker;
  stop(): Promise<void>;
}

export async function startWorker(taskQueue: string, activities: JobActivities): Promise<RunningWorker> {
  const { worker, connection } = await createJobWorker({ address: temporalAddress(), namespace: 'default', taskQueue, activities });
  const running = worker.run();
  return {
    worker,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
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
