import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { openDatabase, type Database } from '../../platform/db/database';
import { readMigrations } from '../../platform/db/migration-files';

/**
 * Which PostgreSQL server a test's databases live on: the embedded server the
 * test run starts (tests/support/global-setup.ts; the product's default), or
 * an external one named by `TEST_DATABASE_URL`.
 */
export type DatabaseServer = 'embedded' | 'external';

/** The servers this run covers: the embedded one always, the external one when TEST_DATABASE_URL is set. */
export function databaseServers(): DatabaseServer[] {
  return process.env.TEST_DATABASE_URL ? ['embedded', 'external'] : ['embedded'];
}

/** A database of its own for one test file, and the way to throw it away. */
export interface TestDatabase {
  db: Database;
  /** The new database's URL (for extra connections, child processes). */
  url: string;
  server: DatabaseServer;
  /** Closes `db` and drops the database. */
  cleanup(): Promise<void>;
}

/** Options of {@link openTestDatabase}. */
export interface OpenTestDatabaseOptions {
  /** Apply the migrations before returning. Default true. */
  migrate?: boolean;
  /** Default 'embedded'. 'external' needs TEST_DATABASE_URL. */
  server?: DatabaseServer;
}

/** The maintenance URL (database `postgres`, a role with CREATEDB) of a server. */
export function serverUrl(server: DatabaseServer): string {
  const url = server === 'external' ? process.env.TEST_DATABASE_URL : process.env.TEST_EMBEDDED_DATABASE_URL;
  if (!url) {
    throw new Error(
      server === 'external'
        ? 'the external test database server needs TEST_DATABASE_URL (postgres://user:pw@host:5432/postgres, a role with CREATEDB)'
        : 'no embedded test database server: run database tests through jest projects "integration" or "e2e" (their global setup starts it)',
    );
  }
  return url;
}

/**
 * A fresh database `sop_test_<random>` on the server, dropped by `cleanup`.
 * Migrated ones are copied from a template database migrated once per server
 * and migration set (CREATE DATABASE … TEMPLATE: a copy is much faster than
 * running the migrations again for every test file).
 */
export async function openTestDatabase(options: OpenTestDatabaseOptions = {}): Promise<TestDatabase> {
  const server = options.server ?? 'embedded';
  const admin = serverUrl(server);
  const migrate = options.migrate ?? true;
  const name = `sop_test_${randomBytes(6).toString('hex')}`;
  const template = migrate ? await migratedTemplate(admin) : undefined;
  await withAdminClient(admin, (client) => client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`));
  const url = databaseUrl(admin, name);
  const db = await openDatabase({ url });
  return {
    db,
    url,
    server,
    async cleanup() {
      await db.close();
      await withAdminClient(admin, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

function databaseUrl(admin: string, name: string): string {
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

const templates = new Map<string, Promise<string>>();

/** The name of a database holding exactly the migrated schema, created on first use. */
function migratedTemplate(admin: string): Promise<string> {
  const migrations = readMigrations();
  const digest = migrations.map((m) => m.checksum.slice(0, 6)).join('').slice(-24);
  const name = `sop_template_${migrations.length}_${digest}`;
  const key = `${admin}|${name}`;
  let made = templates.get(key);
  if (!made) {
    made = createTemplate(admin, name);
    made.catch(() => templates.delete(key));
    templates.set(key, made);
  }
  return made;
}

async function createTemplate(admin: string, name: string): Promise<string> {
  const exists = await withAdminClient(admin, async (client) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rows.length > 0);
  if (exists) return name;
  const building = `${name}_${randomBytes(3).toString('hex')}`;
  await withAdminClient(admin, (client) => client.query(`CREATE DATABASE "${building}"`));
  const db = await openDatabase({ url: databaseUrl(admin, building) });
  try {
    await db.migrate();
  } finally {
    await db.close();
  }
  // Renamed into place when complete; a concurrent run that finished first wins and this copy is dropped.
  await withAdminClient(admin, async (client) => {
    try {
      await client.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    } catch {
      await client.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
    }
  });
  return name;
}

async function withAdminClient<T>(admin: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: admin });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
