import { EmptyState, Loading } from '../../components/empty-state';
import { LoadMore } from '../../components/load-more';
import { ProblemBanner } from '../../components/problem-banner';
import { StatusBadge } from '../../components/status-badge';
import type { ActiveStepBrief, JobSummary } from '../../lib/api-types';
import { useMyTasks } from '../../lib/my-tasks';
import { problemOf } from '../../lib/problem';
import { Link } from '../../lib/router';
import { stepTitle } from '../../lib/step-title';
import { usePagedList } from '../../lib/use-paged-list';
import { DeadlineChip } from './deadline-chip';
import { useVendorT } from './vendor-messages';
import { useAcceptT } from './accept-messages';
import { useReportsT } from '../jobs/reports-messages';

/** Whether a job of the list has an active vendor task (it is then in the task list, not among the waiting ones). */
function hasVendorTask(job: JobSummary): boolean {
  return (job.activeSteps ?? []).some((s) => typeof s !== 'string' && isVendorTask(s));
}
const isVendorTask = (s: ActiveStepBrief) => (s.type === 'task' || s.type === 'accept') && (!s.assigneeRole || s.assigneeRole === 'vendor');

/** The vendor's tasks from `GET /api/me/tasks` (server-paged, overdue first), then its running jobs waiting on others. */
export function VendorTasksPage({ pageSize = 50 }: { pageSize?: number }) {
  const t = useVendorT();
  const ta = useAcceptT();
  const tr = useReportsT();
  const tasks = useMyTasks({}, pageSize, 60_000);
  const running = usePagedList<JobSummary>('/jobs?status=running', pageSize, 60_000);
  const waiting = running.items.filter((job) => !hasVendorTask(job));
  return (
    <div className="page narrow">
      <header className="page-head">
        <div>
          <h1>{t('title')}</h1>
          <p className="muted">{t('subtitle')}</p>
        </div>
        {tasks.counts && (
          <div className="queue-counts">
            <span className="count">{t('openCount', { count: tasks.counts.total })}</span>
            {tasks.counts.overdue > 0 && <span className="count bad">{t('overdueCount', { count: tasks.counts.overdue })}</span>}
          </div>
        )}
      </header>
      {tasks.error ? <ProblemBanner problem={problemOf(tasks.error)} /> : null}
      {tasks.loading && tasks.items.length === 0 ? (
        <Loading label={t('loading')} />
      ) : tasks.items.length === 0 ? (
        <div className="card">
          <EmptyState title={t('empty')}>{t('emptyHint')}</EmptyState>
        </div>
      ) : (
        <>
          <ul className="task-cards" aria-label={t('title')}>
            {tasks.items.map((item) => (
              <li key={item.id}>
                <Link to={`/vendor/jobs/${encodeURIComponent(item.job.id)}`} className={`task-card${item.overdue ? ' overdue' : ''}`}>
                  <div className="task-card-main">
                    <div className="task-card-top">
                      <span className="job-code">{item.job.code}</span>
                      {item.kind === 'acceptance' && <span className="badge status-active">{ta('toAnswer')}</span>}
                      {item.kind === 'report' && <span className="badge status-active">{tr('reportDue')}</span>}
                      {item.step.round > 1 && <span className="badge status-draft">{t('rework')} · {t('round', { round: item.step.round })}</span>}
                    </div>
                    <div className="task-card-title">{item.job.title}</div>
                    <div className="muted small">
                      {item.job.sop.key} · {stepTitle(item.step)}
                    </div>
                  </div>
                  <DeadlineChip dueAt={item.dueAt} />
                </Link>
              </li>
            ))}
          </ul>
          <LoadMore shown={tasks.items.length} total={tasks.counts?.total} hasMore={tasks.hasMore} loading={tasks.loadingMore} onMore={tasks.loadMore} />
        </>
      )}
      {waiting.length > 0 && (
        <section className="stack">
          <h2 className="section-title">{t('waiting')}</h2>
          <ul className="task-cards">
            {waiting.map((job) => (
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
      {running.hasMore && <LoadMore shown={running.items.length} hasMore loading={running.loadingMore} onMore={running.loadMore} />}
    </div>
  );
}
