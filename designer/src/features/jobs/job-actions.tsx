import type { JobDetail } from '../../lib/api-types';
import { hasRole, useSession } from '../auth/session-context';
import { CancelJobForm } from './cancel-job-form';
import { ChangeVendorForm } from './change-vendor-form';
import { DeadlineForm } from './deadline-form';
import { useJobT } from './job-messages';
import { LateReasonForm, lateSteps } from './late-reason-form';
import { MigrateJobForm } from './migrate-job-form';
import { ReassignForm } from './reassign-form';

/** Owner and manager actions: on a running job move a deadline, reassign a role, hand to another vendor and move to another SOP version (owner, admin), cancel; on any job explain a late step. */
export function JobActions({ job, onDone }: { job: JobDetail; onDone: () => void }) {
  const t = useJobT();
  const { me } = useSession();
  if (!hasRole(me, 'owner', 'manager', 'admin')) return null;
  const running = job.status === 'running' || job.status === 'stuck';
  const late = lateSteps(job.steps);
  if (!running && late.length === 0) return null;
  const movable = job.steps.filter((s) => (s.status === 'active' || s.status === 'overdue') && (s.type === 'task' || s.type === 'review' || s.type === 'accept'));
  return (
    <section className="card span-2 job-actions" aria-labelledby="job-actions-title">
      <div className="card-head">
        <h2 id="job-actions-title">{t('actions')}</h2>
      </div>
      <div className="card-pad action-grid">
        {running && movable.length > 0 && <DeadlineForm jobId={job.id} steps={movable} definition={job.definition} onDone={onDone} />}
        {running && <ReassignForm job={job} definition={job.definition} onDone={onDone} />}
        {running && hasRole(me, 'owner', 'admin') && <ChangeVendorForm job={job} definition={job.definition} onDone={onDone} />}
        {running && hasRole(me, 'owner', 'admin') && <MigrateJobForm job={job} onDone={onDone} />}
        {running && <CancelJobForm jobId={job.id} onDone={onDone} />}
        {late.length > 0 && <LateReasonForm jobId={job.id} steps={late} definition={job.definition} onDone={onDone} />}
      </div>
    </section>
  );
}
