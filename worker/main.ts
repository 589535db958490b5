/** `npm run worker`: a job worker process (scale out by running more of them). */
import { loadConfig } from '../platform/config';
import { openRuntime } from '../platform/runtime/open-runtime';
import { startJobWorker } from './start-worker';

const log = (line: string) => process.stdout.write(line + '\n');

async function main(): Promise<void> {
  const runtime = await openRuntime(loadConfig(), log);
  const stop = await startJobWorker(runtime, log);
  const shutdown = (signal: string) => {
    log(`[worker] ${signal}: finishing tasks in progress…`);
    void stop()
      .then(() => runtime.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: Error) => {
  process.stderr.write(`[worker] cannot start: ${error.message}\n`);
  process.exit(1);
});
