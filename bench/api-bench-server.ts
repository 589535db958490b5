/**
 * The API as bench/api.bench.ts measures it: the real app (createApp) on the
 * bench's PostgreSQL database, listening on a free loopback port in a process
 * of its own (so the load generator does not share its event loop). Temporal is
 * a lazy connection that the read routes never use. Tells its parent the port.
 */
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../api/app';
import { createLoginLimiter } from '../api/auth/login-limiter';
import { openDatabase } from '../platform/db/database';
import { LocalFileStorage } from '../platform/storage/file-storage';

async function main(): Promise<void> {
  const url = process.env.BENCH_API_DATABASE_URL;
  if (!url) throw new Error('BENCH_API_DATABASE_URL is not set');
  const db = await openDatabase({ url });
  const connection = Connection.lazy({ address: '127.0.0.1:1' });
  const app = createApp({
    config: { taskQueue: 'bench', publicUrl: 'http://127.0.0.1' },
    db,
    temporal: { client: new Client({ connection }), connection, taskQueue: 'bench' },
    storage: new LocalFileStorage(process.env.BENCH_API_FILES ?? path.join(os.tmpdir(), 'sop-api-bench-files')),
    loginLimiter: createLoginLimiter(db),
  });
  const server = app.listen(0, '127.0.0.1', () => {
    process.send?.({ port: (server.address() as AddressInfo).port });
  });
  server.keepAliveTimeout = 60_000;
  process.on('disconnect', () => {
    server.close(() => {
      // Handlers of cut connections may still be awaiting the database: let them finish first.
      setTimeout(() => void db.close().then(() => process.exit(0)), 1000);
    });
    server.closeAllConnections();
  });
}

main().catch((error: Error) => {
  process.stderr.write(`api-bench-server: ${error.message}\n`);
  process.exit(1);
});
