import { useCopy } from '../../lib/use-copy';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { FormField } from '../../components/form-field';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import type { AccountRole } from '../../lib/api-types';
import { useLocale } from '../../lib/i18n';
import { problemOf } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { useSession } from '../auth/session-context';
import { looksLikeEmail, type Org } from './people';
import { usePeopleT } from './people-messages';
import { readableProblem, type ReadableProblem } from './people-problem';
import { OrgOptions } from './org-options';
import { RolePicker } from './role-picker';

/** What POST /api/invitations answers: the link is where the invited person sets a password; it is never shown again. */
export interface Invitation {
  id: string;
  email: string;
  expiresAt: string;
  link: string;
  token: string;
}

/** A request from elsewhere on the page to invite someone to an organisation. */
export interface InviteRequest {
  orgId: string;
  focus: boolean;
  seq: number;
}

const FIELDS = ['orgId', 'email', 'roles'] as const;
type Field = (typeof FIELDS)[number];

/** Invite a person (usually a vendor's designer) to an organisation: the link to send them, once, with a Copy button and its expiry in the viewer's zone. */
export function InviteForm({ orgs, request }: { orgs: Org[]; request?: InviteRequest }) {
  const t = usePeopleT();
  const id = useId();
  const { locale } = useLocale();
  const { zone } = useSession();
  const emailRef = useRef<HTMLInputElement>(null);
  const [orgId, setOrgId] = useState(() => orgs.find((o) => o.kind === 'vendor')?.id ?? '');
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<AccountRole[]>([]);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ReadableProblem<Field>>();
  const [invitation, setInvitation] = useState<Invitation>();
  const { copied, fieldRef: linkRef, copy, reset: resetCopied } = useCopy();
  const org = orgs.find((o) => o.id === orgId);

  useEffect(() => {
    if (!request) return;
    setOrgId(request.orgId);
    setRoles([]);
    if (request.focus) emailRef.current?.focus();
  }, [request]);

  const sent = org?.kind === 'vendor' ? (['vendor'] as AccountRole[]) : roles;
  const local: Partial<Record<Field, string>> = {
    ...(org ? {} : { orgId: t('orgRequired') }),
    ...(!email.trim() ? { email: t('emailRequired') } : looksLikeEmail(email) ? {} : { email: t('emailInvalid', { email: email.trim() }) }),
    ...(org && sent.length === 0 ? { roles: t('pickRole') } : {}),
  };
  const errorOf = (f: Field) => (tried ? local[f] : undefined) ?? failure?.byField[f];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    setFailure(undefined);
    apiRequest<Invitation>('/invitations', { method: 'POST', body: { email: email.trim(), orgId, roles: sent } })
      .then((res) => {
        setInvitation(res);
        resetCopied();
        setEmail('');
        setTried(false);
      })
      .catch((err: unknown) => setFailure(readableProblem(problemOf(err), FIELDS, t)))
      .finally(() => setBusy(false));
  };

  return (
    <form className="stack settings-form" aria-label={t('inviteTitle')} onSubmit={submit} noValidate>
      <div>
        <h3>{t('inviteTitle')}</h3>
        <p className="muted small settings-hint">{t('inviteHint')}</p>
      </div>
      {invitation && (
        <div className="invite-result stack tight" role="status">
          <strong>{t('linkFor', { email: invitation.email })}</strong>
          <div className="row invite-link">
            <label htmlFor={`${id}-link`} className="sr-only">{t('linkLabel')}</label>
            <input id={`${id}-link`} ref={linkRef} className="mono" readOnly value={invitation.link} onFocus={(e) => e.target.select()} aria-describedby={`${id}-expiry`} />
            <button type="button" className="btn small primary" onClick={() => copy(invitation.link)}>
              {copied === 'yes' ? `✓ ${t('copied')}` : t('copy')}
            </button>
          </div>
          {copied === 'failed' && <span className="field-error">{t('copyFailed')}</span>}
          <span id={`${id}-expiry`} className="small">
            {t('linkExpires', { time: `${formatDateTime(invitation.expiresAt, zone, locale)} (${zone})` })} {t('linkOnce')}
          </span>
          <button type="button" className="btn small ghost align-start" onClick={() => setInvitation(undefined)}>
            {t('done')}
          </button>
        </div>
      )}
      <div className="grid-2">
        <FormField id={`${id}-org`} label={t('org')} error={errorOf('orgId')}>
          {(control) => (
            <select {...control} value={orgId} onChange={(e) => { setOrgId(e.target.value); setRoles([]); }}>
              <option value="">{t('chooseOrg')}</option>
              <OrgOptions orgs={orgs} />
            </select>
          )}
        </FormField>
        <FormField id={`${id}-email`} label={t('email')} error={errorOf('email')}>
          {(control) => <input {...control} ref={emailRef} type="email" inputMode="email" autoComplete="off" spellCheck={false} value={email} onChange={(e) => setEmail(e.target.value)} />}
        </FormField>
      </div>
      {org && <RolePicker kind={org.kind} value={roles} onChange={setRoles} legend={t('roles')} error={errorOf('roles')} />}
      {failure && <ProblemBanner problem={failure.banner} title={t('inviteFailed')} onDismiss={() => setFailure(undefined)} />}
      <div className="row">
        <button type="submit" className="btn primary" disabled={busy}>
          {busy ? t('creating') : t('createLink')}
        </button>
      </div>
    </form>
  );
}
