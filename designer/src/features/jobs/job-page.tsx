import { useCallback, useEffect } from 'react';
import { Loading } from '../../components/empty-state';
import { ProblemBanner } from '../../components/problem-banner';
import { StatusBadge } from '../../components/status-badge';
import { listItems, type AuditEvent, type CheckResult, type JobDetail, type JobFiles } from '../../lib/api-types';
import { useLocale } from '../../lib/i18n';
import { problemOf } from '../../lib/problem';
import { Link } from '../../lib/router';
import { formatDateTime } from '../../lib/time';
import { useResource } from '../../lib/use-resource';
import { isVendor, useSession } from '../auth/session-context';
import { DeadlineChip } from '../vendor-portal/deadline-chip';
import { QaFeedbackPanel } from '../vendor-portal/qa-feedback-panel';
import { CheckResults, checksInFlight, runningChecks } from './check-results';
import { CommentsPanel } from './comments-panel';
import { EventTimeline } from './event-timeline';
import { usePagedList } from '../../lib/use-paged-list';
import { LoadMore } from '../../components/load-more';
import { FileHistory } from './file-history';
import { VersionCompare } from './version-compare';
import { JobActions } from './job-actions';
import { JobFieldsCard } from './job-fields-card';
import { HandedInPanel } from './handed-in';
import { ReportsPanel, asksForReports } from './reports-panel';
import { useJobT } from './job-messages';
import { LiveGraph } from './live-graph';
import { StepGantt } from './step-gantt';
import { assigneeOf, type Person } from './step-assignee';
import { useRefreshSoon } from './use-refresh-soon';
import { stepTitle } from '../../lib/step-title';
import { JobRiskCard } from '../risk/job-risk-card';
import { Card } from '../../components/card';

const eventKey = (e: AuditEvent) => String(e.seq);

export function JobPage({ jobId }: { jobId: string }) {
  const t = useJobT();
  const { locale } = useLocale();
  const { zone, me } = useSession();
  const base = `/jobs/${encodeURIComponent(jobId)}`;
  // The stream invalidates what an event of this job changed; polling is the fallback while it is down.
  const job = useResource<JobDetail>(base, 30_000);
  const events = usePagedList<AuditEvent>(`${base}/events`, 200, 30_000, eventKey);
  const checks = useResource<unknown>(`${base}/checks`, 30_000);
  const files = useResource<JobFiles>(`${base}/files`);
  const people = listItems<Person>(useResource<unknown>('/users').data);
  // Just after a start (or a decision) the read model lags the workflow by a moment: look again soon.
  const settling = job.data?.status === 'running' && job.data.activeSteps.length === 0;
  const { reload } = job;
  const reloadEvents = events.reload;
  const refreshSoon = useRefreshSoon(useCallback(() => { reload(); reloadEvents(); }, [reload, reloadEvents]));
  useEffect(() => {
    if (!settling) return;
    const id = window.setTimeout(reload, 1500);
    return () => window.clearTimeout(id);
  }, [settling, reload, job.data]);
  if (job.error) {
    return (
      <div className="page">
        <ProblemBanner problem={problemOf(job.error)} title={t('loadFailed')} />
      </div>
    );
  }
  if (!job.data) return <Loading label={t('loading')} />;
  const j = job.data;
  const active = j.steps.filter((s) => s.status === 'active' || s.status === 'overdue');
  const evts = events.items;
  return (
    <div className="page wide">
      <Link to="/jobs" className="back-link">
        ← {t('jobs')}
      </Link>
      <header className="job-head card card-pad">
        <div>
          <span className="job-code">{j.code}</span>
          <h1>{j.title}</h1>
          <div className="muted small">
            {j.vendorOrg?.name} · {t('sop')} {j.sop.key} v{j.sop.version} · {formatDateTime(j.createdAt, zone, locale)}
          </div>
        </div>
        <div className="job-head-side">
          <StatusBadge status={j.status} />
          {active.map((s) => {
            const person = assigneeOf(s, j, people);
            return (
              <div key={s.nodeId} className="row active-step">
                <span className="stack tight">
                  <span className="muted small">{stepTitle(s, j.definition)}</span>
                  {person && <span className="small step-assignee">{t('assignedTo', { name: person })}</span>}
                </span>
                <DeadlineChip dueAt={s.dueAt} />
              </div>
            );
          })}
        </div>
      </header>
      <div className="job-grid">
        <section className="card span-2">
          <div className="card-head">
            <h2>{t('graph')}</h2>
            <div className="live-legend">
              <span className="legend-dot active" /> {t('active')} <span className="legend-dot done" /> ✓ <span className="legend-dot overdue" /> !
            </div>
          </div>
          {j.definition ? <LiveGraph definition={j.definition} steps={j.steps} /> : <p className="card-pad muted">—</p>}
        </section>
        <section className="card span-2">
          <div className="card-head">
            <h2>{t('gantt')}</h2>
          </div>
          <div className="card-pad">
            <StepGantt steps={j.steps} definition={j.definition} />
          </div>
        </section>
        <JobFieldsCard job={j} onSaved={refreshSoon} />
        {!isVendor(me) && <JobRiskCard jobId={jobId} stepTitle={(nodeId) => stepTitle({ nodeId }, j.definition)} />}
        <JobActions job={j} onDone={refreshSoon} />
        <Card title={t('timeline')} aside={<span className="muted small">{t('events', { n: evts.length })}</span>} bodyClassName="scroll-y">
          <EventTimeline events={evts} definition={j.definition} />
          <LoadMore shown={evts.length} hasMore={events.hasMore} loading={events.loadingMore} onMore={events.loadMore} />
        </Card>
        <Card title={t('checks')} bodyClassName="scroll-y">
          <CheckResults checks={listItems<CheckResult>(checks.data)} running={runningChecks(j)} />
        </Card>
        <Card title={t('handedIn')} bodyClassName="scroll-y">
          <HandedInPanel jobId={jobId} refreshKey={j.steps.map((s) => `${s.nodeId}:${s.round}:${s.status}`).join(',')} />
        </Card>
        {asksForReports(j.definition) && <ReportsPanel jobId={jobId} canFile={false} />}
        <Card title={t('files')}>
          <FileHistory versions={files.data?.versions ?? []} />
        </Card>
        <section className="card span-2">
          <div className="card-head">
            <h2>{t('compareVersions')}</h2>
          </div>
          <div className="card-pad">
            <VersionCompare jobId={jobId} files={files.data} definition={j.definition} checksRunning={checksInFlight(j)} />
          </div>
        </section>
        <Card title={t('comments')} bodyClassName="stack">
          <QaFeedbackPanel jobId={jobId} definition={j.definition} />
          <CommentsPanel jobId={jobId} />
        </Card>
      </div>
    </div>
  );
}
