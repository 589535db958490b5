import type { components } from '../../lib/api-schema';
import { useRiskT, type RiskKey } from './risk-messages';

export type RiskFactor = components['schemas']['RiskFactor'];

/** The delay risk of one step: its probability, highlighted when at risk, with its main factors as a tooltip and list. */
export function RiskBadge({ probability, atRisk, factors, showFactors = false }: { probability: number; atRisk: boolean; factors: RiskFactor[]; showFactors?: boolean }) {
  const t = useRiskT();
  const names = factors.map((f) => t(`f.${f.feature}` as RiskKey));
  return (
    <span className="risk">
      <span className={`count${atRisk ? ' bad' : ''}`} title={names.length ? `${t('factors')}: ${names.join(', ')}` : undefined} aria-label={`${t('risk')} ${Math.round(probability * 100)}%`}>
        {t('badge', { pct: Math.round(probability * 100) })}
      </span>
      {showFactors && names.length > 0 && <span className="muted small"> · {names.join(' · ')}</span>}
    </span>
  );
}
