import { useEffect, useState } from 'react';
import type { SopDefinition } from '../../../../core/sop/types';
import { ProblemBanner } from '../../components/problem-banner';
import type { ReportsPage } from '../../lib/api-types';
import { problemOf } from '../../lib/problem';
import { useResource } from '../../lib/use-resource';
import { useSession } from '../auth/session-context';
import { ReportForm } from '../vendor-portal/report-form';
import { ReportsList } from './reports-list';
import { useReportsT } from './reports-messages';

/** Whether `definition` asks any step for recurring reports (of the vendor slot only, with `vendorOnly`). */
export function asksForReports(definition: SopDefinition | null | undefined, vendorOnly = false): boolean {
  return (definition?.nodes ?? []).some((n) => (n.type === 'task' || n.type === 'accept') && n.reports && (!vendorOnly || n.assignee === 'vendor'));
}

/** The next period boundary after `now` (a new period opens: its form appears), from the periods read; undefined when none is ahead. */
export function nextPeriodBoundary(page: ReportsPage | undefined, now: number): number | undefined {
  const ends = [...(page?.owed ?? []), ...(page?.items ?? [])].map((r) => Date.parse(r.periodEnd)).filter((t) => t > now);
  return ends.length > 0 ? Math.min(...ends) : undefined;
}

/**
 * A job's recurring reports (日报/周报/打卡): on the vendor's page the periods
 * owed now, each with its form (`canFile`), then every filed and missed period.
 * A filed or missed report is a job event of the live stream, which refreshes this
 * read (lib/live-query-sync.tsx); it polls every 30 s only while the stream is down.
 */
export function ReportsPanel({ jobId, canFile }: { jobId: string; canFile: boolean }) {
  const t = useReportsT();
  const { zone } = useSession();
  const reports = useResource<ReportsPage>(`/jobs/${encodeURIComponent(jobId)}/reports?limit=200`, 30_000);
  const [sent, setSent] = useState<number>();
  const owed = canFile ? reports.data?.owed ?? [] : [];
  // No event marks a new period opening: read again at the next boundary (capped at a day, setTimeout's range is 24.8 days).
  const { data, reload } = reports;
  useEffect(() => {
    const now = Date.now();
    const boundary = nextPeriodBoundary(data, now);
    if (boundary === undefined) return undefined;
    const timer = setTimeout(reload, Math.min(boundary - now + 500, 86_400_000));
    return () => clearTimeout(timer);
  }, [data, reload]);
  return (
    <section className="card" aria-labelledby={`reports-${jobId}`}>
      <div className="card-head">
        <h2 id={`reports-${jobId}`}>{t('title')}</h2>
      </div>
      <div className="card-pad stack">
        {reports.error ? <ProblemBanner problem={problemOf(reports.error)} /> : null}
        {sent !== undefined && (
          <div className="success" role="status">
            ✓ {t('sent', { period: sent })}
          </div>
        )}
        {owed.map((o) => (
          <ReportForm
            key={`${o.nodeId}-${o.round}-${o.period}`}
            jobId={jobId}
            owed={o}
            zone={zone}
            onFiled={() => {
              setSent(o.period);
              reports.reload();
            }}
          />
        ))}
        {reports.data && <ReportsList items={reports.data.items} zone={zone} />}
      </div>
    </section>
  );
}
