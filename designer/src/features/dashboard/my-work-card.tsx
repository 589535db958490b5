import { LoadMore } from '../../components/load-more';
import { ProblemBanner } from '../../components/problem-banner';
import { useMyTasks, type TaskKind } from '../../lib/my-tasks';
import { problemOf } from '../../lib/problem';
import { Link } from '../../lib/router';
import { stepTitle } from '../../lib/step-title';
import { DeadlineChip } from '../vendor-portal/deadline-chip';
import { useDashboardT } from './dashboard-messages';
import { useOptionalResource } from '../../lib/use-optional-resource';
import { isVendor, useSession } from '../auth/session-context';
import type { AtRiskSteps } from '../risk/at-risk-card';
import { RiskBadge } from '../risk/risk-badge';

const KINDS: TaskKind[] = ['task', 'review', 'acceptance', 'stuck', 'overdue'];

/** The caller's own queue (`GET /api/me/tasks`): steps to act on, stuck jobs and late steps escalated to them, with badge counts. */
export function MyWorkCard() {
  const t = useDashboardT();
  const work = useMyTasks({}, 10, 60_000);
  const { me } = useSession();
  // Staff see which of their steps are at risk of finishing late (the at-risk list's first 200); vendors never.
  const risks = useOptionalResource<AtRiskSteps>(isVendor(me) ? null : '/analytics/risk?limit=200', 60_000);
  const riskOf = new Map((risks.data?.items ?? []).map((r) => [`${r.job.id}\u0000${r.nodeId}`, r]));
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
                {(() => {
                  const risk = riskOf.get(`${item.job.id}\u0000${item.step.nodeId}`);
                  return risk ? <RiskBadge probability={risk.probability} atRisk factors={risk.factors} /> : null;
                })()}
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
