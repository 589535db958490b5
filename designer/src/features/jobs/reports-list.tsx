import type { JobReportItem } from '../../lib/api-types';
import { useLocale } from '../../lib/i18n';
import { formatDateTime } from '../../lib/time';
import { answerText } from './answer-text';
import { useReportsT } from './reports-messages';

/** Filed and missed report periods, newest first, each with its answers and note; times in `zone`. */
export function ReportsList({ items, zone }: { items: readonly JobReportItem[]; zone: string }) {
  const t = useReportsT();
  const { locale } = useLocale();
  if (items.length === 0) return <p className="muted">{t('none')}</p>;
  const when = (at: string) => formatDateTime(at, zone, locale, true);
  return (
    <ul className="report-list" aria-label={t('title')}>
      {[...items].reverse().map((r) => (
        <li key={r.id} className={`report-item report-${r.status}`}>
          <div className="report-head">
            <strong>{r.stepTitle ?? r.nodeId} · {t('period', { period: r.period })}</strong>
            <span className={`badge ${r.status === 'filed' ? 'status-completed' : 'status-failed'}`}>{t(r.status)}</span>
          </div>
          <div className="muted small">
            {t('periodSpan', { start: when(r.periodStart), end: when(r.periodEnd) })} ·{' '}
            {r.status === 'filed' ? t('filedBy', { name: r.filedBy?.name ?? '—', time: when(r.at) }) : t('missedAt', { time: when(r.dueAt) })}
          </div>
          {r.answers.some((a) => a.answer !== null) && (
            <dl className="report-answers">
              {r.answers.map((a) => {
                const text = answerText(a, locale, { yes: t('yes'), no: t('no') });
                return text === undefined ? null : (
                  <div key={a.id}>
                    <dt>{a.label}</dt>
                    <dd>{text}</dd>
                  </div>
                );
              })}
            </dl>
          )}
          {r.note && <p className="report-note">{r.note}</p>}
        </li>
      ))}
    </ul>
  );
}
