/**
 * The opaque keyset cursor of `GET /api/me/tasks`: base64url of the JSON
 * `[overdue 0|1, deadline ISO-8601 | null, item id]` of the last item of a page.
 * The next page starts strictly after (deadline, id); the overdue flag is
 * implied by the order (overdue items come first) and checked for consistency.
 */
import { badCursor, cursorId, cursorInstant } from '../http/cursor';
import type { TaskCursor } from './my-tasks-read';

export function encodeTaskCursor(item: { overdue: boolean; dueAt: string | null; id: string }): string {
  return Buffer.from(JSON.stringify([item.overdue ? 1 : 0, item.dueAt, item.id])).toString('base64url');
}

const invalid = badCursor;

/** The cursor's position; 422 `cursor-invalid` for anything this API did not write. */
export function decodeTaskCursor(text: string): TaskCursor {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(value) || value.length !== 3) throw invalid();
  const [overdue, dueAt, id] = value as unknown[];
  if (overdue !== 0 && overdue !== 1) throw invalid();
  if (cursorId(id) === undefined) throw invalid();
  if (dueAt !== null && cursorInstant(dueAt) === undefined) throw invalid();
  if (overdue === 1 && dueAt === null) throw invalid();
  return { overdue: overdue === 1, dueAt: dueAt as string | null, id: id as string };
}
