/**
 * Layout maths shared by the job page's Gantt and the portfolio Gantt: which
 * bars a step draws (planned, actual, late, open), the time scale of a zoom
 * level, axis ticks at local midnights / week starts / month starts in the
 * viewer's zone, and which rows of a long list are on screen. Pure functions.
 */
import { toMillis } from '../../lib/time';
import type { Instant } from '../../lib/api-types';
import { fromLocalInput } from '../../lib/zoned-input';

export type GanttZoom = 'day' | 'week' | 'month';
export const GANTT_ZOOMS: readonly GanttZoom[] = ['day', 'week', 'month'];

/** Pixels one day takes at each zoom level. */
export const PX_PER_DAY: Record<GanttZoom, number> = { day: 96, week: 20, month: 5 };
const DAY_MS = 86_400_000;

/** The times of one step run, as the job and portfolio APIs give them. */
export interface StepTimes {
  start: Instant;
  due: Instant;
  end: Instant;
}

export interface StepBars {
  /** activation → due; absent without a due time. */
  planned?: { from: number; to: number };
  /** activation → completion, or → now while open. */
  actual: { from: number; to: number };
  /** Finished after its due time, or open past it. */
  late: boolean;
  open: boolean;
}

/** The bars of a step at `now` (a step never activated starts at `now`). */
export function stepBars(step: StepTimes, now: number): StepBars {
  const from = toMillis(step.start) ?? now;
  const due = toMillis(step.due);
  const done = toMillis(step.end);
  const to = done ?? Math.max(now, from);
  return {
    ...(due !== undefined ? { planned: { from, to: due } } : {}),
    actual: { from, to },
    late: due !== undefined && to > due,
    open: done === undefined,
  };
}

/** The instant range a set of bars covers (with `now`), at least an hour. */
export function barsSpan(bars: StepBars[], now: number): { min: number; max: number } {
  let min = now;
  let max = now;
  for (const b of bars) {
    min = Math.min(min, b.actual.from, b.planned?.from ?? b.actual.from);
    max = Math.max(max, b.actual.to, b.planned?.to ?? b.actual.to);
  }
  return { min, max: Math.max(max, min + 3_600_000) };
}

/** A linear time scale from `min` at x = 0, `PX_PER_DAY[zoom]` per day; `width` the whole range's. */
export function timeScale(min: number, max: number, zoom: GanttZoom): { x: (ms: number) => number; width: number } {
  const px = PX_PER_DAY[zoom];
  return { x: (ms) => ((ms - min) * px) / DAY_MS, width: Math.max(1, ((max - min) * px) / DAY_MS) };
}

/** The calendar day (YYYY-MM-DD) of instant `ms` in `zone`. */
export const localDate = (ms: number, zone: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);

const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/**
 * Tick instants between `min` and `max`: every local midnight (day zoom), every
 * Monday (week) or every first of a month (month), in `zone`; each with its
 * local date `YYYY-MM-DD`.
 */
export function axisTicks(min: number, max: number, zoom: GanttZoom, zone: string): Array<{ at: number; date: string }> {
  const ticks: Array<{ at: number; date: string }> = [];
  let date = localDate(min, zone);
  for (let guard = 0; guard < 5000; guard++) {
    const at = fromLocalInput(`${date}T00:00`, zone)?.getTime();
    if (at === undefined || at > max) break;
    const d = new Date(`${date}T00:00:00Z`);
    const wanted = zoom === 'day' || (zoom === 'week' && d.getUTCDay() === 1) || (zoom === 'month' && d.getUTCDate() === 1);
    if (wanted && at >= min) ticks.push({ at, date });
    date = addDays(date, 1);
  }
  return ticks;
}

/** Rows `[first, last)` to render for a scrolled viewport, `overscan` rows either side. */
export function visibleRows(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan = 5): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return { first, last: Math.max(first, last) };
}

/** The SVG points of a diamond centred at (`cx`, `cy`) with half-diagonal `r`. */
export function diamondPoints(cx: number, cy: number, r: number): string {
  return `${cx},${cy - r} ${cx + r},${cy} ${cx},${cy + r} ${cx - r},${cy}`;
}
