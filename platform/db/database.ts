import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { applyMigrations, pgExecutor, type ApplyMigrationsOptions } from './migrate';
import { PrismaClient } from './prisma-types';

/** Where the database is: a PostgreSQL server (`npm start`'s embedded one, or any other). */
export interface OpenDatabaseOptions {
  /** `postgres://…` or `postgresql://…` (see {@link resolveDatabaseUrl} for the embedded server's). */
  url: string;
  /** Connections in the pool (default 10, node-postgres' own default). */
  poolSize?: number;
}

/** An open database: the Prisma client plus the few operations around it. */
export interface Database {
  prisma: PrismaClient;
  /** The connection string (for connections of their own, e.g. LISTEN). Never log it: it holds the password. */
  url: string;
  /**
   * Applies pending migrations (see platform/db/migrate.ts) on one connection
   * of the pool; concurrent callers in other processes wait for each other.
   */
  migrate(options?: Pick<ApplyMigrationsOptions, 'log'>): Promise<void>;
  /** Closes the client and the pool. */
  close(): Promise<void>;
  /** Resolves when the database answers a query through Prisma; rejects otherwise (health checks). */
  ping(): Promise<void>;
  /**
   * Runs one parameterised SQL statement straight on the `pg` pool, without
   * Prisma's query layer: for hot read paths where one hand-written statement
   * replaces several Prisma queries (api/jobs/job-reads.ts). Parameters are
   * `$1`, `$2`, …; timestamptz columns come back as Dates, json and jsonb
   * parsed. Each distinct text becomes a named prepared statement per
   * connection (parsed and planned once). Never build `text` from request
   * input: the set of texts must stay small and fixed.
   */
  query<Row>(text: string, params: readonly unknown[]): Promise<Row[]>;
}

/** Opens a pool on the PostgreSQL server at `url`. No migration is applied: call `migrate()`. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { url } = options;
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new Error(`Database url must start with postgres:// or postgresql:// (found "${url.split(':')[0]}:…")`);
  }
  const pool = new Pool({ connectionString: url, max: options.poolSize });
  // An idle client losing its server (a restart) must not crash the process; the next query reports it.
  pool.on('error', (error) => console.error(`database pool: ${error.message}`));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    url,
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
    async ping() {
      await prisma.$queryRawUnsafe('SELECT 1');
    },
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
