import type { SopDefinition } from '../../../../core/sop/types';
import type { JobStep } from '../../lib/api-types';
import { useLocale } from '../../lib/i18n';
import { formatDateTime, formatShortDate, toMillis, useNow } from '../../lib/time';
import { barsSpan, stepBars } from '../../components/gantt/gantt-layout';
import { useSession } from '../auth/session-context';
import { useJobT } from './job-messages';
import { stepTitle } from '../../lib/step-title';

/** Each step as two bars: planned (activation → due) and actual (activation → completion, or now); milestones as a diamond at the due time. */
export function StepGantt({ steps, definition }: { steps: JobStep[]; definition?: SopDefinition | null }) {
  const t = useJobT();
  const { locale } = useLocale();
  const { zone } = useSession();
  const now = useNow(60_000);
  const rows = steps.filter((s) => s.type === 'task' || s.type === 'review' || s.type === 'accept' || toMillis(s.dueAt) !== undefined);
  if (rows.length === 0) return null;
  const bars = rows.map((s) => stepBars({ start: s.activatedAt, due: s.dueAt, end: s.completedAt }, now));
  const { min, max } = barsSpan(bars, now);
  const span = max - min;
  const pct = (ms: number) => `${((ms - min) / span) * 100}%`;
  const width = (a: number, b: number) => `${Math.max(((b - a) / span) * 100, 0.6)}%`;
  const milestones = new Set((definition?.nodes ?? []).filter((n) => n.milestone === true).map((n) => n.id));
  return (
    <div className="gantt" role="table" aria-label={t('gantt')}>
      <div className="gantt-axis" aria-hidden="true">
        <span>{formatShortDate(min, zone, locale)}</span>
        <span>{formatShortDate(max, zone, locale)}</span>
      </div>
      {rows.map((s, i) => {
        const { planned, actual, late, open } = bars[i]!;
        const milestoneAt = milestones.has(s.nodeId) ? (planned?.to ?? actual.to) : undefined;
        return (
          <div className="gantt-row" role="row" key={`${s.nodeId}-${s.round}-${i}`}>
            <div className="gantt-label" role="cell">
              <span>{stepTitle(s, definition)}</span>
              {s.round > 1 && <span className="muted small"> #{s.round}</span>}
            </div>
            <div className="gantt-track" role="cell">
              {planned && <span className="bar planned" style={{ left: pct(planned.from), width: width(planned.from, planned.to) }} title={`${t('planned')}: ${formatDateTime(planned.to, zone, locale)}`} />}
              <span className={`bar actual${late ? ' late' : ''}${open ? ' open' : ''}`} style={{ left: pct(actual.from), width: width(actual.from, actual.to) }} title={`${t('actual')}: ${formatDateTime(s.completedAt, zone, locale)}`} />
              {milestoneAt !== undefined && <span className="gantt-milestone" data-testid="milestone" style={{ left: pct(milestoneAt) }} title={`${t('milestone')}: ${formatDateTime(milestoneAt, zone, locale)}`} />}
              <span className="gantt-now" style={{ left: pct(now) }} />
            </div>
          </div>
        );
      })}
      <div className="gantt-legend">
        <span className="legend-swatch planned" /> {t('planned')} <span className="legend-swatch actual" /> {t('actual')} <span className="legend-swatch late" /> &gt; {t('due')}
        {milestones.size > 0 && <><span className="legend-diamond" /> {t('milestone')}</>}
      </div>
    </div>
  );
}
