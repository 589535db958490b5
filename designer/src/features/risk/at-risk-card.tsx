import type { components } from '../../lib/api-schema';
import { ProblemBanner } from '../../components/problem-banner';
import { problemOf } from '../../lib/problem';
import { Link } from '../../lib/router';
import { useOptionalResource } from '../../lib/use-optional-resource';
import { DeadlineChip } from '../vendor-portal/deadline-chip';
import { RiskBadge } from './risk-badge';
import { useRiskT } from './risk-messages';
import { RiskModelNote } from './risk-model-note';

export type AtRiskSteps = components['schemas']['AtRiskSteps'];

/** The dashboard's "at risk" list (`GET /api/analytics/risk`): active vendor steps most likely to finish late, staff only. */
export function AtRiskCard() {
  const t = useRiskT();
  const { data, error, absent } = useOptionalResource<AtRiskSteps>('/analytics/risk?limit=20', 60_000);
  if (absent) return null;
  return (
    <section className="card" aria-labelledby="at-risk-title">
      <div className="card-head">
        <h2 id="at-risk-title">{t('title')}</h2>
        {data && <span className="count bad">{data.items.length}{data.nextCursor ? '+' : ''}</span>}
      </div>
      {error ? <ProblemBanner problem={problemOf(error)} /> : null}
      {data && data.model.status !== 'trained' ? <RiskModelNote model={data.model} /> : null}
      {data && data.model.status === 'trained' && data.items.length === 0 ? <p className="card-pad muted">{t('empty')}</p> : null}
      {data && data.items.length > 0 && (
        <ul className="overdue-list">
          {data.items.map((item) => (
            <li key={`${item.job.id}-${item.nodeId}-${item.round}`}>
              <Link to={`/jobs/${encodeURIComponent(item.job.id)}`}>
                <span className="job-code">{item.job.code}</span>
                <span className="overdue-title">
                  {item.job.title}
                  <span className="muted small"> · {item.nodeId}{item.round > 1 ? ` · ${t('round', { n: item.round })}` : ''}</span>
                </span>
                <RiskBadge probability={item.probability} atRisk factors={item.factors} />
                <DeadlineChip dueAt={item.dueAt} />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
