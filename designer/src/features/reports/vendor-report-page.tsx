import { useMemo, useState } from 'react';
import { EmptyState, Loading } from '../../components/empty-state';
import { ProblemBanner } from '../../components/problem-banner';
import { listItems, type SopSummary, type VendorReport, type VendorReportRow } from '../../lib/api-types';
import { downloadUrl } from '../../lib/download-file';
import { problemOf, type Problem } from '../../lib/problem';
import { Link } from '../../lib/router';
import { useResource } from '../../lib/use-resource';
import { useSession } from '../auth/session-context';
import { useReportT } from './report-messages';
import { defaultPeriod, periodDays, recentQuarters, todayIn, type Period, type PeriodKind } from './report-period';
import { MonthlyReportsSection } from './monthly-reports';
import { Sparkline } from './sparkline';

const percent = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10}%`);

function RankChange({ row }: { row: VendorReportRow }) {
  const t = useReportT();
  if (row.rank === null) return <span className="muted">{t('none')}</span>;
  if (row.rankChange === null) return <span className="muted">{t('new')}</span>;
  if (row.rankChange > 0) return <span className="good-text" title={t('up', { n: row.rankChange })}>▲ {row.rankChange}</span>;
  if (row.rankChange < 0) return <span className="bad-text" title={t('down', { n: -row.rankChange })}>▼ {-row.rankChange}</span>;
  return <span className="muted" title={t('same')}>＝</span>;
}

function PeriodPicker({ period, onChange, today }: { period: Period; onChange: (p: Period) => void; today: string }) {
  const t = useReportT();
  const kinds: PeriodKind[] = ['month', 'quarter', 'custom'];
  return (
    <div className="row">
      <div className="segmented" role="tablist" aria-label={t('period')}>
        {kinds.map((k) => (
          <button key={k} type="button" role="tab" aria-selected={period.kind === k} className={period.kind === k ? 'on' : ''} onClick={() => onChange({ ...period, kind: k })}>
            {t(k)}
          </button>
        ))}
      </div>
      {period.kind === 'month' && <input type="month" aria-label={t('pickMonth')} value={period.month} max={today.slice(0, 7)} onChange={(e) => onChange({ ...period, month: e.target.value })} />}
      {period.kind === 'quarter' && (
        <select aria-label={t('pickQuarter')} value={period.quarter} onChange={(e) => onChange({ ...period, quarter: e.target.value })}>
          {recentQuarters(today).map((q) => <option key={q} value={q}>{q}</option>)}
        </select>
      )}
      {period.kind === 'custom' && (
        <>
          <input type="date" aria-label={t('from')} value={period.from} onChange={(e) => onChange({ ...period, from: e.target.value })} />
          <input type="date" aria-label={t('to')} value={period.to} onChange={(e) => onChange({ ...period, to: e.target.value })} />
        </>
      )}
    </div>
  );
}

/** Managers' vendor report: a period, the ranking with its change since the previous period, weekly on-time sparklines, exports. */
export function VendorReportPage() {
  const t = useReportT();
  const { zone } = useSession();
  const today = todayIn(zone);
  const [period, setPeriod] = useState<Period>(() => defaultPeriod(today));
  const [downloadProblem, setDownloadProblem] = useState<Problem>();
  const [sop, setSop] = useState('');
  const sops = listItems<SopSummary>(useResource<unknown>('/sops').data);
  const days = periodDays(period);
  const query = days ? `from=${days.from}&to=${days.to}${sop ? `&sop=${encodeURIComponent(sop)}` : ''}` : null;
  const report = useResource<VendorReport>(query ? `/reports/vendors?${query}` : null);
  const rows = useMemo(() => report.data?.vendors ?? [], [report.data]);
  const download = (format: 'csv' | 'xlsx') => {
    if (!query || !days) return;
    setDownloadProblem(undefined);
    downloadUrl(`/api/reports/vendors?${query}&format=${format}`, `vendor-report-${days.from}-${days.to}.${format}`).catch((e: unknown) => setDownloadProblem(problemOf(e)));
  };
  const w = report.data?.weights;
  return (
    <div className="page">
      <header className="page-head">
        <div>
          <h1>{t('title')}</h1>
          <p className="muted">{t('subtitle')}</p>
        </div>
        <div className="row">
          <PeriodPicker period={period} onChange={setPeriod} today={today} />
          <select aria-label={t('sop')} value={sop} onChange={(e) => setSop(e.target.value)}>
            <option value="">{t('allSops')}</option>
            {sops.map((s) => (
              <option key={s.key} value={s.key}>
                {s.name}
              </option>
            ))}
          </select>
          <button type="button" className="btn" disabled={!query} onClick={() => download('csv')}>{t('exportCsv')}</button>
          <button type="button" className="btn" disabled={!query} onClick={() => download('xlsx')}>{t('exportXlsx')}</button>
        </div>
      </header>
      {downloadProblem && <ProblemBanner problem={downloadProblem} onDismiss={() => setDownloadProblem(undefined)} />}
      {report.error !== undefined && <ProblemBanner problem={problemOf(report.error)} />}
      {report.loading && !report.data && <Loading label={t('loading')} />}
      {report.data && rows.length === 0 && <EmptyState title={t('empty')} />}
      {rows.length > 0 && (
        <section className="card table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{t('rank')}</th><th>{t('vendor')}</th><th>{t('score')}</th><th>{t('change')}</th><th>{t('onTime')}</th><th>{t('trend')}</th>
                <th>{t('cycle')}</th><th title={t('businessHint')}>{t('businessCycle')}</th><th>{t('firstPass')}</th><th>{t('rework')}</th><th>{t('openLoad')}</th><th>{t('reasons')}</th><th>{t('rejections')}</th><th>{t('jobs')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((v) => (
                <tr key={v.org.id}>
                  <td className="mono">{v.rank ?? '—'}</td>
                  <td className="strong-link">{v.org.name}</td>
                  <td className="mono">{v.score ?? '—'}</td>
                  <td><RankChange row={v} /></td>
                  <td className="mono">{percent(v.onTime.rate)} <span className="small muted">({v.onTime.onTime}/{v.onTime.due})</span></td>
                  <td><Sparkline values={v.weekly.map((wk) => wk.onTimeRate)} label={`${t('trend')}: ${v.weekly.map((wk) => percent(wk.onTimeRate)).join(', ')}`} /></td>
                  <td className="mono">{v.cycleHours.avg === null ? '—' : `${t('hours', { n: v.cycleHours.avg })} / ${t('hours', { n: v.cycleHours.p90 ?? 0 })}`}</td>
                  <td className="mono">{v.cycleHours.businessAvg === null ? '—' : `${t('hours', { n: v.cycleHours.businessAvg })} / ${t('hours', { n: v.cycleHours.businessP90 ?? 0 })}`}</td>
                  <td className="mono">{percent(v.firstPass.rate)}</td>
                  <td className="mono">{v.rework.rounds}</td>
                  <td className="mono">{v.openLoad.jobs}</td>
                  <td className="small">{v.delayReasons.map((r) => `${r.label} ×${r.count}`).join('、') || '—'}</td>
                  <td className="small">{v.rejectionReasons.map((r) => `${r.label} ×${r.count}`).join('、') || '—'}</td>
                  <td><Link to={`/jobs?vendorOrgId=${encodeURIComponent(v.org.id)}`}>{t('exportJobs')}</Link></td>
                </tr>
              ))}
            </tbody>
          </table>
          {w && <p className="small muted">{t('weights', { onTime: w.onTime, firstPass: w.firstPass, cycle: w.cycle, rework: w.rework })}</p>}
        </section>
      )}
      <MonthlyReportsSection />
    </div>
  );
}
