/**
 * A bulk start: the dry run (every row resolved and checked as a job start
 * would check it, nothing written) and the real run (the rows started one by
 * one in the background, progress and per-row results kept on a BulkStartRun
 * row the UI polls). Idempotent by job code: a row whose code a job has
 * already is `skipped-existing`, never a second job — the Job.code unique index
 * decides between concurrent uploads of one sheet (api/jobs/job-start.ts).
 */
import type { AppDeps } from '../deps';
import type { AuthUser } from '../auth/auth-user';
import type { Prisma } from '../../platform/db/prisma-types';
import { audit } from '../../platform/audit/audit-log';
import { createJobStarter } from './job-start';
import { createRowResolver, isRefusal, problemsOfRefusal, type ResolvedRow, type RowProblem } from './bulk-rows';
import type { SheetRow } from './bulk-sheet';
import { ZIP_REF, storeZipEntries, type ReferenceZip } from './bulk-references';

export type DryRowStatus = 'ready' | 'existing' | 'invalid';
export type RunRowStatus = 'started' | 'skipped-existing' | 'failed';

export interface DryRunReport {
  dryRun: true;
  fileName: string;
  summary: { rows: number; ready: number; existing: number; invalid: number };
  rows: Array<{ row: number; code: string; status: DryRowStatus; jobId?: string }>;
  problems: RowProblem[];
}

export interface RunRowResult {
  row: number;
  code: string;
  status: RunRowStatus;
  jobId?: string;
  problems?: RowProblem[];
}

/** Rows checked or started at once: the work is round trips to the database and the engine, not CPU. */
const ROWS_AT_ONCE = 4;

/** `fn` over `items`, at most `limit` at a time; results in the order of `items`. `onEach` runs as each finishes. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>, onEach?: (result: R, index: number) => Promise<void>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      out[index] = await fn(items[index]!);
      await onEach?.(out[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** A run that has not written progress for this long while `running` was cut off (the API process stopped). */
export const RUN_STALE_MS = 60_000;

export function createBulkStart(deps: AppDeps) {
  const prisma = deps.db.prisma;
  const starter = createJobStarter(deps);

  async function resolveAll(user: AuthUser, rows: SheetRow[], zip?: ReferenceZip): Promise<ResolvedRow[]> {
    const resolver = createRowResolver(prisma, user, new Set(zip?.keys() ?? []));
    const seen = new Map<string, number>();
    const out: ResolvedRow[] = [];
    for (const row of rows) out.push(await resolver.resolve(row, seen));
    return out;
  }

  const jobIdOf = async (code: string) => (await prisma.job.findUnique({ where: { code }, select: { id: true } }))?.id;

  async function dryRun(user: AuthUser, fileName: string, rows: SheetRow[], zip?: ReferenceZip): Promise<DryRunReport> {
    const report: DryRunReport = { dryRun: true, fileName, summary: { rows: rows.length, ready: 0, existing: 0, invalid: 0 }, rows: [], problems: [] };
    const checked = await mapLimit(await resolveAll(user, rows, zip), ROWS_AT_ONCE, async (resolved) => {
      let status: DryRowStatus = 'ready';
      let jobId: string | undefined;
      let problems = resolved.problems;
      if (resolved.body) {
        try {
          await starter.check(resolved.body, user, { pendingFile: (id) => id.startsWith(ZIP_REF) });
        } catch (error) {
          if (!isRefusal(error)) throw error;
          if (error.code === 'job-code-taken') jobId = await jobIdOf(resolved.code);
          else problems = problemsOfRefusal(resolved.row, error);
        }
      } else if (resolved.code && !problems.some((p) => p.column === 'code')) {
        jobId = await jobIdOf(resolved.code);
      }
      if (jobId) status = 'existing';
      else if (problems.length > 0) status = 'invalid';
      return { resolved, status, jobId, problems };
    });
    for (const { resolved, status, jobId, problems } of checked) {
      report.summary[status] += 1;
      report.rows.push({ row: resolved.row, code: resolved.code, status, ...(jobId ? { jobId } : {}) });
      if (status === 'invalid') report.problems.push(...problems);
    }
    return report;
  }

  async function startRow(user: AuthUser, resolved: ResolvedRow): Promise<RunRowResult> {
    const base = { row: resolved.row, code: resolved.code };
    const existing = resolved.code && !resolved.problems.some((p) => p.column === 'code') ? await jobIdOf(resolved.code) : undefined;
    if (existing) return { ...base, status: 'skipped-existing', jobId: existing };
    if (!resolved.body) return { ...base, status: 'failed', problems: resolved.problems };
    try {
      const started = await starter.start(resolved.body, user);
      return { ...base, status: 'started', jobId: started.id };
    } catch (error) {
      if (isRefusal(error) && error.code === 'job-code-taken') return { ...base, status: 'skipped-existing', jobId: await jobIdOf(resolved.code) };
      if (isRefusal(error)) return { ...base, status: 'failed', problems: problemsOfRefusal(resolved.row, error) };
      const message = error instanceof Error ? error.message : String(error);
      return { ...base, status: 'failed', problems: [{ row: resolved.row, column: '', code: 'start-failed', message }] };
    }
  }

  /**
   * Resolves the rows and stores the zip entries they name, then creates the run and starts its rows in the
   * background; answers the run as created (the UI polls it).
   */
  async function run(user: AuthUser, fileName: string, rows: SheetRow[], zip?: ReferenceZip, maxFileBytes = Number.MAX_SAFE_INTEGER) {
    const resolvedRows = await resolveAll(user, rows, zip);
    // Entries only rows that will start name: a sheet uploaded again stores nothing a second time.
    const codes = resolvedRows.filter((r) => r.body).map((r) => r.code);
    const existing = new Set((await prisma.job.findMany({ where: { code: { in: codes } }, select: { code: true } })).map((j) => j.code));
    const named = [...new Set(resolvedRows.filter((r) => !existing.has(r.code)).flatMap((r) => Object.values(r.body?.references ?? {})).filter((id) => id.startsWith(ZIP_REF)).map((id) => id.slice(ZIP_REF.length)))];
    if (zip && named.length > 0) {
      const ids = await storeZipEntries(deps, user, zip, named, maxFileBytes);
      for (const r of resolvedRows) {
        const refs = r.body?.references;
        if (refs) for (const [deliverable, id] of Object.entries(refs)) if (id.startsWith(ZIP_REF)) refs[deliverable] = ids.get(id.slice(ZIP_REF.length))!;
      }
    }
    const created = await prisma.bulkStartRun.create({ data: { orgId: user.orgId, startedById: user.id, fileName, total: rows.length } });
    await audit(prisma, { type: 'jobs.bulk_started', actorId: user.id, actorLabel: user.email, data: { runId: created.id, fileName, rows: rows.length } });
    void (async () => {
      const results: RunRowResult[] = [];
      let writing = Promise.resolve();
      // Progress is written after each row, one write at a time (rows in sheet order).
      const progress = (result: RunRowResult) => {
        results.push(result);
        const snapshot = [...results].sort((a, b) => a.row - b.row);
        writing = writing.then(async () => {
          await prisma.bulkStartRun.update({ where: { id: created.id }, data: { done: snapshot.length, results: snapshot as unknown as Prisma.InputJsonValue } });
        });
        return writing;
      };
      try {
        await mapLimit(resolvedRows, ROWS_AT_ONCE, (resolved) => startRow(user, resolved), progress);
        await writing;
        await prisma.bulkStartRun.update({ where: { id: created.id }, data: { status: 'done' } });
      } catch (error) {
        // The database went away mid-run (or the app is closing): the run stays `running`, then reads as interrupted.
        console.error(`bulk start run ${created.id} stopped:`, error);
      }
    })();
    return created;
  }

  return { dryRun, run };
}

type RunRow = { id: string; fileName: string; status: string; total: number; done: number; results: unknown; createdAt: Date; updatedAt: Date };

/** The run as the API answers it: counts per status and the rows done so far. */
export function bulkRunDto(run: RunRow, now = Date.now()) {
  const rows = (run.results ?? []) as RunRowResult[];
  const status = run.status === 'running' && now - run.updatedAt.getTime() > RUN_STALE_MS ? 'interrupted' : run.status;
  const count = (s: RunRowStatus) => rows.filter((r) => r.status === s).length;
  return {
    id: run.id, fileName: run.fileName, status, total: run.total, done: run.done,
    summary: { started: count('started'), skipped: count('skipped-existing'), failed: count('failed') },
    rows, createdAt: run.createdAt.toISOString(),
  };
}
