/**
 * Starts one real Temporal dev server (in memory, headless, free port) for the
 * integration suite and publishes its address as TEST_TEMPORAL_ADDRESS. An
 * address given in TEST_TEMPORAL_ADDRESS already is used as is.
 */
import { ensureTemporalCli } from '../../platform/temporal/cli-binary';
import { startDevServer, type DevServer } from '../../platform/temporal/dev-server';

declare global {
  // eslint-disable-next-line no-var
  var __TEMPORAL_DEV_SERVER__: DevServer | undefined;
}

export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_TEMPORAL_ADDRESS) return;
  const cli = await ensureTemporalCli();
  const server = await startDevServer({ cli, headless: true });
  globalThis.__TEMPORAL_DEV_SERVER__ = server;
  process.env.TEST_TEMPORAL_ADDRESS = server.address;
  process.env.TEST_TEMPORAL_CLI = cli;
}
