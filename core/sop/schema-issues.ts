/**
 * Runs the JSON Schema (ajv, all errors) and turns each ajv error into a
 * `SopIssue` a process owner can read. Pure: the schema is compiled ahead of
 * time (schema-validator.generated.ts, `npm run gen:sop-validator`), so no code
 * is built from strings at run time — the web UI runs under a CSP without
 * 'unsafe-eval' — and nothing touches files, clock or network.
 */
import type { ErrorObject } from 'ajv';
import type { SopErrorCode } from './error-codes';
import { createIssue, friendlyField, pointerSegments } from './issue';
import {
  IDENTIFIER_PATTERN,
  MIME_PATTERN,
  SOP_CHECK_KINDS,
  SOP_NODE_TYPES,
} from './schema';
import { validate as generatedValidator } from './schema-validator.generated';
import type { SopIssue } from './validate';

/** The precompiled schema validator: returns whether `data` fits and leaves ajv's errors on `.errors`. */
interface PrecompiledValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

function schemaValidator(): PrecompiledValidator {
  return generatedValidator as PrecompiledValidator;
}

function valueAt(root: unknown, segments: readonly string[]): unknown {
  let here: unknown = root;
  for (const s of segments) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<string, unknown>)[s];
  }
  return here;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** What the issue is about: the node (if under `/nodes/i`) and the field path inside it. */
function locate(input: unknown, segments: readonly string[]): { params: Record<string, unknown>; rel: string[] } {
  if (segments[0] === 'nodes' && segments.length >= 2) {
    const index = Number(segments[1]);
    const id = valueAt(input, ['nodes', String(index), 'id']);
    const params: Record<string, unknown> = typeof id === 'string' ? { nodeId: id } : { nodeNumber: index + 1 };
    return { params, rel: segments.slice(2) };
  }
  return { params: {}, rel: [...segments] };
}

const CALENDAR_FORMS: Readonly<Record<string, [list: string, item: string]>> = {
  hours: ['hoursPair', 'time'],
  workdays: ['workdays', 'weekday'],
  holidays: ['dateList', 'date'],
  workdaysExtra: ['dateList', 'date'],
};

function calendarIssue(error: ErrorObject, segments: string[], value: unknown): SopIssue | undefined {
  const field = segments[1];
  if (segments[0] !== 'calendar' || field === undefined || segments.length > 3) return undefined;
  const forms = CALENDAR_FORMS[field];
  if (!forms) return undefined;
  const isItem = segments.length === 3 && error.keyword !== 'uniqueItems';
  const expectedForm = isItem ? forms[1] : error.keyword === 'uniqueItems' ? forms[1] : forms[0];
  return createIssue('CALENDAR_INVALID', error.instancePath, {
    field: friendlyField(segments.slice(1)),
    value,
    expectedForm,
  });
}

function specificIssue(error: ErrorObject, segments: string[], input: unknown): SopIssue | undefined {
  const value = valueAt(input, segments);
  const { params, rel } = locate(input, segments);
  const path = error.instancePath;
  if (segments.length === 1 && segments[0] === 'schemaVersion') {
    return createIssue('SCHEMA_VERSION_UNSUPPORTED', path, { value });
  }
  if (segments.length === 1 && segments[0] === 'key') return createIssue('KEY_INVALID', path, { value });
  if (segments[0] === 'nodes' && rel.length === 1 && rel[0] === 'id') {
    return createIssue('NODE_ID_INVALID', path, { ...params, value });
  }
  if (segments[0] === 'nodes' && rel.length === 1 && rel[0] === 'type') {
    return createIssue('NODE_TYPE_UNKNOWN', path, { ...params, value, allowed: [...SOP_NODE_TYPES] });
  }
  if (segments[0] === 'nodes' && rel.length === 3 && rel[0] === 'checks' && rel[2] === 'kind') {
    const at = friendlyField(rel.slice(0, 2));
    return createIssue('CHECK_KIND_UNKNOWN', path, { ...params, at, value, allowed: [...SOP_CHECK_KINDS] });
  }
  if (segments[0] === 'nodes' && rel.length === 1 && rel[0] === 'maxRounds') {
    return createIssue('MAX_ROUNDS_INVALID', path, { ...params, value });
  }
  if (segments[0] === 'nodes' && rel.length === 0 && error.keyword === 'oneOf') {
    return createIssue('WAIT_SPEC_INVALID', path, params);
  }
  if (error.keyword === 'required' || error.keyword === 'additionalProperties') return undefined;
  return calendarIssue(error, segments, value);
}

function formOfPattern(pattern: unknown): string {
  if (pattern === IDENTIFIER_PATTERN) return 'identifier';
  if (pattern === MIME_PATTERN) return 'mime';
  return 'pattern';
}

function genericIssue(error: ErrorObject, segments: string[], input: unknown): SopIssue {
  const value = valueAt(input, segments);
  const { params, rel } = locate(input, segments);
  const at = friendlyField(rel);
  const p = error.params as Record<string, unknown>;
  const base = { ...params, at };
  const code = (c: SopErrorCode, extra: Record<string, unknown>, path = error.instancePath): SopIssue =>
    createIssue(c, path, { ...base, ...extra });
  switch (error.keyword) {
    case 'required':
      return code('FIELD_REQUIRED', { field: p.missingProperty }, `${error.instancePath}/${String(p.missingProperty)}`);
    case 'additionalProperties':
      return code('FIELD_UNKNOWN', { field: p.additionalProperty }, `${error.instancePath}/${String(p.additionalProperty)}`);
    case 'type':
      return code('VALUE_TYPE_INVALID', { expectedType: p.type, actualType: jsonType(value) });
    case 'enum':
      return code('VALUE_NOT_ALLOWED', { value, allowed: p.allowedValues });
    case 'const':
      return code('VALUE_NOT_ALLOWED', { value, allowed: [p.allowedValue] });
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return code('VALUE_OUT_OF_RANGE', { value, comparison: p.comparison, limit: p.limit });
    case 'minLength':
      return code('VALUE_TOO_SHORT', { limit: p.limit, unit: p.limit === 1 ? 'character' : 'characters' });
    case 'minItems':
      return code('VALUE_TOO_SHORT', { limit: p.limit, unit: p.limit === 1 ? 'item' : 'items' });
    case 'pattern':
      return code('VALUE_FORMAT_INVALID', { value, expectedForm: formOfPattern(p.pattern), pattern: p.pattern });
    default:
      return code('SOP_SCHEMA', { keyword: error.keyword, detail: error.message ?? error.keyword });
  }
}

/** Numeric-aware comparison of JSON pointers, so `/nodes/2` sorts before `/nodes/10`. */
export function comparePaths(a: string, b: string): number {
  const sa = pointerSegments(a);
  const sb = pointerSegments(b);
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const x = sa[i]!;
    const y = sb[i]!;
    if (x === y) continue;
    const nx = /^[0-9]+$/.test(x) ? Number(x) : NaN;
    const ny = /^[0-9]+$/.test(y) ? Number(y) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return sa.length - sb.length;
}

/**
 * Schema issues of `input`, in document order (by JSON pointer; ties keep
 * ajv's order). Empty when the document has the right structure.
 */
export function schemaIssues(input: unknown): SopIssue[] {
  const validate = schemaValidator();
  if (validate(input)) return [];
  const issues: SopIssue[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    // `if` only says "the then-branch failed" (its own errors follow); the
    // branches of the wait node's oneOf are summed up by the oneOf error.
    if (error.keyword === 'if' || error.schemaPath.includes('/oneOf/')) continue;
    const segments = pointerSegments(error.instancePath);
    const issue = specificIssue(error, segments, input) ?? genericIssue(error, segments, input);
    const key = `${issue.code} ${issue.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues
    .map((issue, order) => ({ issue, order }))
    .sort((a, b) => comparePaths(a.issue.path, b.issue.path) || a.order - b.order)
    .map(({ issue }) => issue);
}
