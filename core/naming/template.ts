/**
 * Naming templates for deliverable files (SOP-FORMAT.md, "Naming templates"):
 * literal text plus the placeholders `{job.code}`, `{job.vendor}`,
 * `{deliverable}`, `{version:N}`, `{date:YYYYMMDD}`, `{ext:png|jpg}`, `{any}`.
 * Pure: no I/O, safe in the workflow sandbox, the API and the browser.
 *
 * Decisions where the format is silent:
 * - `{{` and `}}` stand for a literal `{` and `}`.
 * - `{version:N}`: N is one digit 1–9; `{version}` without N is an error.
 * - `{date:…}`: the tokens `YYYY`, `MM`, `DD` (upper case), each at most once,
 *   in any order, joined by nothing or by `-`, `_`, `.` or a space; `DD` needs `MM`.
 * - `{ext:…}`: `|`-separated extensions of letters/digits (inner dots allowed,
 *   `tar.gz`), written without the leading dot; stored in lower case.
 * - Literal text may not contain `/`, `\` or control characters; it is NFC-normalised.
 * - Positions are 0-based UTF-16 offsets into the template string.
 */

/** Placeholders of the grammar, as written between the braces (before any `:`). */
export type NamingPlaceholder = 'job.code' | 'job.vendor' | 'deliverable' | 'version' | 'date' | 'ext' | 'any';

/** A token of a `{date:…}` pattern. */
export type DateToken = { kind: 'YYYY' } | { kind: 'MM' } | { kind: 'DD' } | { kind: 'separator'; text: string };

interface PartBase {
  /** Offset of the part's first character in the template source. */
  start: number;
  /** Offset just after the part's last character. */
  end: number;
  /** The part exactly as written in the template (e.g. `{version:2}`, `_banner_v`). */
  raw: string;
}

export interface LiteralPart extends PartBase { kind: 'literal'; text: string }
export interface ValuePart extends PartBase { kind: 'job.code' | 'job.vendor' | 'deliverable' }
export interface VersionPart extends PartBase { kind: 'version'; digits: number }
export interface DatePart extends PartBase { kind: 'date'; pattern: string; tokens: DateToken[] }
export interface ExtPart extends PartBase { kind: 'ext'; extensions: string[] }
export interface AnyPart extends PartBase { kind: 'any' }

export type NamingPart = LiteralPart | ValuePart | VersionPart | DatePart | ExtPart | AnyPart;

/** A parsed naming template: the source and its parts, left to right. */
export interface NamingTemplate {
  source: string;
  parts: NamingPart[];
}

/** Stable codes of template parse errors. */
export type NamingTemplateErrorCode =
  | 'empty-template'
  | 'unclosed-brace'
  | 'unmatched-close-brace'
  | 'empty-placeholder'
  | 'unknown-placeholder'
  | 'placeholder-argument'
  | 'version-digits'
  | 'date-pattern'
  | 'ext-list'
  | 'invalid-character';

/**
 * A template that does not parse. `position` is the 0-based UTF-16 offset in
 * the template where the problem is; match on `name === 'NamingTemplateError'`
 * across the workflow sandbox rather than on `instanceof`.
 */
export class NamingTemplateError extends Error {
  override readonly name = 'NamingTemplateError';
  constructor(
    message: string,
    readonly position: number,
    readonly code: NamingTemplateErrorCode,
    readonly template: string,
  ) {
    super(message);
    Object.setPrototypeOf(this, NamingTemplateError.prototype);
  }
}

const KNOWN =
  '{job.code}, {job.vendor}, {deliverable}, {version:N}, {date:YYYYMMDD}, {ext:png|jpg}, {any}';
const DATE_SEPARATORS = new Set(['-', '_', '.', ' ']);
const EXTENSION = /^[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Parses a naming template.
 *
 * @param template - the template text from the SOP's deliverable `naming`.
 * @returns the parts, left to right; adjacent literal text is merged.
 * @throws NamingTemplateError saying what is wrong and where (`position`, `code`).
 */
export function parseNamingTemplate(template: string): NamingTemplate {
  const fail = (message: string, position: number, code: NamingTemplateErrorCode): never => {
    throw new NamingTemplateError(`${message} (at position ${position} of "${template}")`, position, code, template);
  };
  if (typeof template !== 'string' || template.length === 0) {
    return fail('the naming template is empty', 0, 'empty-template');
  }
  const parts: NamingPart[] = [];
  let literal = '';
  let literalStart = 0;
  const flushLiteral = (end: number): void => {
    if (literal === '') return;
    parts.push({ kind: 'literal', text: literal.normalize('NFC'), start: literalStart, end, raw: template.slice(literalStart, end) });
    literal = '';
  };

  let i = 0;
  while (i < template.length) {
    const ch = template[i] as string;
    if (ch === '{' && template[i + 1] === '{') {
      if (literal === '') literalStart = i;
      literal += '{';
      i += 2;
      continue;
    }
    if (ch === '}') {
      if (template[i + 1] === '}') {
        if (literal === '') literalStart = i;
        literal += '}';
        i += 2;
        continue;
      }
      fail("'}' without a matching '{' (write '}}' for a literal brace)", i, 'unmatched-close-brace');
    }
    if (ch === '{') {
      const close = template.indexOf('}', i + 1);
      const nextOpen = template.indexOf('{', i + 1);
      if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
        fail("'{' is not closed by '}' (write '{{' for a literal brace)", i, 'unclosed-brace');
      }
      flushLiteral(i);
      parts.push(parsePlaceholder(template, i, close + 1, fail));
      i = close + 1;
      continue;
    }
    if (ch === '/' || ch === '\\') {
      fail(`literal text cannot contain '${ch}': a file name has no folders`, i, 'invalid-character');
    }
    if (CONTROL.test(ch)) fail('literal text cannot contain control characters', i, 'invalid-character');
    if (literal === '') literalStart = i;
    literal += ch;
    i += 1;
  }
  flushLiteral(template.length);
  return { source: template, parts };
}

type Fail = (message: string, position: number, code: NamingTemplateErrorCode) => never;

function parsePlaceholder(template: string, start: number, end: number, fail: Fail): NamingPart {
  const raw = template.slice(start, end);
  const inner = raw.slice(1, -1);
  const colon = inner.indexOf(':');
  const name = colon < 0 ? inner : inner.slice(0, colon);
  const arg = colon < 0 ? undefined : inner.slice(colon + 1);
  const argPos = start + 1 + colon + 1;
  const base = { start, end, raw };
  if (inner.trim() === '') fail(`empty placeholder '${raw}'; use one of ${KNOWN}`, start, 'empty-placeholder');
  switch (name) {
    case 'job.code':
    case 'job.vendor':
    case 'deliverable':
    case 'any':
      if (arg !== undefined) fail(`{${name}} takes no argument (found '${raw}')`, argPos - 1, 'placeholder-argument');
      return { kind: name, ...base };
    case 'version': {
      if (arg === undefined || !/^[1-9]$/.test(arg)) {
        fail(
          `{version:N} needs a digit count N from 1 to 9, e.g. {version:2} (found '${raw}')`,
          arg === undefined ? start : argPos,
          'version-digits',
        );
      }
      return { kind: 'version', digits: Number(arg), ...base };
    }
    case 'date': {
      if (arg === undefined || arg === '') {
        fail(`{date} needs a pattern, e.g. {date:YYYYMMDD} (found '${raw}')`, start, 'date-pattern');
      }
      return { kind: 'date', pattern: arg as string, tokens: parseDatePattern(arg as string, argPos, fail), ...base };
    }
    case 'ext': {
      if (arg === undefined || arg === '') {
        fail(`{ext} needs a list of extensions, e.g. {ext:png|jpg} (found '${raw}')`, start, 'ext-list');
      }
      return { kind: 'ext', extensions: parseExtensions(arg as string, argPos, fail), ...base };
    }
    default: {
      const hint = KNOWN_NAMES.has(name.trim()) ? ` (remove the spaces: {${inner.trim()}})` : '';
      const lower = KNOWN_NAMES.has(name.toLowerCase()) ? ` (placeholders are lower case: {${inner.toLowerCase()}})` : '';
      return fail(`unknown placeholder '${raw}'${hint || lower}; use one of ${KNOWN}`, start, 'unknown-placeholder');
    }
  }
}

const KNOWN_NAMES = new Set(['job.code', 'job.vendor', 'deliverable', 'version', 'date', 'ext', 'any']);

function parseDatePattern(pattern: string, at: number, fail: Fail): DateToken[] {
  const tokens: DateToken[] = [];
  const seen = new Set<string>();
  let i = 0;
  while (i < pattern.length) {
    const rest = pattern.slice(i);
    const token = rest.startsWith('YYYY') ? 'YYYY' : rest.startsWith('MM') ? 'MM' : rest.startsWith('DD') ? 'DD' : undefined;
    if (token) {
      if (seen.has(token)) fail(`the date pattern '${pattern}' has ${token} twice`, at + i, 'date-pattern');
      seen.add(token);
      tokens.push({ kind: token });
      i += token.length;
      continue;
    }
    const ch = pattern[i] as string;
    if (DATE_SEPARATORS.has(ch)) {
      tokens.push({ kind: 'separator', text: ch });
      i += 1;
      continue;
    }
    fail(
      `the date pattern '${pattern}' may only use YYYY, MM, DD and the separators - _ . or space (found '${ch}')`,
      at + i,
      'date-pattern',
    );
  }
  if (seen.size === 0) fail(`the date pattern '${pattern}' needs YYYY, MM or DD`, at, 'date-pattern');
  if (seen.has('DD') && !seen.has('MM')) fail(`the date pattern '${pattern}' has DD without MM`, at, 'date-pattern');
  return tokens;
}

function parseExtensions(list: string, at: number, fail: Fail): string[] {
  const out: string[] = [];
  let offset = 0;
  for (const ext of list.split('|')) {
    if (ext.startsWith('.')) fail(`write extensions without the dot (found '${ext}')`, at + offset, 'ext-list');
    if (!EXTENSION.test(ext)) {
      fail(`'${ext}' is not a file extension (letters and digits only, e.g. png)`, at + offset, 'ext-list');
    }
    const lower = ext.toLowerCase();
    if (!out.includes(lower)) out.push(lower);
    offset += ext.length + 1;
  }
  return out;
}
