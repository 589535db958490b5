/**
 * Opens what the API and the worker share: the database (migrated), file
 * storage and a Temporal connection. Used by api/main.ts and worker/main.ts.
 */
import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '../config';
import { openDatabase, type Database } from '../db/database';
import { resolveDatabaseUrl } from '../db/database-url';
import type { FileStorage } from '../storage/file-storage';
import { openVerifiedFileStorage } from '../storage/open-file-storage';
import { clientInterceptors } from '../observability/temporal-interceptors';

export interface Runtime {
  config: AppConfig;
  db: Database;
  storage: FileStorage;
  temporalAddress: string;
  connection: Connection;
  client: Client;
  close(): Promise<void>;
}

export async function openRuntime(config: AppConfig, log: (line: string) => void): Promise<Runtime> {
  const temporalAddress = config.temporalAddress ?? '127.0.0.1:7233';
  const db = await openDatabase({ url: resolveDatabaseUrl(config) });
  await db.migrate({ log: (line) => log(`[db] ${line}`) });
  const storage = await openVerifiedFileStorage(config.storage);
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection, namespace: config.temporalNamespace, interceptors: clientInterceptors() });
  return {
    config,
    db,
    storage,
    temporalAddress,
    connection,
    client,
    async close() {
      await connection.close();
      await db.close();
    },
  };
}
