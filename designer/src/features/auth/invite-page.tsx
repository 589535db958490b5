import { useState, type FormEvent } from 'react';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import { useLocale } from '../../lib/i18n';
import { isValidZone } from '../../lib/time-zones';
import { problemOf, type Problem } from '../../lib/problem';
import { useRouter } from '../../lib/router';
import { useAuthT } from './auth-messages';
import { LanguageSwitch } from './language-switch';
import { useSession } from './session-context';
import { AuthCard } from './auth-card';

const MIN_PASSWORD = 10;

/** The browser's IANA zone, so the new account's deadlines and notices are in the person's own time; undefined if unknown. */
function browserTimeZone(): string | undefined {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isValidZone(zone) ? zone : undefined;
}

/** `/invite/:token`: a new person sets name and password, then is signed in. */
export function InvitePage({ token }: { token: string }) {
  const t = useAuthT();
  const { locale } = useLocale();
  const { adopt } = useSession();
  const { navigate } = useRouter();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    apiRequest<{ token: string }>(`/invitations/${encodeURIComponent(token)}/accept`, { method: 'POST', body: { name: name.trim(), password, locale, timezone: browserTimeZone() } })
      .then((res) => adopt(res.token))
      .then(() => navigate('/', { replace: true }))
      .catch((err: unknown) => setProblem(problemOf(err)))
      .finally(() => setBusy(false));
  };
  return (
    <AuthCard title={t('inviteTitle')} subtitle={t('inviteSubtitle')}>
      <form onSubmit={submit} className="stack" aria-label={t('inviteTitle')}>
        <label className="field">
          <span>{t('name')}</span>
          <input required autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('newPassword', { n: MIN_PASSWORD })}</span>
          <input type="password" required minLength={MIN_PASSWORD} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {problem && <ProblemBanner problem={problem} title={t('inviteFailed')} />}
        <button className="btn primary block" type="submit" disabled={busy}>
          {t('accept')}
        </button>
      </form>
      <LanguageSwitch />
    </AuthCard>
  );
}
