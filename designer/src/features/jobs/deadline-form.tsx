import { useEffect, useId, useState, type FormEvent } from 'react';
import type { SopDefinition } from '../../../../core/sop/types';
import type { JobStep } from '../../lib/api-types';
import { stepTitle } from '../../lib/step-title';
import { fromLocalInput, toLocalInput } from '../../lib/zoned-input';
import { useSession } from '../auth/session-context';
import { useJobT } from './job-messages';
import { useJobAction } from './use-job-action';
import { JobActionStatus } from './job-action-status';
import { DelayReasonFields, useDelayReasons } from './delay-reason-select';

/** Move an active task's or review's deadline, naming why (a delay reason code and a note); the picker reads and writes wall-clock time in the viewer's zone. */
export function DeadlineForm({ jobId, steps, definition, onDone }: { jobId: string; steps: JobStep[]; definition?: SopDefinition | null; onDone: () => void }) {
  const t = useJobT();
  const id = useId();
  const { zone } = useSession();
  const [nodeId, setNodeId] = useState(steps[0]?.nodeId ?? '');
  const step = steps.find((s) => s.nodeId === nodeId) ?? steps[0];
  const [value, setValue] = useState(() => toLocalInput(step?.dueAt, zone));
  useEffect(() => setValue(toLocalInput(step?.dueAt, zone)), [step?.nodeId, step?.dueAt, zone]);
  const reasons = useDelayReasons(jobId);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const action = useJobAction(onDone);
  const due = fromLocalInput(value, zone);
  if (!step) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (due && reason) {
      action.run(`/jobs/${encodeURIComponent(jobId)}/steps/${encodeURIComponent(step.nodeId)}/deadline`, { dueAt: due.toISOString(), reason, ...(note.trim() ? { note: note.trim() } : {}) });
    }
  };
  return (
    <form className="stack action-form" onSubmit={submit} aria-label={t('extendDeadline')}>
      <h3>{t('extendDeadline')}</h3>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={`${id}-step`}>{t('step')}</label>
          <select id={`${id}-step`} value={step.nodeId} onChange={(e) => setNodeId(e.target.value)}>
            {steps.map((s) => (
              <option key={s.nodeId} value={s.nodeId}>
                {stepTitle(s, definition)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-due`}>{t('newDue', { zone })}</label>
          <input id={`${id}-due`} type="datetime-local" required value={value} onChange={(e) => setValue(e.target.value)} />
        </div>
      </div>
      <DelayReasonFields reasons={reasons} reason={reason} note={note} onReason={setReason} onNote={setNote} />
      <JobActionStatus action={action} doneText={t('deadlineMoved')} />
      <div className="row">
        <button type="submit" className="btn" disabled={action.busy || !due || !reason}>
          {t('moveDeadline')}
        </button>
      </div>
    </form>
  );
}
