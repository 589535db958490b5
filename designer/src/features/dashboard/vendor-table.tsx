import type { VendorKpis, VendorStatusRow } from './analytics';
import { useDashboardT } from './dashboard-messages';
import { formatKpi } from './kpi-cards';

/** Per vendor: jobs by state and overdue steps as the server counts them (every job), and the analytics KPIs. */
export function VendorTable({ vendors, kpis }: { vendors: VendorStatusRow[]; kpis: Map<string, VendorKpis> }) {
  const t = useDashboardT();
  const rows = vendors.map(({ id, name, jobsByStatus: n, overdueSteps: late }) => {
    const total = Object.values(n).reduce((sum, v) => sum + (v ?? 0), 0);
    const open = (n.running ?? 0) + (n.stuck ?? 0);
    return { id, name, total, running: open, completed: n.completed ?? 0, stuck: n.stuck ?? 0, late, onTrack: open ? Math.max(0, 1 - late / open) : 1 };
  });
  const withKpis = kpis.size > 0;
  const ratio = (v: number | undefined) => (v === undefined ? '—' : formatKpi({ unit: 'ratio', value: v }, t));
  return (
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
            {withKpis && (
              <>
                <th>{t('onTime')}</th>
                <th>{t('firstPass')}</th>
                <th>{t('cycle')}</th>
                <th>{t('rework')}</th>
                <th>{t('delayCause')}</th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((v) => {
            const k = kpis.get(v.id);
            const cause = k?.delayCauses.slice().sort((a, b) => b.count - a.count)[0];
            return (
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
                {withKpis && (
                  <>
                    <td className="mono">{ratio(k?.onTimeRate)}</td>
                    <td className="mono">{ratio(k?.firstPassRate)}</td>
                    <td className="mono">{k?.avgCycleHours !== undefined ? formatKpi({ unit: 'hours', value: k.avgCycleHours }, t) : '—'}</td>
                    <td className="mono">{k?.avgReworkRounds !== undefined ? k.avgReworkRounds.toFixed(2) : '—'}</td>
                    <td className="small">{cause ? `${cause.label} ×${cause.count}` : '—'}</td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
