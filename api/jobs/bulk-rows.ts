/**
 * Turns spreadsheet rows into job starts (the body POST /api/jobs takes):
 * the SOP by key, the vendor by organisation name or id, assignees by e-mail,
 * reference files by the name (or id) of an earlier upload, declared job
 * fields from text to their type. What cannot be resolved becomes a problem
 * naming the row and column; everything else is left to the job start's own
 * checks (api/jobs/job-start.ts), whose answers are mapped back to columns.
 */
import type { PrismaClient } from '../../platform/db/prisma-types';
import type { AuthUser } from '../auth/auth-user';
import type { ExecutionPlan } from '../../core/sop/compile';
import type { JobFieldSpec } from '../../core/sop/types';
import { declaredJobFields } from '../../core/sop/job-fields';
import { HttpProblem, unprocessable } from '../http/problem';
import type { SheetRow } from './bulk-sheet';
import type { StartJobBody } from './job-start';
import { ZIP_REF } from './bulk-references';

export interface RowProblem {
  row: number;
  /** The sheet column the problem is in (`code`, `vendor`, `assignee:qa`, `field:budget`, …). */
  column: string;
  /** Stable code: `required`, `code-invalid`, `code-duplicate`, `vendor-unknown`, `user-unknown`, `file-unknown`, or the job start's (`field-invalid`, `job-invalid`, …). */
  code: string;
  message: string;
}

export const BASE_COLUMNS = ['code', 'title', 'sop', 'version', 'vendor'] as const;
const PREFIXES = ['assignee:', 'reference:', 'field:'] as const;
const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** The header problems (unknown column names) of a sheet: 422 `sheet-column-unknown` before any row is looked at. */
export function checkColumns(columns: readonly string[]): void {
  const unknown = columns.filter((c) => !(BASE_COLUMNS as readonly string[]).includes(c) && !PREFIXES.some((p) => c.startsWith(p) && c.length > p.length));
  if (unknown.length > 0) {
    throw unprocessable(
      'sheet-column-unknown',
      `Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `"${c}"`).join(', ')}: columns are code, title, sop, version, vendor, assignee:<role>, reference:<deliverable>, field:<field id> (download the template).`,
      unknown.map((c) => ({ path: 'body/file', message: `unknown column "${c}"` })),
    );
  }
  for (const required of ['code', 'title', 'sop', 'vendor']) {
    if (!columns.includes(required)) throw unprocessable('sheet-column-missing', `The sheet has no "${required}" column (download the template).`, [{ path: 'body/file', message: `column "${required}" missing` }]);
  }
}

/** A declared field's cell text as the value the job field rules take; text that does not fit is passed on as text (the rules then answer field-invalid). */
export function fieldValue(spec: JobFieldSpec | undefined, text: string): unknown {
  if (!spec) return text;
  switch (spec.type) {
    case 'number':
    case 'money': {
      const n = Number(text.replace(/[,，\s]/g, ''));
      return text.trim() !== '' && Number.isFinite(n) ? n : text;
    }
    case 'checkbox': {
      const t = text.toLowerCase();
      if (['true', 'yes', 'y', '1', '是', '√'].includes(t)) return true;
      if (['false', 'no', 'n', '0', '否'].includes(t)) return false;
      return text;
    }
    case 'multiSelect':
      return text.split(/[;；,，、]/).map((s) => s.trim()).filter(Boolean);
    default:
      return text;
  }
}

/** The sheet column a job-start error path names (`body/assignees/qa` → `assignee:qa`, `/fields/budget` → `field:budget`). */
export function columnOfPath(path: string): string {
  const parts = path.replace(/^body\//, '').replace(/^\//, '').split('/');
  switch (parts[0]) {
    case 'sop':
    case 'version':
      return 'sop';
    case 'vendorOrgId':
      return 'vendor';
    case 'assignees':
      return `assignee:${parts[1] ?? ''}`;
    case 'references':
      return `reference:${parts[1] ?? ''}`;
    case 'fields':
      return `field:${parts[1] ?? ''}`;
    case 'code':
    case 'title':
      return parts[0];
    default:
      return parts.join('/');
  }
}

/** The row problems of a job start's refusal (422 or 409 problem). */
export function problemsOfRefusal(row: number, problem: HttpProblem): RowProblem[] {
  if (!problem.errors?.length) return [{ row, column: problem.code === 'job-code-taken' ? 'code' : '', code: problem.code, message: problem.detail ?? problem.title }];
  return problem.errors.map((e) => ({ row, column: columnOfPath(e.path), code: e.code ?? problem.code, message: e.message }));
}

export interface ResolvedRow {
  row: number;
  code: string;
  body?: StartJobBody;
  problems: RowProblem[];
}

/** Looks up what rows name, each thing once per upload. */
/** `zipNames`: the files of the upload's reference zip, named before earlier uploads are looked at. */
export function createRowResolver(prisma: PrismaClient, user: AuthUser, zipNames: ReadonlySet<string> = new Set()) {
  const versions = new Map<string, Promise<{ plan: ExecutionPlan; fields: JobFieldSpec[] } | null>>();
  const vendors = new Map<string, Promise<{ id: string } | 'ambiguous' | null>>();
  const people = new Map<string, Promise<string | null>>();
  const files = new Map<string, Promise<string | null>>();
  const once = <T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> => {
    let hit = cache.get(key);
    if (!hit) {
      hit = load();
      cache.set(key, hit);
    }
    return hit;
  };

  const versionOf = (sop: string, version?: number) =>
    once(versions, `${sop}@${version ?? 'latest'}`, async () => {
      const found = version
        ? await prisma.sopVersion.findUnique({ where: { sopKey_version: { sopKey: sop, version } } })
        : await prisma.sopVersion.findFirst({ where: { sopKey: sop }, orderBy: { version: 'desc' } });
      return found ? { plan: found.plan as unknown as ExecutionPlan, fields: declaredJobFields(found.definition) ?? [] } : null;
    });
  const vendorOf = (text: string) =>
    once(vendors, text.toLowerCase(), async () => {
      const byId = await prisma.org.findFirst({ where: { id: text, kind: 'vendor' } });
      if (byId) return { id: byId.id };
      const byName = await prisma.org.findMany({ where: { kind: 'vendor', name: { equals: text, mode: 'insensitive' } }, take: 2 });
      if (byName.length > 1) return 'ambiguous';
      return byName[0] ? { id: byName[0].id } : null;
    });
  const personOf = (email: string) => once(people, email.toLowerCase(), async () => (await prisma.user.findUnique({ where: { email: email.toLowerCase() } }))?.id ?? null);
  const fileOf = (text: string) =>
    once(files, text, async () => {
      if (zipNames.has(text)) return `${ZIP_REF}${text}`;
      const byId = await prisma.storedFile.findFirst({ where: { id: text, orgId: user.orgId } });
      if (byId) return byId.id;
      const byName = await prisma.storedFile.findFirst({ where: { originalName: text, orgId: user.orgId }, orderBy: { createdAt: 'desc' } });
      return byName?.id ?? null;
    });

  /** One row as a job start, or the problems that keep it from being one. `seenCodes`: codes of earlier rows of the sheet. */
  async function resolve(sheetRow: SheetRow, seenCodes: Map<string, number>): Promise<ResolvedRow> {
    const { row, cells } = sheetRow;
    const problems: RowProblem[] = [];
    const problem = (column: string, code: string, message: string) => problems.push({ row, column, code, message });
    const code = cells.code ?? '';
    if (!code) problem('code', 'required', 'The job code is empty.');
    else if (!CODE_PATTERN.test(code)) problem('code', 'code-invalid', 'A job code is 1–64 letters, digits, "_", "." or "-", starting with a letter or digit.');
    else if (seenCodes.has(code)) problem('code', 'code-duplicate', `Row ${seenCodes.get(code)} has the same code; each row starts its own job.`);
    else seenCodes.set(code, row);
    const title = cells.title ?? '';
    if (!title) problem('title', 'required', 'The title is empty.');
    else if (title.length > 300) problem('title', 'too-long', 'The title is longer than 300 characters.');
    const sop = cells.sop ?? '';
    const versionText = cells.version ?? '';
    const version = versionText ? Number(versionText) : undefined;
    if (version !== undefined && !(Number.isInteger(version) && version >= 1)) problem('version', 'version-invalid', 'The version is a whole number from 1, or empty for the latest.');
    const published = sop ? await versionOf(sop, version) : null;
    if (!sop) problem('sop', 'required', 'The SOP key is empty.');
    else if (!published) problem('sop', 'sop-not-published', `SOP "${sop}"${version ? ` version ${version}` : ''} is not published.`);
    const vendorText = cells.vendor ?? '';
    const vendor = vendorText ? await vendorOf(vendorText) : null;
    if (!vendorText) problem('vendor', 'required', 'The vendor is empty.');
    else if (vendor === 'ambiguous') problem('vendor', 'vendor-ambiguous', `Several vendor organisations are named "${vendorText}": give the organisation id.`);
    else if (!vendor) problem('vendor', 'vendor-unknown', `No vendor organisation is named "${vendorText}".`);

    const assignees: Record<string, string> = {};
    const references: Record<string, string> = {};
    const fields: Record<string, unknown> = {};
    for (const [column, text] of Object.entries(cells)) {
      if (!text) continue;
      if (column.startsWith('assignee:')) {
        const id = await personOf(text);
        if (id) assignees[column.slice('assignee:'.length)] = id;
        else problem(column, 'user-unknown', `No account has the e-mail "${text}".`);
      } else if (column.startsWith('reference:')) {
        const id = await fileOf(text);
        if (id) references[column.slice('reference:'.length)] = id;
        else problem(column, 'file-unknown', `No file named "${text}" is in the reference zip or was uploaded before (the page's reference files, or POST /api/files).`);
      } else if (column.startsWith('field:')) {
        const id = column.slice('field:'.length);
        fields[id] = fieldValue(published?.fields.find((f) => f.id === id), text);
      }
    }
    if (problems.length > 0 || !published || !vendor || vendor === 'ambiguous') return { row, code, problems };
    const body: StartJobBody = { sop, ...(version ? { version } : {}), code, title, vendorOrgId: vendor.id, assignees, references, fields };
    return { row, code, body, problems };
  }

  return { resolve };
}

export const isRefusal = (error: unknown): error is HttpProblem => error instanceof HttpProblem && (error.status === 409 || error.status === 422);
