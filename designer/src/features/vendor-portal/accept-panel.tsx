import { useId, useState } from 'react';
import type { AcceptNode } from '../../../../core/sop/types';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import { problemOf, type Problem } from '../../lib/problem';
import { useAcceptT } from './accept-messages';

interface Props {
  jobId: string;
  node: AcceptNode;
  onAnswered: () => void;
}

/** The vendor's answer at an active accept step (接单): accept, or decline with one of the step's reasons and a note. */
export function AcceptPanel({ jobId, node, onAnswered }: Props) {
  const t = useAcceptT();
  const reasons = node.reasons ?? [];
  const hintId = useId();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [hint, setHint] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [answered, setAnswered] = useState<'accepted' | 'declined'>();

  const send = (decision: 'accepted' | 'declined') => {
    if (busy || answered) return;
    if (decision === 'declined' && reasons.length > 0 && !reason) {
      setHint(true);
      return;
    }
    setBusy(true);
    setProblem(undefined);
    const body = decision === 'accepted' ? { decision } : { decision, ...(reason ? { reason } : {}), ...(note.trim() ? { note: note.trim() } : {}) };
    apiRequest(`/jobs/${encodeURIComponent(jobId)}/steps/${encodeURIComponent(node.id)}/accept`, { method: 'POST', body })
      .then(() => {
        setAnswered(decision);
        onAnswered();
      })
      .catch((e: unknown) => setProblem(problemOf(e)))
      .finally(() => setBusy(false));
  };

  return (
    <section className="card" aria-labelledby={`accept-${node.id}`}>
      <div className="card-head">
        <h2 id={`accept-${node.id}`}>{node.title ?? t('title')}</h2>
      </div>
      <div className="card-pad stack">
        {node.instructions ? <p>{node.instructions}</p> : <p className="muted">{t('intro')}</p>}
        {problem && <ProblemBanner problem={problem} onDismiss={() => setProblem(undefined)} />}
        {answered ? (
          <div className={answered === 'accepted' ? 'success' : 'problem'} role="status">
            {t(answered)}
          </div>
        ) : declining ? (
          <>
            {reasons.length > 0 && (
              <label className="field">
                <span>{t('reason')}</span>
                <select
                  aria-label={t('reason')}
                  aria-invalid={hint || undefined}
                  aria-describedby={hint ? hintId : undefined}
                  value={reason}
                  onChange={(e) => {
                    setHint(false);
                    setReason(e.target.value);
                  }}
                >
                  <option value="">{t('pickReason')}</option>
                  {reasons.map((r) => (
                    <option key={r.code} value={r.code}>
                      {r.label}
                    </option>
                  ))}
                </select>
                {hint && (
                  <span id={hintId} className="field-error" role="alert">
                    {t('reasonRequired')}
                  </span>
                )}
              </label>
            )}
            <label className="field">
              <span>{t('note')}</span>
              <textarea rows={3} maxLength={5000} value={note} onChange={(e) => setNote(e.target.value)} />
            </label>
            <div className="decision-buttons">
              <button type="button" className="btn" disabled={busy} onClick={() => setDeclining(false)}>
                {t('cancel')}
              </button>
              <button type="button" className="btn bad" disabled={busy} onClick={() => send('declined')}>
                ✕ {t('confirmDecline')}
              </button>
            </div>
          </>
        ) : (
          <div className="decision-buttons">
            <button type="button" className="btn bad" disabled={busy} onClick={() => setDeclining(true)}>
              ✕ {t('decline')}
            </button>
            <button type="button" className="btn good" disabled={busy} onClick={() => send('accepted')}>
              ✓ {t('accept')}
            </button>
          </div>
        )}
      </div>
    </section>
  );
}
