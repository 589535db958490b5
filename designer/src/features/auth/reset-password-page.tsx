import { useState, type FormEvent } from 'react';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import { problemOf, type Problem } from '../../lib/problem';
import { Link } from '../../lib/router';
import { useAuthT } from './auth-messages';
import { LanguageSwitch } from './language-switch';
import { AuthCard } from './auth-card';

const MIN_PASSWORD = 10;

/** `/reset-password/:token`: sets a new password with an e-mailed or admin-issued link (single use). */
export function ResetPasswordPage({ token }: { token: string }) {
  const t = useAuthT();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    apiRequest(`/auth/password-reset/${encodeURIComponent(token)}`, { method: 'POST', body: { password } })
      .then(() => setDone(true))
      .catch((err: unknown) => setProblem(problemOf(err)))
      .finally(() => setBusy(false));
  };
  return (
    <AuthCard title={t('resetTitle')} subtitle={t('resetSubtitle')}>
      {done ? (
        <p role="status">{t('resetDone')}</p>
      ) : (
        <form onSubmit={submit} className="stack" aria-label={t('resetTitle')}>
          <label className="field">
            <span>{t('newPassword', { n: MIN_PASSWORD })}</span>
            <input type="password" required minLength={MIN_PASSWORD} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
          {problem && <ProblemBanner problem={problem} title={t('resetFailed')} />}
          <button className="btn primary block" type="submit" disabled={busy}>
            {t('resetSubmit')}
          </button>
        </form>
      )}
      <p className="hint">
        <Link to="/login">{t('backToLogin')}</Link>
      </p>
      <LanguageSwitch />
    </AuthCard>
  );
}
