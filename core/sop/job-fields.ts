/**
 * Declared job fields (SOP-FORMAT.md, Additions): the values a job carries
 * (budget, contract number…) checked against the SOP's `fields` declaration,
 * and the projection of those values a viewer may read. Pure: no I/O, no
 * clock — used by the API, and by the designer for its forms.
 *
 * Decisions where SOP-FORMAT.md is silent:
 * - `visibleTo` names account roles (admin, owner, qa, manager, procurement,
 *   vendor); omitted means nobody beyond owner and admin. Owners and admins of
 *   the internal organisation read every declared field (they set them). A user
 *   of a vendor organisation counts as `vendor` only, whatever else they hold.
 * - A document without `fields` (SOPs published before declarations existed):
 *   its jobs' stored values are treated as restricted — readable by owner,
 *   procurement and admin only, never by vendors, QA or managers — and no new
 *   value can be given (every key is undeclared).
 * - `null` means "no value": allowed for a field that is not required (an edit
 *   with `null` removes the value).
 * - Values: text ≤ 1,000 characters, longText ≤ 10,000, number/money finite
 *   (money at most 2 decimals) within `min`/`max`, date `YYYY-MM-DD` (a real
 *   date), select one of `options`, multiSelect distinct options, checkbox a boolean.
 */
import { pointer } from './issue';
import type { JobFieldSpec, JobFieldType } from './types';
import { isCalendarDate } from './value-rules';

export { JOB_FIELD_TYPES, JOB_FIELD_VIEWER_ROLES } from './schema';
/** Roles that read the free fields of SOPs without declarations. */
export const LEGACY_FIELD_READERS = ['owner', 'procurement', 'admin'] as const;
/** Roles that read every declared field. */
export const ALL_FIELD_READERS = ['owner', 'admin'] as const;

export const TEXT_MAX = 1000;
export const LONG_TEXT_MAX = 10000;

/** Who reads job fields: account roles and whether the account belongs to a vendor organisation. */
export interface FieldViewer {
  roles: readonly string[];
  vendor: boolean;
}

/** Field value error codes (stable; the API answers them as problem codes). */
export type JobFieldErrorCode = 'field-undeclared' | 'field-invalid' | 'field-required';

export interface JobFieldIssue {
  code: JobFieldErrorCode;
  /** JSON pointer into the request body, e.g. `/fields/budget` or `/fields/tags/1`. */
  path: string;
  field: string;
  message: string;
  messages: { en: string; 'zh-CN': string };
}

export type Bilingual = { en: string; 'zh-CN': string };

/** What a value of each type must be, for messages. */
export const EXPECTED_VALUE: Readonly<Record<JobFieldType, Bilingual>> = {
  text: { en: `text of at most ${TEXT_MAX} characters`, 'zh-CN': `不超过 ${TEXT_MAX} 个字符的文本` },
  longText: { en: `text of at most ${LONG_TEXT_MAX} characters`, 'zh-CN': `不超过 ${LONG_TEXT_MAX} 个字符的文本` },
  number: { en: 'a number', 'zh-CN': '数字' },
  money: { en: 'an amount with at most 2 decimals', 'zh-CN': '最多两位小数的金额' },
  date: { en: 'a date written YYYY-MM-DD, such as 2026-10-01', 'zh-CN': '形如 2026-10-01 的日期（YYYY-MM-DD）' },
  select: { en: 'one of the options', 'zh-CN': '选项之一' },
  multiSelect: { en: 'a list of distinct options', 'zh-CN': '不重复的选项列表' },
  checkbox: { en: 'true or false', 'zh-CN': 'true 或 false' },
};

function issue(code: JobFieldErrorCode, segments: (string | number)[], field: string, messages: Bilingual): JobFieldIssue {
  return { code, path: pointer(['fields', ...segments]), field, message: messages.en, messages };
}

function undeclared(key: string, declared: readonly JobFieldSpec[]): JobFieldIssue {
  const ids = declared.map((d) => `“${d.id}”`);
  return issue('field-undeclared', [key], key, {
    en: `The SOP declares no job field “${key}”. ${ids.length ? `Declared fields: ${ids.join(', ')}.` : 'This SOP version declares no job fields.'} Declare it in the SOP (and publish) or remove it.`,
    'zh-CN': `该 SOP 没有声明任务字段“${key}”。${ids.length ? `已声明的字段：${ids.join('、')}。` : '该 SOP 版本没有声明任何任务字段。'}请先在 SOP 中声明（并发布），或删除该字段。`,
  });
}

function required(spec: JobFieldSpec): JobFieldIssue {
  return issue('field-required', [spec.id], spec.id, {
    en: `The job field “${spec.label}” (${spec.id}) is required.`,
    'zh-CN': `任务字段“${spec.label}”（${spec.id}）为必填项。`,
  });
}

function invalid(spec: JobFieldSpec, segments: (string | number)[], detail?: Bilingual): JobFieldIssue {
  const expected = EXPECTED_VALUE[spec.type];
  const options = spec.options?.length ? { en: ` (${spec.options.map((o) => `“${o}”`).join(', ')})`, 'zh-CN': `（${spec.options.map((o) => `“${o}”`).join('、')}）` } : { en: '', 'zh-CN': '' };
  return issue('field-invalid', segments, spec.id, {
    en: `The job field “${spec.label}” (${spec.id}) must be ${detail?.en ?? expected.en}${detail ? '' : options.en}.`,
    'zh-CN': `任务字段“${spec.label}”（${spec.id}）应为${detail?.['zh-CN'] ?? expected['zh-CN']}${detail ? '' : options['zh-CN']}。`,
  });
}

function rangeDetail(spec: ValueSpec, value: number): Bilingual | undefined {
  if (spec.min !== undefined && value < spec.min) return { en: `at least ${spec.min}`, 'zh-CN': `不小于 ${spec.min} 的数` };
  if (spec.max !== undefined && value > spec.max) return { en: `at most ${spec.max}`, 'zh-CN': `不大于 ${spec.max} 的数` };
  return undefined;
}

/** What a value declaration needs for its check (job fields and form questions share the value rules). */
export type ValueSpec = Pick<JobFieldSpec, 'id' | 'type' | 'options' | 'min' | 'max'>;

/** Where a value is wrong (segments under the field, e.g. `[id, 1]` for a multiSelect item) and, for a range, why. */
export interface ValueFault {
  segments: (string | number)[];
  detail?: Bilingual;
}

/** The faults of one present (non-null) value; empty when it is fine. */
export function valueFaults(spec: ValueSpec, value: unknown): ValueFault[] {
  const bad = (segments: (string | number)[] = [spec.id], detail?: Bilingual): ValueFault[] => [{ segments, ...(detail ? { detail } : {}) }];
  switch (spec.type) {
    case 'text':
    case 'longText':
      return typeof value === 'string' && value.length <= (spec.type === 'text' ? TEXT_MAX : LONG_TEXT_MAX) ? [] : bad();
    case 'number':
    case 'money': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return bad();
      if (spec.type === 'money' && Math.abs(Math.round(value * 100) - value * 100) > 1e-6) return bad();
      const range = rangeDetail(spec, value);
      return range ? bad([spec.id], range) : [];
    }
    case 'date':
      return typeof value === 'string' && isCalendarDate(value) ? [] : bad();
    case 'checkbox':
      return typeof value === 'boolean' ? [] : bad();
    case 'select':
      return typeof value === 'string' && (spec.options ?? []).includes(value) ? [] : bad();
    case 'multiSelect': {
      if (!Array.isArray(value)) return bad();
      const seen = new Set<unknown>();
      for (const [i, item] of value.entries()) {
        if (typeof item !== 'string' || !(spec.options ?? []).includes(item) || seen.has(item)) return bad([spec.id, i]);
        seen.add(item);
      }
      return [];
    }
  }
}

/** The issues of one present (non-null) value. */
function valueIssues(spec: JobFieldSpec, value: unknown): JobFieldIssue[] {
  return valueFaults(spec, value).map((f) => invalid(spec, f.segments, f.detail));
}

export interface JobFieldCheck {
  /** Values after the change, with `null`s removed: what is stored. */
  values: Record<string, unknown>;
  issues: JobFieldIssue[];
}

export const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks job field values against the SOP's declaration. `given` is what the
 * request sent (an object of field id → value or `null`); `current` (for an
 * edit) is what the job holds now: given keys replace it, `null` removes.
 * Undeclared keys (any spelling or nesting that is not a declared id), wrong
 * types and missing required fields are reported, in declaration order after
 * undeclared keys (in the order given). `declared` undefined = the document
 * declares no fields (every key is undeclared; nothing is required).
 */
export function checkJobFields(declared: readonly JobFieldSpec[] | undefined, given: unknown, current: Readonly<Record<string, unknown>> = {}): JobFieldCheck {
  const specs = declared ?? [];
  const issues: JobFieldIssue[] = [];
  if (given !== undefined && !isPlainObject(given)) {
    return { values: { ...current }, issues: [{ code: 'field-invalid', path: '/fields', field: '', message: 'The job fields must be an object of field id → value.', messages: { en: 'The job fields must be an object of field id → value.', 'zh-CN': '任务字段必须是“字段 ID → 值”的对象。' } }] };
  }
  const input = given ?? {};
  const byId = new Map(specs.map((s) => [s.id, s]));
  for (const key of Object.keys(input)) if (!byId.has(key)) issues.push(undeclared(key, specs));
  const values: Record<string, unknown> = {};
  for (const spec of specs) {
    // Own properties only: a field named like an Object method ("constructor") is not inherited from the prototype.
    const value = hasOwn(input, spec.id) ? input[spec.id] : hasOwn(current, spec.id) ? current[spec.id] : undefined;
    if (value === undefined || value === null) {
      if (spec.required) issues.push(required(spec));
      continue;
    }
    const found = valueIssues(spec, value);
    issues.push(...found);
    if (found.length === 0) values[spec.id] = value;
  }
  return { values, issues };
}

/** The problem code for a set of issues: undeclared before invalid before required. */
export function jobFieldProblemCode(issues: readonly JobFieldIssue[]): JobFieldErrorCode | undefined {
  for (const code of ['field-undeclared', 'field-invalid', 'field-required'] as const) if (issues.some((i) => i.code === code)) return code;
  return undefined;
}

/** The roles field visibility is judged by: a vendor organisation's user is `vendor` only. */
function viewerRoles(viewer: FieldViewer): readonly string[] {
  return viewer.vendor ? ['vendor'] : viewer.roles;
}

/** Whether `viewer` reads every declared field (internal owner or admin). */
export function readsAllDeclaredFields(viewer: FieldViewer): boolean {
  return viewerRoles(viewer).some((r) => (ALL_FIELD_READERS as readonly string[]).includes(r));
}

/** Whether `viewer` reads the free fields of an SOP without declarations. */
export function readsLegacyFields(viewer: FieldViewer): boolean {
  return viewerRoles(viewer).some((r) => (LEGACY_FIELD_READERS as readonly string[]).includes(r));
}

/** Whether `viewer` may read the field `spec`. */
export function mayReadField(spec: JobFieldSpec, viewer: FieldViewer): boolean {
  if (readsAllDeclaredFields(viewer)) return true;
  const roles = viewerRoles(viewer);
  return (spec.visibleTo ?? []).some((r) => roles.includes(r));
}

/** The declarations `viewer` may read (the designer's and job page's view of the SOP). */
export function visibleDeclarations(declared: readonly JobFieldSpec[], viewer: FieldViewer): JobFieldSpec[] {
  return declared.filter((spec) => mayReadField(spec, viewer));
}

/**
 * The job's field values `viewer` may read: declared fields visible to them,
 * nothing else (a stored key that is not declared is never shown, whatever its
 * name). `declared` undefined: the legacy rule (see the module comment).
 */
export function projectJobFields(declared: readonly JobFieldSpec[] | undefined, values: unknown, viewer: FieldViewer): Record<string, unknown> {
  const all = isPlainObject(values) ? values : {};
  if (declared === undefined) return readsLegacyFields(viewer) ? { ...all } : {};
  const out: Record<string, unknown> = {};
  for (const spec of declared) {
    if (hasOwn(all, spec.id) && mayReadField(spec, viewer)) out[spec.id] = all[spec.id];
  }
  return out;
}

/** The `fields` declaration of an SOP document (any JSON), or undefined when it declares none. */
export function declaredJobFields(definition: unknown): JobFieldSpec[] | undefined {
  if (!isPlainObject(definition) || !Array.isArray(definition.fields)) return undefined;
  return definition.fields as JobFieldSpec[];
}
