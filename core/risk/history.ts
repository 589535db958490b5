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
  /** Business hours from activation to due (null without a due time), under the step's SOP calendar. */
  windowHours: number | null;
  /** Holidays (worked weekdays off) between activation and due. */
  holidays: number;
  /** Report periods of the step round filed and missed (all of them once it is finished). */
  filedReports: number;
  missedReports: number;
}

/** A history step with the vendor's open load when it was activated (itself included). */
export type IndexedStep = HistoryStep & { openAtStart: number };

export interface HistoryIndex {
  byVendor: Map<string, IndexedStep[]>;
  byNode: Map<string, IndexedStep[]>;
}

export const nodeKey = (sopKey: string, nodeId: string) => `${sopKey}\u0000${nodeId}`;

export function buildHistoryIndex(steps: readonly HistoryStep[]): HistoryIndex {
  const byVendor = new Map<string, IndexedStep[]>();
  const byNode = new Map<string, IndexedStep[]>();
  const vendorOf = new Map<string, HistoryStep[]>();
  for (const s of steps) {
    const list = vendorOf.get(s.vendorId) ?? [];
    list.push(s);
    vendorOf.set(s.vendorId, list);
  }
  for (const s of steps) {
    const indexed: IndexedStep = { ...s, openAtStart: openAt(vendorOf.get(s.vendorId)!, s.activatedAt) };
    const v = byVendor.get(s.vendorId) ?? [];
    v.push(indexed);
    byVendor.set(s.vendorId, v);
    const k = nodeKey(s.sopKey, s.nodeId);
    const n = byNode.get(k) ?? [];
    n.push(indexed);
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

/** Shares of report periods missed on the vendor's late steps and on its on-time steps (finished before `at`), Beta(1, 1)-smoothed. */
export function missedShareByOutcome(steps: readonly HistoryStep[], at: number): { late: number; onTime: number } {
  const count = { late: [0, 0], onTime: [0, 0] };
  for (const s of steps) {
    if (!finishedBefore(s, at) || s.dueAt === null) continue;
    const c = s.completedAt > s.dueAt ? count.late : count.onTime;
    c[0]! += s.missedReports;
    c[1]! += s.missedReports + s.filedReports;
  }
  return { late: (count.late[0]! + 1) / (count.late[1]! + 2), onTime: (count.onTime[0]! + 1) / (count.onTime[1]! + 2) };
}

/** One finished step's pace, log(worked hours ÷ window hours), with the weight it gets for the step at hand. */
export interface PastPace {
  r: number;
  w: number;
}

/** Open-load distance at which a past step counts e^-1 as much as one started under the same load. */
const PACE_LOAD_SCALE = 2;
/** How much a past step counts whose window differs in having holidays (holidays slow vendors down). */
const PACE_OTHER_HOLIDAYS = 0.1;

export const paceRatio = (worked: number, window: number) => Math.log((worked + 0.1) / (window + 0.1));

/**
 * The paces of the steps finished before `at`, each weighted by how close the open load it started
 * under is to `load` (load slows vendors down beyond their capacity) and by whether its window had
 * holidays as this one has (`holidays`) or not.
 */
export function pastPaces(steps: readonly IndexedStep[], at: number, load: number, holidays: boolean): PastPace[] {
  const out: PastPace[] = [];
  for (const s of steps) {
    if (!finishedBefore(s, at) || s.workedHours === null || s.windowHours === null) continue;
    const w = Math.exp(-Math.abs(s.openAtStart - load) / PACE_LOAD_SCALE) * (s.holidays > 0 === holidays ? 1 : PACE_OTHER_HOLIDAYS);
    out.push({ r: paceRatio(s.workedHours, s.windowHours), w });
  }
  return out;
}
