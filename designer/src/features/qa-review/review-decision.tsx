import { useEffect, useState } from 'react';
import { isSingleKeyShortcut, useSingleKeyShortcuts } from '../../lib/keyboard';
import type { ReasonCode } from '../../../../core/sop/types';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import { problemOf, type Problem } from '../../lib/problem';
import { useQaT } from './qa-messages';

interface Props {
  jobId: string;
  nodeId: string;
  reasons: ReasonCode[];
  active: boolean;
  onDecided: () => void;
}

/** Approve or reject with reason codes and a comment; `a` and `r` are keyboard shortcuts (unless turned off: lib/keyboard.ts). */
export function ReviewDecision({ jobId, nodeId, reasons, active, onDecided }: Props) {
  const t = useQaT();
  const [picked, setPicked] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [decided, setDecided] = useState<'approved' | 'rejected'>();
  const [hint, setHint] = useState(false);
  const [shortcuts] = useSingleKeyShortcuts();

  const decide = (decision: 'approved' | 'rejected') => {
    if (busy || decided || !active) return;
    if (decision === 'rejected' && reasons.length > 0 && picked.length === 0) {
      setHint(true);
      return;
    }
    setBusy(true);
    setProblem(undefined);
    apiRequest(`/jobs/${encodeURIComponent(jobId)}/steps/${encodeURIComponent(nodeId)}/review`, {
      method: 'POST',
      body: { decision, reasons: decision === 'rejected' ? picked : [], comment },
    })
      .then(() => {
        setDecided(decision);
        onDecided();
      })
      .catch((e: unknown) => setProblem(problemOf(e)))
      .finally(() => setBusy(false));
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isSingleKeyShortcut(e, shortcuts)) return;
      if (e.key === 'a') decide('approved');
      if (e.key === 'r') decide('rejected');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!active && !decided) return <p className="muted">{t('notActive')}</p>;
  return (
    <div className="decision stack">
      {reasons.length > 0 && (
        <fieldset className="reason-picks">
          <legend>{t('reasons')}</legend>
          {reasons.map((r) => (
            <label key={r.code} className={`reason-pick${picked.includes(r.code) ? ' on' : ''}`}>
              <input
                type="checkbox"
                checked={picked.includes(r.code)}
                onChange={(e) => {
                  setHint(false);
                  setPicked(e.target.checked ? [...picked, r.code] : picked.filter((c) => c !== r.code));
                }}
              />
              <span>{r.label}</span>
              <code>{r.code}</code>
            </label>
          ))}
          {hint && <span className="field-error" role="alert">{t('reasonRequired')}</span>}
        </fieldset>
      )}
      <label className="field">
        <span>{t('comment')}</span>
        <textarea rows={3} value={comment} placeholder={t('commentPlaceholder')} onChange={(e) => setComment(e.target.value)} />
      </label>
      {problem && <ProblemBanner problem={problem} onDismiss={() => setProblem(undefined)} />}
      {decided ? (
        <div className={decided === 'approved' ? 'success' : 'problem'} role="status">
          {t('decided', { decision: t(decided) })}
        </div>
      ) : (
        <div className="decision-buttons">
          <button type="button" className="btn bad" disabled={busy} onClick={() => decide('rejected')}>
            ✕ {t('reject')}
          </button>
          <button type="button" className="btn good" disabled={busy} onClick={() => decide('approved')}>
            ✓ {t('approve')}
          </button>
        </div>
      )}
    </div>
  );
}
