/**
 * What bench/capacity.bench.ts reads before and after its jobs: CPU time of
 * processes from /proc (Linux), the database's rows and bytes per table, and
 * the bytes of a folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../platform/db/database';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on every Linux this runs on). */
const TICKS = 100;

function statFields(pid: number): string[] | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), starting at field 3 (state).
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** utime + stime of a process (all its threads), plus cutime + cstime of its children already reaped, in seconds. */
export function processCpuSeconds(pid: number): number {
  const f = statFields(pid);
  if (!f) return 0;
  // After the name: state(3) ppid(4) … utime(14) stime(15) cutime(16) cstime(17) → indexes 11..14.
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICKS;
}

/** `pid` and every live descendant of it. */
export function processTree(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(Number(entry));
    if (!f) continue;
    const ppid = Number(f[1]);
    parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
  }
  const tree: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.shift()!;
    tree.push(next);
    queue.push(...(parents.get(next) ?? []));
  }
  return tree;
}

/** CPU seconds of a process tree (live members, and what exited children left in their parents' cutime). */
export function treeCpuSeconds(pid: number): number {
  return processTree(pid).reduce((sum, member) => sum + processCpuSeconds(member), 0);
}

/** Resident memory of a process tree in MB. */
export function treeRssMb(pid: number): number {
  let kb = 0;
  for (const member of processTree(pid)) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${member}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return kb / 1024;
}

/** The PostgreSQL server's postmaster pid, from postmaster.pid in its data directory. */
export async function postmasterPid(db: Database): Promise<number> {
  const [row] = await db.prisma.$queryRawUnsafe<Array<{ data_directory: string }>>('SHOW data_directory');
  return Number(fs.readFileSync(path.join(row!.data_directory, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

export interface DatabaseFigures {
  /** Live rows per table (exact counts). */
  rows: Record<string, number>;
  /** pg_total_relation_size per table (heap, indexes, TOAST). */
  bytes: Record<string, number>;
  /** pg_database_size of the whole database. */
  databaseBytes: number;
  /** The server's write-ahead log position (all databases of the server). */
  walLsn: string;
}

/** Bytes of write-ahead log written between two positions. */
export async function walBytesBetween(db: Database, from: string, to: string): Promise<number> {
  const [row] = await db.prisma.$queryRawUnsafe<Array<{ bytes: string }>>('SELECT pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn)::text AS bytes', to, from);
  return Number(row!.bytes);
}

/** Exact row counts and on-disk sizes of every table in the public schema. */
export async function databaseFigures(db: Database): Promise<DatabaseFigures> {
  const tables = await db.prisma.$queryRawUnsafe<Array<{ name: string; bytes: bigint }>>(
    `SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`,
  );
  const rows: Record<string, number> = {};
  const bytes: Record<string, number> = {};
  for (const table of tables) {
    const [count] = await db.prisma.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT count(*) AS n FROM "${table.name}"`);
    rows[table.name] = Number(count!.n);
    bytes[table.name] = Number(table.bytes);
  }
  const [size] = await db.prisma.$queryRawUnsafe<Array<{ bytes: bigint }>>('SELECT pg_database_size(current_database()) AS bytes');
  const [wal] = await db.prisma.$queryRawUnsafe<Array<{ lsn: string }>>('SELECT pg_current_wal_lsn()::text AS lsn');
  return { rows, bytes, databaseBytes: Number(size!.bytes), walLsn: wal!.lsn };
}

/** Files and bytes below `dir` (0 when it does not exist). */
export function folderBytes(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        files += 1;
        bytes += fs.statSync(full).size;
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return { files, bytes };
}

/** The 1-minute load average (os.loadavg()[0] without importing os twice). */
export function loadAverage(): string {
  return fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}
