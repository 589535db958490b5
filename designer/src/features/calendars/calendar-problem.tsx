import { ProblemBanner } from '../../components/problem-banner';
import type { Problem } from '../../lib/problem';
import { problemCode } from '../people/people';
import { useCalendarT, type CalendarMessageKey } from './calendar-messages';

const KNOWN = new Set(['calendar-version-stale', 'calendar-key-taken']);

/**
 * An answer of the calendars API under its form: the server's words (field errors named by path), a sentence
 * of ours for the problems we know, and for a stale version a button that reads the calendar again.
 */
export function CalendarProblem({ problem, title, onRefresh }: { problem: Problem; title: string; onRefresh?: () => void }) {
  const t = useCalendarT();
  const code = problemCode(problem);
  return (
    <>
      <ProblemBanner problem={problem} title={title} />
      {code && KNOWN.has(code) && <p className="small warning-text">{t(`problem.${code}` as CalendarMessageKey)}</p>}
      {code === 'calendar-version-stale' && onRefresh && (
        <button type="button" className="btn small align-start" onClick={onRefresh}>
          ↻ {t('refresh')}
        </button>
      )}
    </>
  );
}
