import { Loading } from '../../components/empty-state';
import { ProblemBanner } from '../../components/problem-banner';
import { StatusBadge } from '../../components/status-badge';
import { useLocale } from '../../lib/i18n';
import { problemOf } from '../../lib/problem';
import { Link } from '../../lib/router';
import { stepTitle } from '../../lib/step-title';
import { useOptionalResource } from '../../lib/use-optional-resource';
import { useResource } from '../../lib/use-resource';
import { useSession } from '../auth/session-context';
import { DeadlineChip } from '../vendor-portal/deadline-chip';
import { overallKpis, overviewBurndown, overviewByVendor, overviewOverdue, overviewStatusCounts, vendorKpis } from './analytics';
import { BurndownChart } from './burndown-chart';
import { useDashboardT } from './dashboard-messages';
import { KpiCards } from './kpi-cards';
import { MyWorkCard } from './my-work-card';
import { AtRiskCard } from '../risk/at-risk-card';
import { VendorTable } from './vendor-table';

const STATUS_ORDER = ['running', 'stuck', 'completed', 'cancelled', 'failed'] as const;

export function DashboardPage() {
  const t = useDashboardT();
  const { locale } = useLocale();
  const { zone } = useSession();
  // Every figure is counted by the server over all jobs (the overview), never from a page of the job list.
  const { data, error, loading } = useResource<unknown>('/analytics/overview', 60_000);
  const vendorStats = useOptionalResource<unknown>('/analytics/vendors', 60_000);
  const serverCounts = overviewStatusCounts(data) ?? {};
  const counts = Object.fromEntries(STATUS_ORDER.map((s) => [s, serverCounts[s] ?? 0]));
  const total = STATUS_ORDER.reduce((n, s) => n + (counts[s] ?? 0), 0);
  const overdue = overviewOverdue(data) ?? [];
  const burndown = overviewBurndown(data) ?? [];
  const vendors = overviewByVendor(data);
  // The overdue list stops at its first 200; the per-vendor counts cover every step.
  const overdueCount = vendors.length ? vendors.reduce((n, v) => n + v.overdueSteps, 0) : overdue.length;
  const perVendor = vendorKpis(vendorStats.data);
  const max = Math.max(1, ...Object.values(counts));
  return (
    <div className="page">
      <header className="page-head">
        <div>
          <h1>{t('title')}</h1>
          <p className="muted">{t('subtitle')}</p>
        </div>
      </header>
      {error ? <ProblemBanner problem={problemOf(error)} /> : null}
      {loading && !data ? (
        <Loading label={t('loading')} />
      ) : (
        <>
          <div className="stat-grid">
            <div className="stat card">
              <span className="stat-label">{t('total')}</span>
              <span className="stat-value">{total}</span>
            </div>
            <div className="stat card">
              <span className="stat-label">{t('running')}</span>
              <span className="stat-value info">{counts.running}</span>
            </div>
            <div className="stat card">
              <span className="stat-label">{t('overdueSteps')}</span>
              <span className="stat-value bad">{overdueCount}</span>
            </div>
            <div className="stat card">
              <span className="stat-label">{t('completed')}</span>
              <span className="stat-value good">{counts.completed}</span>
            </div>
          </div>
          <MyWorkCard />
          <AtRiskCard />
          <KpiCards kpis={overallKpis(perVendor.values())} />
          <section className="card" aria-labelledby="burndown-title">
            <div className="card-head">
              <h2 id="burndown-title">{t('burndown')}</h2>
              <span className="muted small">{t('burndownHint')}</span>
            </div>
            <div className="card-pad">
              <BurndownChart points={burndown} zone={zone} locale={locale} title={t('burndown')} seriesLabel={t('open')} />
            </div>
          </section>
          <div className="dash-grid">
            <section className="card">
              <div className="card-head">
                <h2>{t('byStatus')}</h2>
              </div>
              <div className="card-pad status-bars">
                {STATUS_ORDER.map((s) => (
                  <div key={s} className="status-bar-row">
                    <StatusBadge status={s} />
                    <div className="status-bar-track">
                      <span className={`status-bar-fill fill-${s}`} style={{ width: `${((counts[s] ?? 0) / max) * 100}%` }} />
                    </div>
                    <span className="mono">{counts[s]}</span>
                  </div>
                ))}
              </div>
            </section>
            <section className="card">
              <div className="card-head">
                <h2>{t('overdue')}</h2>
                <span className="count">{overdueCount}</span>
              </div>
              {overdue.length === 0 ? (
                <p className="card-pad muted">{t('noOverdue')}</p>
              ) : (
                <ul className="overdue-list">
                  {overdue.map(({ job, step, assignee }) => (
                    <li key={`${job.id}-${step.nodeId}`}>
                      <Link to={`/jobs/${encodeURIComponent(job.id)}`}>
                        <span className="job-code">{job.code}</span>
                        <span className="overdue-title">
                          {job.title}
                          <span className="muted small">
                            {' '}
                            · {job.vendorOrg?.name} · {stepTitle(step)}
                            {assignee ? ` · ${assignee}` : ''}
                          </span>
                        </span>
                        <DeadlineChip dueAt={step.dueAt} />
                      </Link>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
          <VendorTable vendors={vendors} kpis={perVendor} />
        </>
      )}
    </div>
  );
}
