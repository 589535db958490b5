import { useState, type FormEvent } from 'react';
import { ProblemBanner } from '../../components/problem-banner';
import { problemOf, type Problem } from '../../lib/problem';
import { useAuthT } from './auth-messages';
import { LanguageSwitch } from './language-switch';
import { useSession } from './session-context';

export function LoginPage() {
  const t = useAuthT();
  const { login, ended } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    login(email.trim(), password)
      .catch((err: unknown) => setProblem(problemOf(err)))
      .finally(() => setBusy(false));
  };

  return (
    <main className="login">
      <div className="login-card">
        <div className="login-brand">
          <span className="brand-mark" aria-hidden="true">外</span>
          <div>
            <h1>{t('title')}</h1>
            <p className="muted">{t('subtitle')}</p>
          </div>
        </div>
        {ended && !problem && (
          <div className="session-ended" role="status">
            {t('sessionEnded')}
          </div>
        )}
        <form onSubmit={onSubmit} className="stack" aria-label={t('submit')}>
          <label className="field">
            <span>{t('email')}</span>
            <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('password')}</span>
            <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
          {problem && <ProblemBanner problem={problem} title={t('failed')} />}
          <button className="btn primary block" type="submit" disabled={busy}>
            {busy ? t('submitting') : t('submit')}
          </button>
        </form>
        <p className="hint">{t('demoHint')}</p>
        <LanguageSwitch />
      </div>
    </main>
  );
}
