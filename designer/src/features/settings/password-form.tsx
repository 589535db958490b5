import { useState, type FormEvent } from 'react';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import { problemOf, type Problem } from '../../lib/problem';
import { useSettingsT } from './settings-messages';

const MIN_PASSWORD = 10;

/** Changes one's own password (POST /api/auth/password); the session in use stays, the others end. */
export function PasswordForm() {
  const t = useSettingsT();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setDone(false);
    setProblem(undefined);
    apiRequest('/auth/password', { method: 'POST', body: { currentPassword: current, newPassword: next } })
      .then(() => {
        setDone(true);
        setCurrent('');
        setNext('');
      })
      .catch((err: unknown) => setProblem(problemOf(err)))
      .finally(() => setBusy(false));
  };
  return (
    <form onSubmit={submit} className="stack" aria-label={t('passwordTitle')}>
      <label className="field">
        <span>{t('currentPassword')}</span>
        <input type="password" required autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('newPassword', { n: MIN_PASSWORD })}</span>
        <input type="password" required minLength={MIN_PASSWORD} autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
      </label>
      {problem && <ProblemBanner problem={problem} title={t('passwordFailed')} />}
      {done && <div className="success" role="status">{t('passwordChanged')}</div>}
      <div>
        <button type="submit" className="btn primary" disabled={busy}>
          {t('changePassword')}
        </button>
      </div>
    </form>
  );
}
