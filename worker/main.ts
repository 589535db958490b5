/** `npm run worker`: a job worker process (scale out by running more of them). */
import { loadConfig } from '../platform/config';
import { onShutdownRequest } from '../platform/process/shutdown';
import { openRuntime } from '../platform/runtime/open-runtime';
import { startJobWorker } from './start-worker';

const log = (line: string) => process.stdout.write(line + '\n');

async function main(): Promise<void> {
  const runtime = await openRuntime(loadConfig(), log);
  const stop = await startJobWorker(runtime, log);
  onShutdownRequest(async (reason) => {
    log(`[worker] ${reason}: finishing tasks in progress…`);
    await stop();
    await runtime.close();
  });
}

main().catch((error: Error) => {
  process.stderr.write(`[worker] cannot start: ${error.message}\n`);
  process.exit(1);
});
