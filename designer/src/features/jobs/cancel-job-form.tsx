import { useId, useState, type FormEvent } from 'react';
import { useJobT } from './job-messages';
import { useJobAction } from './use-job-action';
import { JobActionStatus } from './job-action-status';

/** Cancel a running job with a reason; a second click confirms. */
export function CancelJobForm({ jobId, onDone }: { jobId: string; onDone: () => void }) {
  const t = useJobT();
  const id = useId();
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const action = useJobAction(onDone);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!confirming) return setConfirming(true);
    action.run(`/jobs/${encodeURIComponent(jobId)}/cancel`, reason.trim() ? { reason: reason.trim() } : {});
    setConfirming(false);
  };
  return (
    <form className="stack action-form" onSubmit={submit} aria-label={t('cancelJob')}>
      <h3>{t('cancelJob')}</h3>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('cancelReason')}</label>
        <textarea id={`${id}-reason`} rows={2} value={reason} placeholder={t('cancelReasonHint')} onChange={(e) => setReason(e.target.value)} />
      </div>
      <JobActionStatus action={action} doneText={t('cancelSent')} />
      <div className="row">
        <button type="submit" className="btn bad" disabled={action.busy}>
          {confirming ? t('cancelConfirm') : t('cancelJob')}
        </button>
        {confirming && (
          <button type="button" className="btn ghost" onClick={() => setConfirming(false)}>
            {t('keepJob')}
          </button>
        )}
      </div>
    </form>
  );
}
