import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { applyMigrations, pgExecutor, type ApplyMigrationsOptions } from './migrate';
import { PrismaClient } from './prisma-types';

/** Which engine holds the data. */
export type DatabaseKind = 'postgres' | 'pglite';

/**
 * Where the database is. Precedence: `url`, then `memory`, then `dataDir`, so
 * callers can pass `{ url: config.databaseUrl, dataDir: config.dataDir }`.
 */
export interface OpenDatabaseOptions {
  /** `postgres://…` or `postgresql://…`: a PostgreSQL server, through a `pg` pool. */
  url?: string;
  /** Embedded PostgreSQL (PGlite) persisted in `<dataDir>/pglite`. */
  dataDir?: string;
  /** Embedded PostgreSQL (PGlite) in memory, gone at close (tests). */
  memory?: boolean;
}

/** An open database: the Prisma client plus the few operations around it. */
export interface Database {
  prisma: PrismaClient;
  kind: DatabaseKind;
  /**
   * Applies pending migrations (see platform/db/migrate.ts). Call it once at
   * start, before serving: on PGlite the migrator shares the single connection.
   */
  migrate(options?: Pick<ApplyMigrationsOptions, 'log'>): Promise<void>;
  /** Closes the client and the pool, or releases the PGlite instance. */
  close(): Promise<void>;
  /** Resolves when the database answers a query through Prisma; rejects otherwise (health checks). */
  ping(): Promise<void>;
  /**
   * Runs one parameterised SQL statement straight on the driver (the `pg` pool
   * or PGlite), without Prisma's query layer: for hot read paths where one
   * hand-written statement replaces several Prisma queries (api/jobs/job-reads.ts).
   * Parameters are `$1`, `$2`, …; timestamptz columns come back as Dates, json
   * and jsonb parsed. On PostgreSQL each distinct text becomes a named prepared
   * statement per connection (parsed and planned once). Never build `text` from
   * request input: the set of texts must stay small and fixed.
   */
  query<Row>(text: string, params: readonly unknown[]): Promise<Row[]>;
}

/**
 * Opens the database the options point at. No migration is applied: call
 * `migrate()`. A PGlite data directory is opened once per process and shared
 * by every caller that names it (one embedded Postgres per files); it closes
 * when the last of them closes. Each `memory: true` call gets a new, empty
 * database. Never open one data directory from two processes at once.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.url !== undefined && options.url !== '') return openPostgres(options.url);
  if (options.memory === true) return openPGlite(undefined);
  if (options.dataDir !== undefined && options.dataDir !== '') return openPGlite(path.resolve(options.dataDir));
  throw new Error('openDatabase needs one of url (postgres://…), memory: true or dataDir (found none)');
}

function openPostgres(url: string): Database {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new Error(`Database url must start with postgres:// or postgresql:// (found "${url.split(':')[0]}:…")`);
  }
  const pool = new Pool({ connectionString: url });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', (error) => console.error(`database pool: ${error.message}`));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    kind: 'postgres',
    async migrate(migrateOptions) {
      const client = await pool.connect();
      try {
        await applyMigrations(pgExecutor(client), { log: migrateOptions?.log });
      } finally {
        client.release();
      }
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
    ping: () => pingThrough(prisma),
    async query<Row>(text: string, params: readonly unknown[]) {
      return (await pool.query({ name: statementName(text), text, values: params as unknown[] })).rows as Row[];
    },
  };
}

const statementNames = new Map<string, string>();

/** A stable prepared-statement name for a statement text (`q_` + 24 hex digits of its SHA-256). */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `q_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

interface SharedPGlite {
  instance: Promise<PGlite>;
  users: number;
}

// One PGlite per data directory per process.
const openDirectories = new Map<string, SharedPGlite>();

async function openPGlite(directory: string | undefined): Promise<Database> {
  const pglite = await acquirePGlite(directory);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  let closed = false;
  return {
    prisma,
    kind: 'pglite',
    async migrate(migrateOptions) {
      await applyMigrations(pglite, { log: migrateOptions?.log });
    },
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await releasePGlite(directory, pglite);
    },
    ping: () => pingThrough(prisma),
    async query<Row>(text: string, params: readonly unknown[]) {
      return (await pglite.query<Row>(text, params as unknown[])).rows;
    },
  };
}

type DataDirDump = Awaited<ReturnType<PGlite['dumpDataDir']>>;

// A freshly initialised cluster, dumped once per process: loading it (~0.35 s)
// is several times faster than running initdb again (~1.6-2.8 s) for each memory database.
let emptyCluster: Promise<DataDirDump> | undefined;

async function createMemoryPGlite(): Promise<PGlite> {
  if (!emptyCluster) {
    emptyCluster = dumpEmptyCluster();
    emptyCluster.catch(() => {
      emptyCluster = undefined; // let the next caller try again
    });
  }
  return PGlite.create({ loadDataDir: await emptyCluster });
}

async function dumpEmptyCluster(): Promise<DataDirDump> {
  const seed = await PGlite.create();
  try {
    return await seed.dumpDataDir('none');
  } finally {
    await seed.close();
  }
}

async function acquirePGlite(directory: string | undefined): Promise<PGlite> {
  if (directory === undefined) return createMemoryPGlite();
  let shared = openDirectories.get(directory);
  if (!shared) {
    const dataDir = path.join(directory, 'pglite');
    mkdirSync(dataDir, { recursive: true });
    shared = { instance: PGlite.create(dataDir), users: 0 };
    openDirectories.set(directory, shared);
    shared.instance.catch(() => openDirectories.delete(directory));
  }
  shared.users += 1;
  return shared.instance;
}

async function releasePGlite(directory: string | undefined, pglite: PGlite): Promise<void> {
  const shared = directory === undefined ? undefined : openDirectories.get(directory);
  if (shared) {
    shared.users -= 1;
    if (shared.users > 0) return;
    openDirectories.delete(directory as string);
  }
  await pglite.close();
}

async function pingThrough(prisma: PrismaClient): Promise<void> {
  await prisma.$queryRawUnsafe('SELECT 1');
}
