/**
 * Moves the product's rows between databases of the same schema with
 * PostgreSQL's COPY (text format): what backups, restores and the one-time
 * import of an old PGlite database share. The schema itself is never copied:
 * the target is brought to the same migration level by the migrator first
 * (platform/db/migrate.ts), so a copy is exactly the rows.
 */
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client, PoolClient } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

type PgClient = Client | PoolClient;

/** A table of the product's schema, with what a copy needs to know about it. */
export interface TableInfo {
  name: string;
  /** Tables this one references (foreign keys), which must be filled first. */
  references: string[];
}

const TABLES_SQL = `
  SELECT c.relname AS name,
         COALESCE(array_agg(DISTINCT r.relname) FILTER (WHERE r.relname IS NOT NULL AND r.relname <> c.relname), '{}') AS references
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    LEFT JOIN pg_constraint f ON f.conrelid = c.oid AND f.contype = 'f'
    LEFT JOIN pg_class r ON r.oid = f.confrelid
   WHERE c.relkind = 'r' AND c.relname <> '_prisma_migrations'
   GROUP BY c.relname`;

/** Anything that answers SQL with rows (a `pg` client, PGlite). */
export interface RowQuery {
  query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
}

/**
 * The product's tables (schema `public`, without `_prisma_migrations`) in an
 * order where every table comes after the tables it references, so rows can
 * be loaded with foreign keys checked. Throws on a reference cycle (none in
 * this schema; a new one would need deferred constraints).
 */
export async function tablesInLoadOrder(db: RowQuery): Promise<TableInfo[]> {
  const { rows } = await db.query<{ name: string; references: string[] | string }>(TABLES_SQL);
  const tables = rows.map((row) => ({ name: row.name, references: parseArray(row.references) }));
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: TableInfo[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: TableInfo, chain: string[]): void => {
    const seen = state.get(table.name);
    if (seen === 'done') return;
    if (seen === 'visiting') throw new Error(`tables reference each other in a cycle: ${[...chain, table.name].join(' → ')}`);
    state.set(table.name, 'visiting');
    for (const name of table.references) {
      const referenced = byName.get(name);
      if (referenced) visit(referenced, [...chain, table.name]);
    }
    state.set(table.name, 'done');
    ordered.push(table);
  };
  for (const table of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(table, []);
  return ordered;
}

/** PGlite hands arrays back as text ("{a,b}"), `pg` as arrays. */
function parseArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, '');
  return inner === '' ? [] : inner.split(',').map((part) => part.replace(/^"|"$/g, ''));
}

/** `"Name"`: an identifier quoted for SQL. Names come from the catalogue, never from input. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Streams one table's rows (COPY text format) from a `pg` client into `target`. */
export async function copyTableOut(client: PgClient, table: string, target: Writable): Promise<void> {
  const source = client.query(copyTo(`COPY ${quoteIdent(table)} TO STDOUT`)) as unknown as Readable;
  await pipeline(source, target);
}

/** Loads one table's rows (COPY text format) from `source` through a `pg` client. */
export async function copyTableIn(client: PgClient, table: string, source: Readable): Promise<void> {
  const sink = client.query(copyFrom(`COPY ${quoteIdent(table)} FROM STDIN`)) as unknown as Writable;
  await pipeline(source, sink);
}

/** Rows per table, for a manifest or a check after loading. */
export async function countRows(db: RowQuery, tables: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${quoteIdent(table)}`);
    counts[table] = Number(rows[0]?.n ?? 0);
  }
  return counts;
}

/**
 * After rows were loaded with their ids, moves every sequence owned by a
 * column (autoincrement ids, e.g. the audit `seq`) past the highest id, so new
 * rows do not collide with loaded ones.
 */
export async function resetSequences(db: RowQuery): Promise<void> {
  const { rows } = await db.query<{ table_name: string; column_name: string; sequence: string }>(`
    SELECT t.relname AS table_name, a.attname AS column_name, s.oid::regclass::text AS sequence
      FROM pg_class s
      JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')
      JOIN pg_class t ON t.oid = d.refobjid
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
     WHERE s.relkind = 'S'`);
  for (const row of rows) {
    await db.query(
      `SELECT setval($1::regclass, GREATEST(COALESCE((SELECT max(${quoteIdent(row.column_name)}) FROM ${quoteIdent(row.table_name)}), 0), 1), ` +
        `(SELECT max(${quoteIdent(row.column_name)}) FROM ${quoteIdent(row.table_name)}) IS NOT NULL)`,
      [row.sequence],
    );
  }
}
