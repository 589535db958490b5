import { useState } from 'react';
import { EmptyState, Loading } from '../../components/empty-state';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import type { MonthlyReport, MonthlyReportBuilt } from '../../lib/api-types';
import { downloadUrl } from '../../lib/download-file';
import { useLocale } from '../../lib/i18n';
import { problemOf, type Problem } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { useResource } from '../../lib/use-resource';
import { hasRole, useSession } from '../auth/session-context';
import { useMonthlyT } from './monthly-messages';
import { todayIn } from './report-period';

/** The month before the one `today` (YYYY-MM-DD) is in. */
export function previousMonthOf(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The organisation's monthly reports with PDF and Excel downloads; managers and admins may build a past month now. */
export function MonthlyReportsSection() {
  const t = useMonthlyT();
  const { locale } = useLocale();
  const { zone, me } = useSession();
  const lastMonth = previousMonthOf(todayIn(zone));
  const list = useResource<{ items: MonthlyReport[] }>('/reports/monthly?limit=200');
  const [problem, setProblem] = useState<Problem>();
  const [month, setMonth] = useState(lastMonth);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string>();
  const canBuild = hasRole(me, 'manager', 'admin');
  const items = list.data?.items ?? [];
  const download = (r: MonthlyReport, format: 'pdf' | 'xlsx') => {
    setProblem(undefined);
    downloadUrl(`/api/reports/monthly/${encodeURIComponent(r.id)}?format=${format}`, `vendor-report-${r.period}.${format}`).catch((e: unknown) => setProblem(problemOf(e)));
  };
  const build = () => {
    setProblem(undefined);
    setDone(undefined);
    setBusy(true);
    apiRequest<MonthlyReportBuilt>('/reports/monthly', { method: 'POST', body: { period: month } })
      .then((res) => {
        setDone(t(res.created ? 'built1' : 'existed', { period: res.report.period }));
        list.reload();
      })
      .catch((e: unknown) => setProblem(problemOf(e)))
      .finally(() => setBusy(false));
  };
  return (
    <section className="card" aria-labelledby="monthly-reports-title">
      <h2 id="monthly-reports-title">{t('title')}</h2>
      <p className="muted small">{t('subtitle')}</p>
      {canBuild && (
        <div className="row">
          <input type="month" aria-label={t('buildMonth')} value={month} max={lastMonth} onChange={(e) => setMonth(e.target.value)} />
          <button type="button" className="btn" disabled={busy || !month} onClick={build}>{busy ? t('building') : t('build')}</button>
          {done && <span role="status" className="small">{done}</span>}
        </div>
      )}
      {problem && <ProblemBanner problem={problem} onDismiss={() => setProblem(undefined)} />}
      {list.error !== undefined && <ProblemBanner problem={problemOf(list.error)} />}
      {list.loading && !list.data && <Loading label={t('loading')} />}
      {list.data && items.length === 0 && <EmptyState title={t('empty')} />}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-labelledby="monthly-reports-title">
            <thead>
              <tr><th>{t('period')}</th><th>{t('range')}</th><th>{t('vendors')}</th><th>{t('built')}</th><th>{t('trigger')}</th><th>{t('download')}</th></tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <td className="mono">{r.period}</td>
                  <td className="small">{formatDateTime(r.from, zone, locale)} – {formatDateTime(r.to, zone, locale)}</td>
                  <td className="mono">{r.vendorCount}</td>
                  <td className="small">{formatDateTime(r.createdAt, zone, locale)}</td>
                  <td>{t(r.trigger === 'manual' ? 'manual' : 'schedule')}</td>
                  <td className="row">
                    <button type="button" className="btn small" onClick={() => download(r, 'pdf')}>PDF</button>
                    <button type="button" className="btn small" onClick={() => download(r, 'xlsx')}>Excel</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The monthly reports on a page of their own, for procurement (who do not read the vendor report page). */
export function MonthlyReportsPage() {
  return (
    <div className="page">
      <MonthlyReportsSection />
    </div>
  );
}
