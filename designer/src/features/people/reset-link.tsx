import { useId, useState } from 'react';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import { useLocale } from '../../lib/i18n';
import { problemOf, type Problem } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { useSession } from '../auth/session-context';
import { usePeopleT } from './people-messages';

/** What POST /api/users/:id/password-reset answers: a link the admin hands over (24 h, single use), shown once. */
interface IssuedReset {
  link: string;
  expiresAt: string;
}

/** An admin issues a password reset link for a person and sees it once, with its expiry in the viewer's zone. */
export function ResetLinkButton({ userId, display }: { userId: string; display: string }) {
  const t = usePeopleT();
  const id = useId();
  const { locale } = useLocale();
  const { zone } = useSession();
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<IssuedReset>();
  const [problem, setProblem] = useState<Problem>();
  const issue = () => {
    setBusy(true);
    setProblem(undefined);
    apiRequest<IssuedReset>(`/users/${encodeURIComponent(userId)}/password-reset`, { method: 'POST' })
      .then(setIssued)
      .catch((err: unknown) => setProblem(problemOf(err)))
      .finally(() => setBusy(false));
  };
  return (
    <div className="stack">
      <button type="button" className="btn small" aria-label={t('resetLinkLabel', { name: display })} disabled={busy} onClick={issue}>
        {t('resetLink')}
      </button>
      {issued && (
        <div className="invite-result">
          <label htmlFor={`${id}-reset`}>{t('resetLinkFor', { name: display })}</label>
          <input id={`${id}-reset`} className="mono" readOnly value={issued.link} onFocus={(e) => e.target.select()} />
          <span className="muted small">{t('resetLinkExpires', { time: `${formatDateTime(issued.expiresAt, zone, locale)} (${zone})` })}</span>
        </div>
      )}
      {problem && <ProblemBanner problem={problem} title={t('resetLinkFailed')} />}
    </div>
  );
}
