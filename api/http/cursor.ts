/**
 * Keyset cursors of the list routes: opaque base64url of `<instant>|<id>` (or
 * the task queue's JSON), checked strictly when they come back. A tampered
 * cursor answers 422 `cursor-invalid`, never a database error: instants must
 * be the exact ISO form this API writes (years 0001–9999, real dates — 30
 * February does not round-trip) and ids printable ASCII.
 */
import { unprocessable } from './problem';

export const badCursor = () =>
  unprocessable('cursor-invalid', 'The cursor is not one this API returned: start again without `cursor`.', [{ path: 'query/cursor', message: 'invalid' }]);

const ISO_UTC = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ID = /^[\x21-\x7e]{1,128}$/;

/** The instant a cursor names, or undefined when it is not exactly what `Date#toISOString` writes for a year 1–9999. */
export function cursorInstant(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const match = ISO_UTC.exec(value);
  if (!match || Number(match[1]) < 1) return undefined;
  const date = new Date(value);
  return !Number.isNaN(date.getTime()) && date.toISOString() === value ? date : undefined;
}

/** A row id a cursor names (printable ASCII, ≤ 128), or undefined. */
export function cursorId(value: unknown): string | undefined {
  return typeof value === 'string' && ID.test(value) ? value : undefined;
}

export const encodeInstantCursor = (at: Date, id: string): string => Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');

/** `(instant, id)` of a cursor written by encodeInstantCursor; 422 `cursor-invalid` otherwise. */
export function decodeInstantCursor(cursor: string): { at: Date; id: string } {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const instant = cursorInstant(at);
  const rowId = cursorId(id);
  if (!instant || !rowId || rest.length > 0) throw badCursor();
  return { at: instant, id: rowId };
}
