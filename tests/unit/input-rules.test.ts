import Ajv from 'ajv';
import {
  INT4_MAX, INT4_MIN, STORABLE_TEXT_PATTERN, integerRangeProblem, unstorableReason, unstorableTextFields, withStorableBounds,
} from '../../api/http/input-rules';

describe('withStorableBounds', () => {
  test('an integer without bounds gets the int4 range', () => {
    expect(withStorableBounds({ type: 'integer' })).toEqual({ type: 'integer', minimum: INT4_MIN, maximum: INT4_MAX });
  });

  test('explicit bounds inside the range are kept and bounds outside it are narrowed', () => {
    expect(withStorableBounds({ type: 'integer', minimum: 1, maximum: 200 })).toEqual({ type: 'integer', minimum: 1, maximum: 200 });
    expect(withStorableBounds({ type: 'integer', minimum: -1e12, maximum: 1e12 })).toEqual({ type: 'integer', minimum: INT4_MIN, maximum: INT4_MAX });
  });

  test('exclusive bounds inside the range are kept without adding inclusive ones', () => {
    expect(withStorableBounds({ type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 10 })).toEqual({ type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 10 });
  });

  test('an int64 integer gets the safe-integer range', () => {
    expect(withStorableBounds({ type: 'integer', format: 'int64' })).toEqual({
      type: 'integer', format: 'int64', minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER,
    });
  });

  test('a nullable integer (type list) is bounded too', () => {
    expect(withStorableBounds({ type: ['integer', 'null'] })).toEqual({ type: ['integer', 'null'], minimum: INT4_MIN, maximum: INT4_MAX });
  });

  test('a free string gets the storable-text pattern; enum, const and own patterns are left as they are', () => {
    expect(withStorableBounds({ type: 'string', maxLength: 5 })).toEqual({ type: 'string', maxLength: 5, pattern: STORABLE_TEXT_PATTERN });
    expect(withStorableBounds({ type: 'string', format: 'uri' })).toEqual({ type: 'string', format: 'uri', pattern: STORABLE_TEXT_PATTERN });
    expect(withStorableBounds({ type: 'string', enum: ['a', 'b'] })).toEqual({ type: 'string', enum: ['a', 'b'] });
    expect(withStorableBounds({ type: 'string', const: 'a' })).toEqual({ type: 'string', const: 'a' });
    expect(withStorableBounds({ type: 'string', pattern: '^[a-z]+$' })).toEqual({ type: 'string', pattern: '^[a-z]+$' });
  });

  test('nested schemas are walked: properties, items, additionalProperties, combinators and $defs', () => {
    const schema = {
      type: 'object',
      properties: { version: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } },
      additionalProperties: { type: 'integer' },
      anyOf: [{ properties: { n: { type: 'integer', minimum: 0 } } }],
      $defs: { name: { type: 'string' } },
    };
    expect(withStorableBounds(schema)).toEqual({
      type: 'object',
      properties: {
        version: { type: 'integer', minimum: INT4_MIN, maximum: INT4_MAX },
        tags: { type: 'array', items: { type: 'string', pattern: STORABLE_TEXT_PATTERN } },
      },
      additionalProperties: { type: 'integer', minimum: INT4_MIN, maximum: INT4_MAX },
      anyOf: [{ properties: { n: { type: 'integer', minimum: 0, maximum: INT4_MAX } } }],
      $defs: { name: { type: 'string', pattern: STORABLE_TEXT_PATTERN } },
    });
  });

  test('schemas under not are left alone (a bound there would invert)', () => {
    expect(withStorableBounds({ not: { type: 'integer' } })).toEqual({ not: { type: 'integer' } });
  });

  test('the input schema is not modified', () => {
    const schema = { type: 'object', properties: { n: { type: 'integer' } } };
    withStorableBounds(schema);
    expect(schema).toEqual({ type: 'object', properties: { n: { type: 'integer' } } });
  });

  test('ajv refuses NUL with the pattern and accepts other text, including astral characters', () => {
    const validate = new Ajv().compile(withStorableBounds({ type: 'string' }));
    expect(validate('店铺装修 🎨 tab\there')).toBe(true);
    expect(validate('a\u0000b')).toBe(false);
  });
});

describe('unstorable text', () => {
  test('reasons name the character and its index', () => {
    expect(unstorableReason('ok')).toBeUndefined();
    expect(unstorableReason('🎨')).toBeUndefined();
    expect(unstorableReason('ab\u0000')).toBe('contains a NUL character (U+0000) at index 2');
    expect(unstorableReason('x\uDBFF')).toBe('contains an unpaired UTF-16 surrogate (U+DBFF) at index 1');
  });

  test('every string at any depth is checked, property names too, each named by its path', () => {
    expect(unstorableTextFields({ a: ['ok', 'b\u0000'], n: 5, nested: { 'k\u0000': 'v', deep: { s: '\uDC00' } } }, 'body')).toEqual([
      { path: 'body/a/1', message: 'contains a NUL character (U+0000) at index 1', code: 'text-not-storable' },
      { path: 'body/nested/k\uFFFD', message: 'property name contains a NUL character (U+0000) at index 1', code: 'text-not-storable' },
      { path: 'body/nested/deep/s', message: 'contains an unpaired UTF-16 surrogate (U+DC00) at index 0', code: 'text-not-storable' },
    ]);
    expect(unstorableTextFields(null, 'body')).toEqual([]);
  });
});

describe('integerRangeProblem', () => {
  const validate = new Ajv({ allErrors: true }).compile(withStorableBounds({ type: 'object', properties: { a: { type: 'integer', minimum: 1 }, b: { type: 'string' } } }));

  test('only database-range errors become 422 integer-out-of-range, naming each path', () => {
    expect(validate({ a: 243685256211 })).toBe(false);
    const problem = integerRangeProblem(validate.errors, 'body');
    expect(problem).toMatchObject({ status: 422, code: 'integer-out-of-range' });
    expect(problem?.errors).toEqual([{ path: 'body/a', message: `must be <= ${INT4_MAX}`, code: 'integer-out-of-range' }]);
  });

  test('other errors, alone or mixed with range errors, stay ordinary validation errors', () => {
    expect(validate({ a: 0 })).toBe(false);
    expect(integerRangeProblem(validate.errors, 'body')).toBeUndefined();
    expect(validate({ a: 243685256211, b: 5 })).toBe(false);
    expect(integerRangeProblem(validate.errors, 'body')).toBeUndefined();
  });
});
