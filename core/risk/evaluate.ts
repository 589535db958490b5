/**
 * How risk scores are judged (pure), shared by threshold choice at training
 * time and the evaluation script. A step is observed at several instants of
 * its window while it is active; it is "flagged in time" when some score at or
 * before its flag cut-off — due − min(24 h, half the window) — reaches the
 * threshold, and "flagged" when any of its scores does.
 */

export const DAY_MS = 86_400_000;

export interface ScoredStep {
  late: boolean;
  activatedAt: number;
  dueAt: number;
  scores: ReadonlyArray<{ at: number; p: number }>;
}

/** The instant by which a late step must have been flagged. */
export function flagCutoff(activatedAt: number, dueAt: number): number {
  return dueAt - Math.min(DAY_MS, (dueAt - activatedAt) / 2);
}

/**
 * Instants a step is observed at: eighths of its window and its flag cut-off,
 * while it is still active (before `completedAt`), in order, without repeats.
 */
export function observationTimes(activatedAt: number, dueAt: number, completedAt: number | null): number[] {
  const window = dueAt - activatedAt;
  if (!(window > 0)) return [];
  const times = new Set<number>();
  for (let k = 0; k < 8; k++) times.add(Math.round(activatedAt + (window * k) / 8));
  times.add(Math.round(flagCutoff(activatedAt, dueAt)));
  return [...times].filter((t) => completedAt === null || t < completedAt).sort((a, b) => a - b);
}

export interface FlagMetrics {
  /** Late steps flagged in time ÷ late steps (null: no late step). */
  recall24h: number | null;
  /** Late steps among flagged steps ÷ flagged steps (null: nothing flagged). */
  precision: number | null;
  late: number;
  flagged: number;
}

const round4 = (n: number) => Math.round(n * 1e4) / 1e4;

export function flagMetrics(steps: readonly ScoredStep[], threshold: number): FlagMetrics {
  let late = 0;
  let inTime = 0;
  let flagged = 0;
  let flaggedLate = 0;
  for (const s of steps) {
    const cutoff = flagCutoff(s.activatedAt, s.dueAt);
    const any = s.scores.some((o) => o.p >= threshold);
    if (s.late) late += 1;
    if (any) {
      flagged += 1;
      if (s.late) flaggedLate += 1;
    }
    if (s.late && s.scores.some((o) => o.at <= cutoff && o.p >= threshold)) inTime += 1;
  }
  return { recall24h: late === 0 ? null : round4(inTime / late), precision: flagged === 0 ? null : round4(flaggedLate / flagged), late, flagged };
}

/**
 * The threshold with the best in-time recall whose precision is at least
 * `minPrecision` (ties: the higher threshold); candidates 0.01 … 0.99.
 * Falls back to the threshold with the best precision when none reaches it.
 */
export function chooseThreshold(steps: readonly ScoredStep[], minPrecision: number): number {
  let best: { t: number; recall: number } | undefined;
  let fallback = { t: 0.5, precision: -1 };
  for (let i = 1; i < 100; i++) {
    const t = i / 100;
    const m = flagMetrics(steps, t);
    if (m.precision === null) continue;
    if (m.precision > fallback.precision) fallback = { t, precision: m.precision };
    if (m.precision >= minPrecision && (!best || (m.recall24h ?? 0) >= best.recall)) best = { t, recall: m.recall24h ?? 0 };
  }
  return best?.t ?? fallback.t;
}

/**
 * The threshold that meets a recall and a precision target with the most room: it maximises
 * min(recall24h ÷ recall target, precision ÷ precision target) (ties: the lower threshold, the
 * earlier warning); candidates 0.01 … 0.99. Null when no candidate flags a step.
 */
export function balancedThreshold(steps: readonly ScoredStep[], targets: { recall: number; precision: number }): number | null {
  let best: { t: number; room: number } | undefined;
  for (let i = 1; i < 100; i++) {
    const t = i / 100;
    const m = flagMetrics(steps, t);
    if (m.precision === null || m.recall24h === null) continue;
    const room = Math.min(m.recall24h / targets.recall, m.precision / targets.precision);
    if (!best || room > best.room) best = { t, room };
  }
  return best?.t ?? null;
}

/** Area under the ROC curve (Mann–Whitney, ties count half); null without both classes. */
export function auc(items: ReadonlyArray<{ p: number; late: boolean }>): number | null {
  const sorted = [...items].sort((a, b) => a.p - b.p);
  let rankSumLate = 0;
  let lateCount = 0;
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j < sorted.length && sorted[j]!.p === sorted[i]!.p) j += 1;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (sorted[k]!.late) { rankSumLate += rank; lateCount += 1; }
    i = j;
  }
  const onTime = sorted.length - lateCount;
  if (lateCount === 0 || onTime === 0) return null;
  return round4((rankSumLate - (lateCount * (lateCount + 1)) / 2) / (lateCount * onTime));
}

/** Mean squared error of the probabilities; null for no items. */
export function brier(items: ReadonlyArray<{ p: number; late: boolean }>): number | null {
  if (items.length === 0) return null;
  return round4(items.reduce((sum, o) => sum + (o.p - (o.late ? 1 : 0)) ** 2, 0) / items.length);
}
