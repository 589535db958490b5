/**
 * The report's period as the picker holds it, and the `from`/`to` days the API
 * takes (whole days in the viewer's time zone, both included: the server reads
 * plain dates in the caller's zone).
 */
export type PeriodKind = 'month' | 'quarter' | 'custom';

export interface Period {
  kind: PeriodKind;
  /** `YYYY-MM` (month). */
  month: string;
  /** `YYYY-Qn` (quarter). */
  quarter: string;
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The calendar day `today` (YYYY-MM-DD) in `zone`. */
export function todayIn(zone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The current month and quarter, and the last 30 days as the custom default. */
export function defaultPeriod(today: string): Period {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const start = new Date(`${today}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() - 29);
  return { kind: 'month', month: `${y}-${pad(m)}`, quarter: `${y}-Q${Math.ceil(m / 3)}`, from: start.toISOString().slice(0, 10), to: today };
}

/** The first and last day of the period, or undefined when incomplete or reversed. */
export function periodDays(p: Period): { from: string; to: string } | undefined {
  if (p.kind === 'month') {
    const match = /^(\d{4})-(\d{2})$/.exec(p.month);
    if (!match) return undefined;
    const [y, m] = [Number(match[1]), Number(match[2])];
    return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(lastDay(y, m))}` };
  }
  if (p.kind === 'quarter') {
    const match = /^(\d{4})-Q([1-4])$/.exec(p.quarter);
    if (!match) return undefined;
    const [y, q] = [Number(match[1]), Number(match[2])];
    return { from: `${y}-${pad(3 * q - 2)}-01`, to: `${y}-${pad(3 * q)}-${pad(lastDay(y, 3 * q))}` };
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(p.from) || !/^\d{4}-\d{2}-\d{2}$/.test(p.to) || p.from > p.to) return undefined;
  return { from: p.from, to: p.to };
}

/** The last `count` quarters up to the one of `today`, newest first. */
export function recentQuarters(today: string, count = 8): string[] {
  const [year, month] = today.split('-').map(Number) as [number, number];
  let y = year;
  let q = Math.ceil(month / 3);
  const out: string[] = [];
  for (let i = 0; i < count; i += 1) {
    out.push(`${y}-Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      y -= 1;
    }
  }
  return out;
}
