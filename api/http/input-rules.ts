/**
 * The edge input rule: every request value must be storable as it is.
 *
 * - Text: PostgreSQL `text` refuses NUL (U+0000) and `jsonb` refuses `\u0000`;
 *   an unpaired UTF-16 surrogate has no UTF-8 form (Node would silently store
 *   U+FFFD). Every request string (path parameters, query, JSON body at any
 *   depth including property names, multipart field values, the headers the
 *   API reads) holding one is refused with 422 `text-not-storable`.
 * - Integers: a `type: integer` schema without explicit bounds gets the int4
 *   column range (`format: int64` gets the safe-integer range); values
 *   outside answer 422 `integer-out-of-range`.
 *
 * {@link withStorableBounds} applies both to the route schemas once, at
 * install time, so ajv validates them and the OpenAPI document shows them
 * (strings as the pattern {@link STORABLE_TEXT_PATTERN}).
 */
import type { ErrorObject } from 'ajv';
import { unprocessable, type HttpProblem, type ProblemField } from './problem';
import type { JsonSchema } from './route';

export const INT4_MIN = -2147483648;
export const INT4_MAX = 2147483647;
/**
 * The schema form of the rule: no NUL. Unpaired surrogates are refused by the
 * runtime check only: regex engines of schema tools (Rust's, Python's) cannot
 * name them, and a tool that drops the pattern would generate anything.
 */
export const STORABLE_TEXT_PATTERN = '^[^\\u0000]*$';
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u;

/** Why a string cannot be stored, or undefined when it can. */
export function unstorableReason(text: string): string | undefined {
  const match = UNSTORABLE.exec(text);
  if (!match) return undefined;
  const at = match.index;
  return match[0] === '\u0000'
    ? `contains a NUL character (U+0000) at index ${at}`
    : `contains an unpaired UTF-16 surrogate (U+${match[0].charCodeAt(0).toString(16).toUpperCase()}) at index ${at}`;
}

/** Every unstorable string in a request value (strings, array items, object keys and values at any depth). */
export function unstorableTextFields(value: unknown, path: string, out: ProblemField[] = []): ProblemField[] {
  if (typeof value === 'string') {
    const reason = unstorableReason(value);
    if (reason) out.push({ path, message: reason, code: 'text-not-storable' });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => unstorableTextFields(item, `${path}/${i}`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      // An unstorable key is named with U+FFFD in place of each bad character (the answer itself must be storable JSON).
      const named = `${path}/${key.replace(/[\u0000\uD800-\uDFFF]/gu, '\uFFFD')}`;
      const reason = unstorableReason(key);
      if (reason) out.push({ path: named, message: `property name ${reason}`, code: 'text-not-storable' });
      unstorableTextFields(item, named, out);
    }
  }
  return out;
}

export const textNotStorable = (errors: ProblemField[]): HttpProblem =>
  unprocessable('text-not-storable', 'Text may not contain NUL (U+0000) characters or unpaired UTF-16 surrogates; remove them and send the request again.', errors);

/** Throws 422 `text-not-storable` when any string in `value` cannot be stored. */
export function assertStorableText(value: unknown, path: string): void {
  const errors = unstorableTextFields(value, path);
  if (errors.length > 0) throw textNotStorable(errors);
}

const typesOf = (schema: JsonSchema): string[] => {
  const t = schema.type;
  return typeof t === 'string' ? [t] : Array.isArray(t) ? (t as string[]) : [];
};

function integerBounds(schema: JsonSchema): [number, number] {
  return schema.format === 'int64' ? [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] : [INT4_MIN, INT4_MAX];
}

/** Subschema keywords that hold one schema, a list of schemas, or a map of schemas. `not` is left alone: a bound under it would invert. */
const ONE = ['items', 'additionalProperties', 'contains', 'propertyNames', 'if', 'then', 'else', 'unevaluatedItems', 'unevaluatedProperties'];
const LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const MAP = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];

/**
 * A copy of `schema` where every integer has database bounds and every free
 * string the storable-text pattern. Explicit bounds are kept when they are
 * inside the range and narrowed when they are not; strings with `enum`,
 * `const` or their own `pattern` keep them (the runtime text rule covers them
 * anyway). The input is not modified.
 */
export function withStorableBounds(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  const types = typesOf(schema);
  if (types.includes('integer')) {
    const [min, max] = integerBounds(schema);
    if (typeof out.exclusiveMinimum !== 'number' || out.exclusiveMinimum < min) {
      out.minimum = typeof out.minimum === 'number' ? Math.max(out.minimum, min) : min;
      if (typeof out.exclusiveMinimum === 'number') delete out.exclusiveMinimum;
    }
    if (typeof out.exclusiveMaximum !== 'number' || out.exclusiveMaximum > max) {
      out.maximum = typeof out.maximum === 'number' ? Math.min(out.maximum, max) : max;
      if (typeof out.exclusiveMaximum === 'number') delete out.exclusiveMaximum;
    }
  }
  if (types.includes('string') && out.enum === undefined && out.const === undefined && out.pattern === undefined) {
    out.pattern = STORABLE_TEXT_PATTERN;
  }
  for (const key of ONE) {
    const sub = out[key];
    if (sub && typeof sub === 'object' && !Array.isArray(sub)) out[key] = withStorableBounds(sub as JsonSchema);
    else if (key === 'items' && Array.isArray(sub)) out[key] = (sub as JsonSchema[]).map(withStorableBounds);
  }
  for (const key of LIST) {
    const sub = out[key];
    if (Array.isArray(sub)) out[key] = (sub as JsonSchema[]).map(withStorableBounds);
  }
  for (const key of MAP) {
    const sub = out[key];
    if (sub && typeof sub === 'object') {
      out[key] = Object.fromEntries(Object.entries(sub as Record<string, JsonSchema>).map(([name, s]) => [name, s && typeof s === 'object' ? withStorableBounds(s) : s]));
    }
  }
  return out;
}

/** True for an ajv error that only says an integer is outside the database range added by {@link withStorableBounds}. */
function isStorageRangeError(e: ErrorObject): boolean {
  if (e.keyword !== 'maximum' && e.keyword !== 'minimum') return false;
  const limit = (e.params as { limit?: unknown }).limit;
  return limit === INT4_MAX || limit === INT4_MIN || limit === Number.MAX_SAFE_INTEGER || limit === Number.MIN_SAFE_INTEGER;
}

/** When every validation error is a database-range error: the 422 `integer-out-of-range` problem naming each path. */
export function integerRangeProblem(errors: ErrorObject[] | null | undefined, root: string): HttpProblem | undefined {
  if (!errors || errors.length === 0 || !errors.every(isStorageRangeError)) return undefined;
  return unprocessable(
    'integer-out-of-range',
    'An integer is outside the range the database stores; errors[] names each value and its limit.',
    errors.map((e) => ({ path: `${root}${e.instancePath}`, message: e.message ?? 'is out of range', code: 'integer-out-of-range' })),
  );
}
