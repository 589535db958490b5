import { useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { Locale } from '../../lib/i18n';
import type { PortfolioJob } from '../../lib/api-types';
import { formatDateTime, formatShortDate, toMillis } from '../../lib/time';
import { axisTicks, barsSpan, diamondPoints, stepBars, timeScale, visibleRows, type GanttZoom } from '../../components/gantt/gantt-layout';
import { portfolioRows, riskShade } from './portfolio-rows';
import { usePortfolioT } from './portfolio-messages';

export const ROW_HEIGHT = 24;
const LABEL_WIDTH = 220;
const AXIS_HEIGHT = 26;
const DAY_MS = 86_400_000;

interface Props {
  jobs: PortfolioJob[];
  now: number;
  zoom: GanttZoom;
  zone: string;
  locale: Locale;
  onOpen: (jobId: string) => void;
  /** Height of the scrolling viewport (px). */
  height?: number;
}

/**
 * The portfolio Gantt in SVG: per job a lane (risk-shaded when the job has a
 * risk) and per step the planned bar (dashed), the actual bar (red when
 * overdue), a diamond for a milestone; steps not reached yet (`planned`) as a
 * planned bar alone; a today line. Only the rows on screen
 * are drawn, so hundreds of jobs scroll smoothly.
 */
export function PortfolioGantt({ jobs, now, zoom, zone, locale, onOpen, height = 560 }: Props) {
  const t = usePortfolioT();
  const rows = useMemo(() => portfolioRows(jobs), [jobs]);
  const { min, max } = useMemo(() => {
    const span = barsSpan(jobs.flatMap((j) => j.steps.map((s) => stepBars(
      s.status === 'planned' ? { start: s.plannedStart, due: s.plannedEnd, end: s.plannedEnd ?? s.plannedStart } : { start: s.actualStart, due: s.plannedEnd, end: s.actualEnd },
      now,
    ))), now);
    const created = jobs.map((j) => toMillis(j.createdAt) ?? now);
    return { min: Math.min(span.min, ...created) - DAY_MS, max: span.max + DAY_MS };
  }, [jobs, now]);
  const scale = timeScale(min, max, zoom);
  const x = (ms: number) => LABEL_WIDTH + scale.x(ms);
  const width = LABEL_WIDTH + scale.width;
  const ticks = useMemo(() => axisTicks(min, max, zoom, zone), [min, max, zoom, zone]);
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const { first, last } = visibleRows(scrollTop, height, ROW_HEIGHT, rows.length);
  const todayX = x(now);
  // Bring today into view when the zoom changes (and on first draw).
  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollLeft = Math.max(0, todayX - el.clientWidth / 2);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [zoom]);
  // Real links (a new tab with a modifier key); a plain click stays in the app.
  const follow = (jobId: string) => (e: MouseEvent) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    onOpen(jobId);
  };
  const bodyHeight = rows.length * ROW_HEIGHT;
  return (
    <div className="pf-gantt">
      <div className="pf-scroll" ref={scroller} style={{ height }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} data-testid="pf-scroll">
        <svg className="pf-axis" width={width} height={AXIS_HEIGHT} aria-hidden="true">
          {ticks.map((tick) => (
            <text key={tick.at} x={x(tick.at) + 3} y={17} className="axis-label" data-testid="tick">
              {formatShortDate(tick.at, zone, locale)}
            </text>
          ))}
          <text x={todayX + 3} y={9} className="pf-today-label">{t('today')}</text>
        </svg>
        <svg className="pf-body" width={width} height={bodyHeight} role="list" aria-label={t('gantt')}>
          {ticks.map((tick) => (
            <line key={tick.at} x1={x(tick.at)} x2={x(tick.at)} y1={0} y2={bodyHeight} className="grid-line" />
          ))}
          {rows.slice(first, last).map((row, k) => {
            const i = first + k;
            const y = i * ROW_HEIGHT;
            const { job } = row;
            if (row.kind === 'job') {
              const shade = riskShade(job);
              const from = toMillis(job.createdAt) ?? now;
              const to = toMillis(job.completedAt) ?? now;
              return (
                <g key={`job-${job.id}`} role="listitem" className="pf-job" data-testid={`job-${job.code}`}>
                  {shade > 0 && (
                    <rect x={0} y={y} width={width} height={ROW_HEIGHT} className="pf-risk" style={{ fillOpacity: shade }} data-testid="risk">
                      <title>{t('risk', { n: Math.round((job.risk?.probability ?? 0) * 100) })}</title>
                    </rect>
                  )}
                  <a href={`/jobs/${job.id}`} onClick={follow(job.id)} aria-label={`${job.code} ${job.title}`}>
                    <text x={6} y={y + 16} className="pf-job-label">{`${job.code} · ${job.title}`}</text>
                    <rect x={x(from)} y={y + 9} width={Math.max(2, x(to) - x(from))} height={6} className={`pf-job-span status-${job.status}`} />
                  </a>
                </g>
              );
            }
            const { step } = row;
            if (step.status === 'planned') {
              // Not reached yet: only its planned bar (from the SOP's hoped-for path), a diamond at its planned end.
              const from = toMillis(step.plannedStart) ?? now;
              const to = toMillis(step.plannedEnd) ?? from;
              return (
                <g key={`step-${job.id}-${step.nodeId}-${step.round}`} role="listitem" className="pf-step pf-forecast" data-testid="forecast-step">
                  <text x={18} y={y + 16} className="pf-step-label">{`${step.title ?? step.nodeId}${step.round > 1 ? ` #${step.round}` : ''}`}</text>
                  <a href={`/jobs/${job.id}`} tabIndex={-1} onClick={follow(job.id)} aria-hidden="true">
                    <rect x={x(from)} y={y + 3} width={Math.max(2, x(to) - x(from))} height={ROW_HEIGHT - 6} className="pf-bar planned forecast" data-testid="forecast">
                      <title>{`${t('notStarted')}: ${formatDateTime(from, zone, locale)} → ${formatDateTime(to, zone, locale)}`}</title>
                    </rect>
                    {step.milestone && (
                      <polygon points={diamondPoints(x(to), y + ROW_HEIGHT / 2, 6)} className="pf-milestone forecast" data-testid="milestone">
                        <title>{`${t('milestone')}: ${formatDateTime(to, zone, locale)}`}</title>
                      </polygon>
                    )}
                  </a>
                </g>
              );
            }
            const bars = stepBars({ start: step.actualStart, due: step.plannedEnd, end: step.actualEnd }, now);
            const late = step.overdue;
            const milestoneAt = step.milestone ? (bars.planned?.to ?? bars.actual.to) : undefined;
            const doneAt = step.milestone ? toMillis(step.actualEnd) : undefined;
            return (
              <g key={`step-${job.id}-${step.nodeId}-${step.round}`} role="listitem" className="pf-step">
                <text x={18} y={y + 16} className="pf-step-label">{`${step.title ?? step.nodeId}${step.round > 1 ? ` #${step.round}` : ''}`}</text>
                <a href={`/jobs/${job.id}`} tabIndex={-1} onClick={follow(job.id)} aria-hidden="true">
                  {bars.planned && (
                    <rect x={x(bars.planned.from)} y={y + 3} width={Math.max(2, x(bars.planned.to) - x(bars.planned.from))} height={ROW_HEIGHT - 6} className="pf-bar planned" data-testid="planned">
                      <title>{`${t('planned')}: ${formatDateTime(bars.planned.to, zone, locale)}`}</title>
                    </rect>
                  )}
                  <rect x={x(bars.actual.from)} y={y + 8} width={Math.max(2, x(bars.actual.to) - x(bars.actual.from))} height={ROW_HEIGHT - 16} className={`pf-bar actual${late ? ' late' : ''}${bars.open ? ' open' : ''}`} data-testid={late ? 'overdue' : 'actual'}>
                    <title>{`${t('actual')}: ${formatDateTime(step.actualEnd ?? now, zone, locale)}${late ? ` · ${t('overdue')}` : ''}`}</title>
                  </rect>
                  {milestoneAt !== undefined && (
                    <polygon points={diamondPoints(x(milestoneAt), y + ROW_HEIGHT / 2, 6)} className={`pf-milestone${doneAt !== undefined ? ' done' : ''}${late ? ' late' : ''}`} data-testid="milestone">
                      <title>{`${t('milestone')}: ${formatDateTime(milestoneAt, zone, locale)}`}</title>
                    </polygon>
                  )}
                </a>
              </g>
            );
          })}
          <line x1={todayX} x2={todayX} y1={0} y2={bodyHeight} className="pf-today" data-testid="today-line" />
        </svg>
      </div>
      <div className="gantt-legend">
        <span className="legend-swatch planned" /> {t('planned')} <span className="legend-swatch actual" /> {t('actual')} <span className="legend-swatch late" /> {t('overdue')}
        <span className="legend-diamond" /> {t('milestone')} <span className="legend-swatch today" /> {t('today')}
      </div>
    </div>
  );
}
