import { LoadMore } from '../../components/load-more';
import { ProblemBanner } from '../../components/problem-banner';
import { useMyTasks, type TaskKind } from '../../lib/my-tasks';
import { problemOf } from '../../lib/problem';
import { Link } from '../../lib/router';
import { stepTitle } from '../../lib/step-title';
import { DeadlineChip } from '../vendor-portal/deadline-chip';
import { useDashboardT } from './dashboard-messages';

const KINDS: TaskKind[] = ['task', 'review', 'acceptance', 'stuck', 'overdue'];

/** The caller's own queue (`GET /api/me/tasks`): steps to act on, stuck jobs and late steps escalated to them, with badge counts. */
export function MyWorkCard() {
  const t = useDashboardT();
  const work = useMyTasks({}, 10, 60_000);
  const counts = work.counts;
  const kindLabel = (kind: string) => (KINDS.includes(kind as TaskKind) ? t(`kind.${kind as TaskKind}`) : kind);
  return (
    <section className="card" aria-labelledby="my-work-title">
      <div className="card-head">
        <h2 id="my-work-title">{t('myWork')}</h2>
        {counts && (
          <div className="queue-counts">
            {KINDS.filter((k) => (counts.byKind[k] ?? 0) > 0).map((k) => (
              <span key={k} className="count">
                {kindLabel(k)} {counts.byKind[k]}
              </span>
            ))}
            {counts.overdue > 0 && <span className="count bad">{t('overdueCount', { count: counts.overdue })}</span>}
          </div>
        )}
      </div>
      {work.error ? <ProblemBanner problem={problemOf(work.error)} /> : null}
      {!work.loading && work.items.length === 0 ? (
        <p className="card-pad muted">{t('myWorkEmpty')}</p>
      ) : (
        <ul className="overdue-list">
          {work.items.map((item) => (
            <li key={item.id}>
              <Link to={item.kind === 'review' ? `/qa/jobs/${encodeURIComponent(item.job.id)}/${encodeURIComponent(item.step.nodeId)}` : `/jobs/${encodeURIComponent(item.job.id)}`}>
                <span className="job-code">{item.job.code}</span>
                <span className="overdue-title">
                  {item.job.title}
                  <span className="muted small">
                    {' '}
                    · {kindLabel(item.kind)} · {item.job.vendorOrg.name} · {stepTitle(item.step)}
                  </span>
                </span>
                <DeadlineChip dueAt={item.dueAt} />
              </Link>
            </li>
          ))}
        </ul>
      )}
      <LoadMore shown={work.items.length} total={counts?.total} hasMore={work.hasMore} loading={work.loadingMore} onMore={work.loadMore} />
    </section>
  );
}
