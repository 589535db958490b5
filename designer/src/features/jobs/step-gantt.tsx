import type { SopDefinition } from '../../../../core/sop/types';
import type { JobStep } from '../../lib/api-types';
import { useLocale } from '../../lib/i18n';
import { formatDateTime, formatShortDate, toMillis, useNow } from '../../lib/time';
import { useSession } from '../auth/session-context';
import { useJobT } from './job-messages';
import { stepTitle } from '../../lib/step-title';

/** Each step as two bars: planned (activation → due) and actual (activation → completion, or now). */
export function StepGantt({ steps, definition }: { steps: JobStep[]; definition?: SopDefinition | null }) {
  const t = useJobT();
  const { locale } = useLocale();
  const { zone } = useSession();
  const now = useNow(60_000);
  const rows = steps.filter((s) => s.type === 'task' || s.type === 'review' || s.type === 'accept' || toMillis(s.dueAt) !== undefined);
  if (rows.length === 0) return null;
  const starts = rows.map((s) => toMillis(s.activatedAt) ?? now);
  const ends = rows.flatMap((s) => [toMillis(s.dueAt), toMillis(s.completedAt)]).filter((x): x is number => x !== undefined);
  const min = Math.min(...starts);
  const max = Math.max(now, ...ends);
  const span = Math.max(max - min, 3600_000);
  const pct = (ms: number) => `${((ms - min) / span) * 100}%`;
  const width = (a: number, b: number) => `${Math.max(((b - a) / span) * 100, 0.6)}%`;
  return (
    <div className="gantt" role="table" aria-label={t('gantt')}>
      <div className="gantt-axis" aria-hidden="true">
        <span>{formatShortDate(min, zone, locale)}</span>
        <span>{formatShortDate(max, zone, locale)}</span>
      </div>
      {rows.map((s, i) => {
        const start = starts[i] as number;
        const due = toMillis(s.dueAt);
        const end = toMillis(s.completedAt) ?? now;
        const late = due !== undefined && end > due;
        return (
          <div className="gantt-row" role="row" key={`${s.nodeId}-${s.round}-${i}`}>
            <div className="gantt-label" role="cell">
              <span>{stepTitle(s, definition)}</span>
              {s.round > 1 && <span className="muted small"> #{s.round}</span>}
            </div>
            <div className="gantt-track" role="cell">
              {due !== undefined && <span className="bar planned" style={{ left: pct(start), width: width(start, due) }} title={`${t('planned')}: ${formatDateTime(due, zone, locale)}`} />}
              <span className={`bar actual${late ? ' late' : ''}${s.completedAt ? '' : ' open'}`} style={{ left: pct(start), width: width(start, end) }} title={`${t('actual')}: ${formatDateTime(s.completedAt, zone, locale)}`} />
              <span className="gantt-now" style={{ left: pct(now) }} />
            </div>
          </div>
        );
      })}
      <div className="gantt-legend">
        <span className="legend-swatch planned" /> {t('planned')} <span className="legend-swatch actual" /> {t('actual')} <span className="legend-swatch late" /> &gt; {t('due')}
      </div>
    </div>
  );
}
