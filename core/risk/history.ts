/**
 * The product's own step history, as the risk features read it (pure): every
 * step run of a vendor with its activation, due and finish times, indexed per
 * vendor and per SOP step, queried "as of" an instant so that training never
 * sees a step's future (a step finished after the instant is still open then).
 */

export interface HistoryStep {
  vendorId: string;
  sopKey: string;
  nodeId: string;
  activatedAt: number;
  dueAt: number | null;
  /** null while the step is active. */
  completedAt: number | null;
  /** Business hours from activation to completion (finished steps), under the step's SOP calendar. */
  workedHours: number | null;
  /** Report periods of the step round filed and missed (all of them once it is finished). */
  filedReports: number;
  missedReports: number;
}

export interface HistoryIndex {
  byVendor: Map<string, HistoryStep[]>;
  byNode: Map<string, HistoryStep[]>;
}

export const nodeKey = (sopKey: string, nodeId: string) => `${sopKey}\u0000${nodeId}`;

export function buildHistoryIndex(steps: readonly HistoryStep[]): HistoryIndex {
  const byVendor = new Map<string, HistoryStep[]>();
  const byNode = new Map<string, HistoryStep[]>();
  for (const s of steps) {
    const v = byVendor.get(s.vendorId) ?? [];
    v.push(s);
    byVendor.set(s.vendorId, v);
    const k = nodeKey(s.sopKey, s.nodeId);
    const n = byNode.get(k) ?? [];
    n.push(s);
    byNode.set(k, n);
  }
  return { byVendor, byNode };
}

/** Due steps finished before `at`, and how many of them finished after their due time. */
export interface LateCounts {
  late: number;
  due: number;
}

const finishedBefore = (s: HistoryStep, at: number): s is HistoryStep & { completedAt: number } => s.completedAt !== null && s.completedAt < at;

export function lateCounts(steps: readonly HistoryStep[], at: number, filter: (s: HistoryStep) => boolean = () => true): LateCounts {
  let late = 0;
  let due = 0;
  for (const s of steps) {
    if (!finishedBefore(s, at) || s.dueAt === null || !filter(s)) continue;
    due += 1;
    if (s.completedAt > s.dueAt) late += 1;
  }
  return { late, due };
}

/** Median business hours worked on the steps finished before `at`; null when none. */
export function medianWorkedHours(steps: readonly HistoryStep[], at: number, filter: (s: HistoryStep) => boolean = () => true): number | null {
  const hours = steps.filter((s) => finishedBefore(s, at) && s.workedHours !== null && filter(s)).map((s) => s.workedHours!).sort((a, b) => a - b);
  if (hours.length === 0) return null;
  const mid = Math.floor(hours.length / 2);
  return hours.length % 2 === 1 ? hours[mid]! : (hours[mid - 1]! + hours[mid]!) / 2;
}

/** Steps active at `at` (activated at or before it, not finished by then). */
export function openAt(steps: readonly HistoryStep[], at: number): number {
  let n = 0;
  for (const s of steps) if (s.activatedAt <= at && (s.completedAt === null || s.completedAt > at)) n += 1;
  return n;
}

/** The share of report periods missed on the steps finished before `at`, Beta(1, 1)-smoothed. */
export function missedShare(steps: readonly HistoryStep[], at: number): number {
  let filed = 0;
  let missed = 0;
  for (const s of steps) {
    if (!finishedBefore(s, at)) continue;
    filed += s.filedReports;
    missed += s.missedReports;
  }
  return (missed + 1) / (filed + missed + 2);
}
