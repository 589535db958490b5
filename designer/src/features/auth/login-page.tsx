import { useEffect, useState, type FormEvent } from 'react';
import { ProblemBanner } from '../../components/problem-banner';
import { problemOf, type Problem } from '../../lib/problem';
import { Link } from '../../lib/router';
import { useAuthT } from './auth-messages';
import { LanguageSwitch } from './language-switch';
import { useSession } from './session-context';
import { AuthCard } from './auth-card';

/** The demo accounts to name, only when the server runs in demo mode (GET /api/auth/options); none on any error. */
function useDemoAccounts(): string[] {
  const [accounts, setAccounts] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    // Plain fetch: this public call must not count as a session ending when it fails.
    fetch('/api/auth/options', { headers: { Accept: 'application/json' } })
      .then(async (res) => (res.ok ? ((await res.json()) as { demoMode?: boolean; demoAccounts?: string[] }) : undefined))
      .then((options) => {
        if (live && options?.demoMode === true && Array.isArray(options.demoAccounts)) setAccounts(options.demoAccounts);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return accounts;
}

export function LoginPage() {
  const t = useAuthT();
  const { login, ended } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const demoAccounts = useDemoAccounts();

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    login(email.trim(), password)
      .catch((err: unknown) => setProblem(problemOf(err)))
      .finally(() => setBusy(false));
  };

  return (
    <AuthCard title={t('title')} subtitle={t('subtitle')}>
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
      <p className="hint">
        <Link to="/forgot-password">{t('forgot')}</Link>
      </p>
      {demoAccounts.length > 0 && <p className="hint">{t('demoHint', { accounts: demoAccounts.join(', ') })}</p>}
      <LanguageSwitch />
    </AuthCard>
  );
}
