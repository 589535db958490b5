import { useState, type FormEvent } from 'react';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import { problemOf, type Problem } from '../../lib/problem';
import { Link } from '../../lib/router';
import { useAuthT } from './auth-messages';
import { LanguageSwitch } from './language-switch';
import { AuthCard } from './auth-card';

/** `/forgot-password`: asks for a reset link by e-mail; the answer is the same whether or not the account exists. */
export function ForgotPasswordPage() {
  const t = useAuthT();
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    apiRequest('/auth/password-reset', { method: 'POST', body: { email: email.trim() } })
      .then(() => setSent(true))
      .catch((err: unknown) => setProblem(problemOf(err)))
      .finally(() => setBusy(false));
  };
  return (
    <AuthCard title={t('forgotTitle')} subtitle={t('forgotSubtitle')}>
      {sent ? (
        <p role="status">{t('forgotSent')}</p>
      ) : (
        <form onSubmit={submit} className="stack" aria-label={t('forgotTitle')}>
          <label className="field">
            <span>{t('email')}</span>
            <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          {problem && <ProblemBanner problem={problem} title={t('forgotFailed')} />}
          <button className="btn primary block" type="submit" disabled={busy}>
            {t('forgotSubmit')}
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
