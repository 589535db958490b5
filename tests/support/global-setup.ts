/**
 * Starts what the integration and browser suites share, once per jest run:
 *  - a real Temporal dev server (in memory, headless, free port), published as
 *    TEST_TEMPORAL_ADDRESS (an address given there already is used as is);
 *  - the embedded PostgreSQL server — the product's default database — on a
 *    throwaway cluster (tests/support/test-postgres.ts), published as
 *    TEST_EMBEDDED_DATABASE_URL; tests create databases of their own on it
 *    (tests/support/test-database.ts).
 */
import { ensureTemporalCli } from '../../platform/temporal/cli-binary';
import { startDevServer, type DevServer } from '../../platform/temporal/dev-server';
import { startTestPostgres, type TestPostgres } from './test-postgres';

declare global {
  var __TEMPORAL_DEV_SERVER__: DevServer | undefined;
  var __TEST_POSTGRES__: TestPostgres | undefined;
}

async function startTemporal(): Promise<void> {
  if (process.env.TEST_TEMPORAL_ADDRESS) return;
  const cli = await ensureTemporalCli();
  const server = await startDevServer({ cli, headless: true });
  globalThis.__TEMPORAL_DEV_SERVER__ = server;
  process.env.TEST_TEMPORAL_ADDRESS = server.address;
  process.env.TEST_TEMPORAL_CLI = cli;
}

async function startPostgres(): Promise<void> {
  if (process.env.TEST_EMBEDDED_DATABASE_URL) return;
  globalThis.__TEST_POSTGRES__ = await startTestPostgres();
}

export default async function globalSetup(): Promise<void> {
  await Promise.all([startTemporal(), startPostgres()]);
}
