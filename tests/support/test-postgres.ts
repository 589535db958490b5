/**
 * A throwaway embedded PostgreSQL server for a test or benchmark run: the
 * product's own embedded server (platform/db/embedded-postgres-server.ts) on
 * a cluster in a temp folder, durability settings off. Its maintenance URL is
 * published as TEST_EMBEDDED_DATABASE_URL, where tests/support/test-database.ts
 * creates databases. A URL already there is used as is (no server started).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runEmbeddedPostgres } from '../../platform/db/embedded-postgres-server';

export interface TestPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * `durable`: the settings `npm start` runs with (fsync and synchronous commit on) — for
 * benchmarks that measure the product's default; tests use the fast throwaway settings.
 */
export async function startTestPostgres(options: { durable?: boolean } = {}): Promise<TestPostgres> {
  const existing = process.env.TEST_EMBEDDED_DATABASE_URL;
  if (existing) return { url: existing, stop: async () => undefined };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-test-pg-'));
  fs.chmodSync(dir, 0o755); // the server runs as the postgres user when this runs as root
  const server = await runEmbeddedPostgres({ dataDir: dir, unsafeFast: !options.durable, log: () => undefined });
  const url = server.url('postgres');
  process.env.TEST_EMBEDDED_DATABASE_URL = url;
  return {
    url,
    async stop() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
      delete process.env.TEST_EMBEDDED_DATABASE_URL;
    },
  };
}
