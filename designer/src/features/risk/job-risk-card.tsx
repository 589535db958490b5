import type { components } from '../../lib/api-schema';
import { Card } from '../../components/card';
import { useOptionalResource } from '../../lib/use-optional-resource';
import { useRiskT } from './risk-messages';
import { RiskBadge } from './risk-badge';
import { RiskModelNote } from './risk-model-note';

type JobRisk = components['schemas']['JobRisk'];

/** The job page's delay-risk card (`GET /api/jobs/:id/risk`): each active vendor step's risk and main factors. Staff only. */
export function JobRiskCard({ jobId, stepTitle }: { jobId: string; stepTitle: (nodeId: string) => string }) {
  const t = useRiskT();
  const { data } = useOptionalResource<JobRisk>(`/jobs/${encodeURIComponent(jobId)}/risk`, 60_000);
  if (!data) return null;
  return (
    <Card title={t('risk')}>
      {data.model.status !== 'trained' ? (
        <RiskModelNote model={data.model} />
      ) : data.steps.length === 0 ? (
        <p className="card-pad muted">{t('noneActive')}</p>
      ) : (
        <ul className="overdue-list">
          {data.steps.map((s) => (
            <li key={`${s.nodeId}-${s.round}`}>
              <span className="overdue-title">
                {stepTitle(s.nodeId)}
                {s.round > 1 ? <span className="muted small"> · {t('round', { n: s.round })}</span> : null}
              </span>
              <RiskBadge probability={s.probability} atRisk={s.atRisk} factors={s.factors} showFactors />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
