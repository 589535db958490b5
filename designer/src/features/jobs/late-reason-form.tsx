import { useId, useState, type FormEvent } from 'react';
import type { SopDefinition } from '../../../../core/sop/types';
import type { JobStep } from '../../lib/api-types';
import { stepTitle } from '../../lib/step-title';
import { DelayReasonFields, useDelayReasons } from './delay-reason-select';
import { JobActionStatus } from './job-action-status';
import { useJobT } from './job-messages';
import { useJobAction } from './use-job-action';

/** Steps that finished after their due time (late completions), latest first. */
export function lateSteps(steps: JobStep[]): JobStep[] {
  return steps
    .filter((s) => s.status === 'done' && s.dueAt && s.completedAt && Date.parse(s.completedAt) > Date.parse(s.dueAt))
    .sort((a, b) => Date.parse(b.completedAt!) - Date.parse(a.completedAt!));
}

/** Explain why a step finished late: a delay reason and a note for one late step round (a later answer replaces it). */
export function LateReasonForm({ jobId, steps, definition, onDone }: { jobId: string; steps: JobStep[]; definition?: SopDefinition | null; onDone: () => void }) {
  const t = useJobT();
  const id = useId();
  const [key, setKey] = useState(steps[0] ? `${steps[0].nodeId}#${steps[0].round}` : '');
  const step = steps.find((s) => `${s.nodeId}#${s.round}` === key) ?? steps[0];
  const reasons = useDelayReasons(jobId);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const action = useJobAction(onDone);
  if (!step) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason) return;
    action.run(`/jobs/${encodeURIComponent(jobId)}/steps/${encodeURIComponent(step.nodeId)}/delay-reason`, { reason, round: step.round, ...(note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <form className="stack action-form" onSubmit={submit} aria-label={t('explainLate')}>
      <h3>{t('explainLate')}</h3>
      <div className="field">
        <label htmlFor={`${id}-step`}>{t('lateStep')}</label>
        <select id={`${id}-step`} value={`${step.nodeId}#${step.round}`} onChange={(e) => setKey(e.target.value)}>
          {steps.map((s) => (
            <option key={`${s.nodeId}#${s.round}`} value={`${s.nodeId}#${s.round}`}>
              {stepTitle(s, definition)} · {t('roundN', { n: s.round })}
            </option>
          ))}
        </select>
      </div>
      <DelayReasonFields reasons={reasons} reason={reason} note={note} onReason={setReason} onNote={setNote} />
      <JobActionStatus action={action} doneText={t('lateExplained')} />
      <div className="row">
        <button type="submit" className="btn" disabled={action.busy || !reason}>
          {t('saveReason')}
        </button>
      </div>
    </form>
  );
}
