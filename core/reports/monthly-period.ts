/**
 * Calendar months of the monthly report, in an organisation's zone (pure):
 * `YYYY-MM` ↔ the instants [from, to) of that month's local midnights.
 */
import { DateTime } from 'luxon';

export interface MonthPeriod {
  /** `YYYY-MM` */
  period: string;
  from: Date;
  to: Date;
}

export const PERIOD_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])$';

function monthOf(start: DateTime): MonthPeriod {
  return { period: start.toFormat('yyyy-MM'), from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() };
}

/** The month of `period` ("2026-11") in `zone`. */
export function monthPeriod(period: string, zone: string): MonthPeriod {
  if (!new RegExp(PERIOD_PATTERN).test(period)) throw new Error(`not a month: "${period}" (YYYY-MM)`);
  const start = DateTime.fromFormat(period, 'yyyy-MM', { zone });
  if (!start.isValid) throw new Error(`not a month in ${zone}: "${period}" (${start.invalidExplanation ?? start.invalidReason})`);
  return monthOf(start);
}

/** The month before the one `at` falls in, in `zone` (a run on 1 December builds November). */
export function previousMonth(at: Date, zone: string): MonthPeriod {
  const local = DateTime.fromJSDate(at, { zone });
  if (!local.isValid) throw new Error(`unknown time zone "${zone}"`);
  return monthOf(local.startOf('month').minus({ months: 1 }));
}
