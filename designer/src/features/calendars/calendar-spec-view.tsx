import { useLocale } from '../../lib/i18n';
import { WEEKDAYS } from '../sop-editor/calendar-editor';
import { useCalendarT } from './calendar-messages';
import { datesByYear, type CalendarSpec } from './calendar-types';

/** A calendar version read by a person: its work week, hours, and holidays and make-up workdays by year. */
export function CalendarSpecView({ spec, timezone, label }: { spec: CalendarSpec; timezone: string; label: string }) {
  const t = useCalendarT();
  const { locale } = useLocale();
  return (
    <dl className="kv calendar-spec" aria-label={label}>
      <dt>{t('workWeek')}</dt>
      <dd>{[...spec.workdays].sort().map((d) => WEEKDAYS[locale][d - 1]).join(locale === 'en' ? ', ' : '、')}</dd>
      <dt>{t('hours')}</dt>
      <dd className="mono">
        {spec.hours[0]}–{spec.hours[1]} ({timezone})
      </dd>
      <dt>{t('holidays')}</dt>
      <dd>
        <DatesByYear dates={spec.holidays} label={`${label}: ${t('holidays')}`} />
      </dd>
      <dt>{t('makeUp')}</dt>
      <dd>
        <DatesByYear dates={spec.workdaysExtra} label={`${label}: ${t('makeUp')}`} />
      </dd>
    </dl>
  );
}

function DatesByYear({ dates, label }: { dates: string[] | undefined; label: string }) {
  const t = useCalendarT();
  const years = datesByYear(dates);
  if (years.length === 0) return <span className="muted">{t('noDates')}</span>;
  return (
    <ul className="calendar-years" aria-label={label}>
      {years.map(([year, list]) => (
        <li key={year}>
          <strong>{year}</strong> <span className="muted small">({t('dateCount', { n: list.length })})</span>: <span className="mono small">{list.map((d) => d.slice(5)).join(' ')}</span>
        </li>
      ))}
    </ul>
  );
}
