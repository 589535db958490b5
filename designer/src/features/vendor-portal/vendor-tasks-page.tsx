import { EmptyState, Loading } from '../../components/empty-state';
import { ProblemBanner } from '../../components/problem-banner';
import { StatusBadge } from '../../components/status-badge';
import { listItems, type JobSummary } from '../../lib/api-types';
import { problemOf } from '../../lib/problem';
import { Link } from '../../lib/router';
import { useNow } from '../../lib/time';
import { useResource } from '../../lib/use-resource';
import { DeadlineChip } from './deadline-chip';
import { useVendorT } from './vendor-messages';
import { vendorTaskRows } from './vendor-task-rows';
import { stepTitle } from '../../lib/step-title';

export function VendorTasksPage() {
  const t = useVendorT();
  const now = useNow(60_000);
  const { data, error, loading } = useResource<unknown>('/jobs?limit=100', 60_000);
  const jobs = listItems<JobSummary>(data);
  const rows = vendorTaskRows(jobs, now);
  const busy = new Set(rows.map((r) => r.job.id));
  const others = jobs.filter((j) => !busy.has(j.id));
  return (
    <div className="page narrow">
      <header className="page-head">
        <div>
          <h1>{t('title')}</h1>
          <p className="muted">{t('subtitle')}</p>
        </div>
      </header>
      {error ? <ProblemBanner problem={problemOf(error)} /> : null}
      {loading && !data ? (
        <Loading label={t('loading')} />
      ) : rows.length === 0 ? (
        <div className="card">
          <EmptyState title={t('empty')}>{t('emptyHint')}</EmptyState>
        </div>
      ) : (
        <ul className="task-cards">
          {rows.map(({ job, step, dueMs }) => (
            <li key={`${job.id}-${step.nodeId}`}>
              <Link to={`/vendor/jobs/${encodeURIComponent(job.id)}`} className={`task-card${dueMs !== undefined && dueMs < now ? ' overdue' : ''}`}>
                <div className="task-card-main">
                  <div className="task-card-top">
                    <span className="job-code">{job.code}</span>
                    {step.round > 1 && <span className="badge status-draft">{t('rework')} · {t('round', { round: step.round })}</span>}
                  </div>
                  <div className="task-card-title">{job.title}</div>
                  <div className="muted small">
                    {job.sop.key} · {stepTitle(step)}
                  </div>
                </div>
                <DeadlineChip dueAt={step.dueAt} />
              </Link>
            </li>
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <section className="stack">
          <h2 className="section-title">{t('waiting')}</h2>
          <ul className="task-cards">
            {others.map((job) => (
              <li key={job.id}>
                <Link to={`/vendor/jobs/${encodeURIComponent(job.id)}`} className="task-card quiet">
                  <div className="task-card-main">
                    <span className="job-code">{job.code}</span>
                    <div className="task-card-title">{job.title}</div>
                  </div>
                  <StatusBadge status={job.status} />
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
