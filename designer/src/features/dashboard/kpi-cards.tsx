import type { Kpi } from './analytics';
import { useDashboardT, type DashboardKey } from './dashboard-messages';

export function formatKpi(kpi: Pick<Kpi, 'unit' | 'value'>, t: ReturnType<typeof useDashboardT>): string {
  if (kpi.unit === 'ratio') return `${Math.round(kpi.value * 100)}%`;
  if (kpi.unit === 'hours') return kpi.value >= 48 ? t('days', { n: (kpi.value / 24).toFixed(1) }) : t('hours', { n: kpi.value.toFixed(1) });
  if (kpi.unit === 'rounds') return t('rounds', { n: kpi.value.toFixed(2) });
  return String(kpi.value);
}

/** The analytics overview's figures as stat cards. */
export function KpiCards({ kpis }: { kpis: Kpi[] }) {
  const t = useDashboardT();
  if (kpis.length === 0) return null;
  return (
    <section aria-labelledby="kpi-title" className="stack">
      <h2 id="kpi-title" className="section-title">{t('kpis')}</h2>
      <div className="stat-grid kpis">
        {kpis.map((k) => (
          <div key={k.key} className="stat card">
            <span className="stat-label">{t(`kpi.${k.key}` as DashboardKey)}</span>
            <span className={`stat-value${k.unit === 'ratio' ? (k.value >= 0.8 ? ' good' : k.value < 0.5 ? ' bad' : '') : ''}`}>{formatKpi(k, t)}</span>
          </div>
        ))}
      </div>
    </section>
  );
}
