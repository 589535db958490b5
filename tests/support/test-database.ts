import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { openDatabase, type Database, type DatabaseKind } from '../../platform/db/database';

/** A database of its own for one test file, and the way to throw it away. */
export interface TestDatabase {
  db: Database;
  /** The new database's URL on PostgreSQL (for extra connections); undefined on PGlite. */
  url: string | undefined;
  /** Closes `db` and drops the database (PostgreSQL) or frees the memory (PGlite). */
  cleanup(): Promise<void>;
}

/** Options of {@link openTestDatabase}. */
export interface OpenTestDatabaseOptions {
  /** Apply the migrations before returning. Default true. */
  migrate?: boolean;
  /**
   * Force one engine. Default: 'postgres' when TEST_DATABASE_URL is set, else 'pglite'.
   * 'postgres' without TEST_DATABASE_URL is an error.
   */
  kind?: DatabaseKind;
}

/**
 * A fresh, empty database: on the PostgreSQL server named by
 * `TEST_DATABASE_URL` (e.g. `postgres://user:pw@127.0.0.1:5432/postgres`, a role
 * with CREATEDB; a new database `sop_test_<random>` is created beside the one
 * in the URL and dropped by `cleanup`), otherwise an in-memory PGlite.
 * Migrated unless `migrate: false`.
 */
export async function openTestDatabase(options: OpenTestDatabaseOptions = {}): Promise<TestDatabase> {
  const kind = options.kind ?? (process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');
  const serverUrl = kind === 'postgres' ? process.env.TEST_DATABASE_URL : undefined;
  if (kind === 'postgres' && !serverUrl) throw new Error('openTestDatabase: kind postgres needs TEST_DATABASE_URL');
  const created = serverUrl ? await createDatabase(serverUrl) : undefined;
  const db = await openDatabase(created ? { url: created.url } : { memory: true });
  if (options.migrate ?? true) await db.migrate();
  return {
    db,
    url: created?.url,
    async cleanup() {
      await db.close();
      if (serverUrl && created) await dropDatabase(serverUrl, created.name);
    },
  };
}

async function createDatabase(serverUrl: string): Promise<{ name: string; url: string }> {
  const name = `sop_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

async function withAdminClient(serverUrl: string, work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
