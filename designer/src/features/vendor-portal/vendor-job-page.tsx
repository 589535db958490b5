import { useState } from 'react';
import { Loading } from '../../components/empty-state';
import { ProblemBanner } from '../../components/problem-banner';
import { StatusBadge } from '../../components/status-badge';
import type { AcceptNode, TaskNode } from '../../../../core/sop/types';
import { AcceptPanel } from './accept-panel';
import { listItems, type CheckResult, type JobDetail, type JobFiles } from '../../lib/api-types';
import { problemOf } from '../../lib/problem';
import { Link } from '../../lib/router';
import { useResource } from '../../lib/use-resource';
import { CheckResults, checksInFlight, runningChecks } from '../jobs/check-results';
import { CommentsPanel } from '../jobs/comments-panel';
import { LateReasonForm, lateSteps } from '../jobs/late-reason-form';
import { FileHistory } from '../jobs/file-history';
import { DeadlineChip } from './deadline-chip';
import { QaFeedbackPanel } from './qa-feedback-panel';
import { SubmissionForm } from './submission-form';
import { useVendorT } from './vendor-messages';
import { VersionCompare } from '../jobs/version-compare';
import { useQaT } from '../qa-review/qa-messages';
import { Card } from '../../components/card';
import { ReportsPanel, asksForReports } from '../jobs/reports-panel';

export function VendorJobPage({ jobId }: { jobId: string }) {
  const t = useVendorT();
  const qaT = useQaT();
  const [submitted, setSubmitted] = useState<number>();
  const base = `/jobs/${encodeURIComponent(jobId)}`;
  // Check results and step changes show as soon as they are stored (the stream invalidates them), polling is the fallback.
  const job = useResource<JobDetail>(base, 30_000);
  const checks = useResource<unknown>(`${base}/checks`, 30_000);
  const files = useResource<JobFiles>(`${base}/files`);
  if (job.error) {
    return (
      <div className="page narrow">
        <ProblemBanner problem={problemOf(job.error)} />
      </div>
    );
  }
  if (!job.data) return <Loading label={t('loading')} />;
  const j = job.data;
  const def = j.definition ?? undefined;
  const activeTasks = (j.steps ?? []).filter((s) => (s.status === 'active' || s.status === 'overdue') && s.type === 'task' && (!s.assigneeRole || s.assigneeRole === 'vendor'));
  const activeAccepts = (j.steps ?? []).filter((s) => (s.status === 'active' || s.status === 'overdue') && s.type === 'accept' && (!s.assigneeRole || s.assigneeRole === 'vendor'));
  const versions = files.data?.versions ?? [];
  const reload = (round: number) => {
    setSubmitted(round);
    job.reload();
    checks.reload();
    files.reload();
  };
  const feedback = (
    <section className="card" aria-labelledby="qa-feedback-title">
      <div className="card-head">
        <h2 id="qa-feedback-title">{t('qaFeedback')}</h2>
      </div>
      <div className="card-pad">
        <QaFeedbackPanel jobId={jobId} definition={def} />
      </div>
    </section>
  );
  // In a rework round QA's reasons are what the vendor needs first: above the form.
  const rework = activeTasks.some((s) => s.round > 1);
  return (
    <div className="page narrow">
      <Link to="/vendor" className="back-link">
        ← {t('back')}
      </Link>
      <header className="job-head card card-pad">
        <div>
          <span className="job-code">{j.code}</span>
          <h1>{j.title}</h1>
          <div className="muted small">{j.vendorOrg?.name}</div>
        </div>
        <div className="job-head-side">
          <StatusBadge status={j.status} />
          {(activeAccepts[0] ?? activeTasks[0]) && <DeadlineChip dueAt={(activeAccepts[0] ?? activeTasks[0])!.dueAt} large />}
        </div>
      </header>
      {submitted !== undefined && (
        <div className="success" role="status">
          ✓ {t('submitted', { round: submitted })}
        </div>
      )}
      {def &&
        activeAccepts.map((step) => {
          const node = def.nodes.find((n) => n.id === step.nodeId && n.type === 'accept') as AcceptNode | undefined;
          return node ? <AcceptPanel key={`${step.nodeId}-${step.round}`} jobId={jobId} node={node} onAnswered={job.reload} /> : null;
        })}
      {activeTasks.length === 0 && activeAccepts.length === 0 && <div className="card card-pad muted">{t('noActive')}</div>}
      {asksForReports(def, true) && <ReportsPanel jobId={jobId} canFile />}
      {rework && feedback}
      {def &&
        activeTasks.map((step) => {
          const node = def.nodes.find((n) => n.id === step.nodeId && n.type === 'task') as TaskNode | undefined;
          return node ? <SubmissionForm key={`${step.nodeId}-${step.round}`} job={j} definition={def} node={node} step={step} versions={versions} references={files.data?.references} onSubmitted={reload} /> : null;
        })}
      {!rework && feedback}
      <Card title={t('checks')}>
        <CheckResults checks={listItems<CheckResult>(checks.data)} running={runningChecks(j)} />
      </Card>
      {(() => {
        // The vendor's own steps that finished after their due time: say why (the reason counts in the buyer's vendor report).
        const late = lateSteps((j.steps ?? []).filter((s) => s.assigneeRole === 'vendor'));
        return late.length > 0 ? (
          <section className="card card-pad">
            <LateReasonForm jobId={jobId} steps={late} definition={def} onDone={job.reload} />
          </section>
        ) : null;
      })()}
      <Card title={t('comments')}>
        <CommentsPanel jobId={jobId} />
      </Card>
      <Card title={t('history')}>
        <FileHistory versions={versions} />
      </Card>
      {versions.length > 0 && (
        <Card title={qaT('compareVersions')}>
          <VersionCompare jobId={jobId} files={files.data} definition={def ?? null} checksRunning={checksInFlight(j)} />
        </Card>
      )}
    </div>
  );
}
