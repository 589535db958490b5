import type { JobDetail } from '../../lib/api-types';
import { hasRole, useSession } from '../auth/session-context';
import { CancelJobForm } from './cancel-job-form';
import { ChangeVendorForm } from './change-vendor-form';
import { DeadlineForm } from './deadline-form';
import { useJobT } from './job-messages';
import { ReassignForm } from './reassign-form';

/** Owner and manager actions on a running job: move a deadline, reassign a role, hand to another vendor (owner, admin), cancel. */
export function JobActions({ job, onDone }: { job: JobDetail; onDone: () => void }) {
  const t = useJobT();
  const { me } = useSession();
  if (!hasRole(me, 'owner', 'manager', 'admin')) return null;
  if (job.status !== 'running' && job.status !== 'stuck') return null;
  const movable = job.steps.filter((s) => (s.status === 'active' || s.status === 'overdue') && (s.type === 'task' || s.type === 'review' || s.type === 'accept'));
  return (
    <section className="card span-2 job-actions" aria-labelledby="job-actions-title">
      <div className="card-head">
        <h2 id="job-actions-title">{t('actions')}</h2>
      </div>
      <div className="card-pad action-grid">
        {movable.length > 0 && <DeadlineForm jobId={job.id} steps={movable} definition={job.definition} onDone={onDone} />}
        <ReassignForm job={job} definition={job.definition} onDone={onDone} />
        {hasRole(me, 'owner', 'admin') && <ChangeVendorForm job={job} definition={job.definition} onDone={onDone} />}
        <CancelJobForm jobId={job.id} onDone={onDone} />
      </div>
    </section>
  );
}
