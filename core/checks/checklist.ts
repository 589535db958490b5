/**
 * The `checklist` check: every required item of the previous task is ticked.
 * Pure: no I/O.
 */
import type { ChecklistItem } from '../sop/types';

/** Outcome of {@link evaluateChecklist}. */
export interface ChecklistResult {
  passed: boolean;
  /** Required items not ticked, in checklist order. */
  missing: Array<{ id: string; label: string }>;
}

/**
 * Compares the checklist with the ids the assignee ticked. Items are required
 * unless `required: false`; ticked ids that are not on the list are ignored.
 */
export function evaluateChecklist(
  items: readonly ChecklistItem[],
  ticked: Iterable<string> | Readonly<Record<string, boolean>>,
): ChecklistResult {
  const done = isIterable(ticked)
    ? new Set(ticked)
    : new Set(Object.entries(ticked).filter(([, v]) => v === true).map(([k]) => k));
  const missing = items
    .filter((item) => item.required !== false && !done.has(item.id))
    .map(({ id, label }) => ({ id, label }));
  return { passed: missing.length === 0, missing };
}

function isIterable(value: unknown): value is Iterable<string> {
  return typeof value === 'object' && value !== null && Symbol.iterator in value;
}
