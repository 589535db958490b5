import { Loading } from '../../components/empty-state';
import { ProblemBanner } from '../../components/problem-banner';
import { StatusBadge } from '../../components/status-badge';
import { listItems, type ActiveStepBrief, type JobSummary } from '../../lib/api-types';
import { defineMessages } from '../../lib/i18n';
import { problemOf } from '../../lib/problem';
import { Link } from '../../lib/router';
import { toMillis, useNow } from '../../lib/time';
import { useResource } from '../../lib/use-resource';
import { DeadlineChip } from '../vendor-portal/deadline-chip';

const useT = defineMessages(
  {
    title: '看板', subtitle: '外发任务总览：状态、逾期与供应商表现。', byStatus: '任务状态', overdue: '逾期步骤', noOverdue: '没有逾期的步骤',
    vendors: '供应商', vendor: '供应商', jobs: '任务数', running: '进行中', completed: '已完成', stuck: '卡住', overdueSteps: '逾期步骤', onTrack: '按期率',
    loading: '正在加载…', total: '全部任务', step: '步骤',
  },
  {
    title: 'Dashboard', subtitle: 'Outsourced work at a glance: status, overdue steps, vendor performance.', byStatus: 'Jobs by status', overdue: 'Overdue steps', noOverdue: 'Nothing is overdue',
    vendors: 'Vendors', vendor: 'Vendor', jobs: 'Jobs', running: 'Running', completed: 'Completed', stuck: 'Stuck', overdueSteps: 'Overdue steps', onTrack: 'On track',
    loading: 'Loading…', total: 'All jobs', step: 'Step',
  },
);

const STATUS_ORDER = ['running', 'stuck', 'completed', 'cancelled', 'failed'] as const;

export function DashboardPage() {
  const t = useT();
  const now = useNow(60_000);
  const { data, error, loading } = useResource<unknown>('/jobs?limit=100', 60_000);
  const jobs = listItems<JobSummary>(data);
  const counts = Object.fromEntries(STATUS_ORDER.map((s) => [s, jobs.filter((j) => j.status === s).length]));
  const overdue = jobs
    .flatMap((job) => (job.activeSteps ?? []).filter((s): s is ActiveStepBrief => typeof s !== 'string').map((step) => ({ job, step, due: toMillis(step.dueAt) })))
    .filter((x) => x.due !== undefined && x.due < now)
    .sort((a, b) => (a.due ?? 0) - (b.due ?? 0));
  const vendors = [...new Map(jobs.map((j) => [j.vendorOrg?.id ?? '?', j.vendorOrg?.name ?? j.vendorOrg?.id ?? '?'])).entries()].map(([id, name]) => {
    const mine = jobs.filter((j) => (j.vendorOrg?.id ?? '?') === id);
    const late = overdue.filter((o) => (o.job.vendorOrg?.id ?? '?') === id).length;
    const open = mine.filter((j) => j.status === 'running' || j.status === 'stuck').length;
    return { id, name, total: mine.length, running: open, completed: mine.filter((j) => j.status === 'completed').length, stuck: mine.filter((j) => j.status === 'stuck').length, late, onTrack: open ? 1 - late / open : 1 };
  });
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
              <span className="stat-value">{jobs.length}</span>
            </div>
            <div className="stat card">
              <span className="stat-label">{t('running')}</span>
              <span className="stat-value info">{counts.running}</span>
            </div>
            <div className="stat card">
              <span className="stat-label">{t('overdueSteps')}</span>
              <span className="stat-value bad">{overdue.length}</span>
            </div>
            <div className="stat card">
              <span className="stat-label">{t('completed')}</span>
              <span className="stat-value good">{counts.completed}</span>
            </div>
          </div>
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
                <span className="count">{overdue.length}</span>
              </div>
              {overdue.length === 0 ? (
                <p className="card-pad muted">{t('noOverdue')}</p>
              ) : (
                <ul className="overdue-list">
                  {overdue.map(({ job, step }) => (
                    <li key={`${job.id}-${step.nodeId}`}>
                      <Link to={`/jobs/${encodeURIComponent(job.id)}`}>
                        <span className="job-code">{job.code}</span>
                        <span className="overdue-title">
                          {job.title}
                          <span className="muted small">
                            {' '}
                            · {job.vendorOrg?.name} · {step.nodeId}
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
          <section className="card table-wrap">
            <div className="card-head">
              <h2>{t('vendors')}</h2>
            </div>
            <table className="table">
              <thead>
                <tr>
                  <th>{t('vendor')}</th>
                  <th>{t('jobs')}</th>
                  <th>{t('running')}</th>
                  <th>{t('completed')}</th>
                  <th>{t('stuck')}</th>
                  <th>{t('overdueSteps')}</th>
                  <th>{t('onTrack')}</th>
                </tr>
              </thead>
              <tbody>
                {vendors.map((v) => (
                  <tr key={v.id}>
                    <td className="strong-link">{v.name}</td>
                    <td>{v.total}</td>
                    <td>{v.running}</td>
                    <td>{v.completed}</td>
                    <td>{v.stuck}</td>
                    <td className={v.late ? 'bad-text' : ''}>{v.late}</td>
                    <td>
                      <div className="meter" aria-label={`${Math.round(v.onTrack * 100)}%`}>
                        <span style={{ width: `${v.onTrack * 100}%` }} className={v.onTrack < 0.7 ? 'low' : ''} />
                      </div>
                      <span className="small mono">{Math.round(v.onTrack * 100)}%</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </div>
  );
}
