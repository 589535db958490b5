import { useCopy } from '../../lib/use-copy';
import { useId, useState, type FormEvent } from 'react';
import { FormField } from '../../components/form-field';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import type { AccountRole } from '../../lib/api-types';
import { splitFieldErrors } from '../../lib/field-errors';
import { problemOf, type Problem } from '../../lib/problem';
import { OrgOptions } from '../people/org-options';
import { problemCode, type Org } from '../people/people';
import { usePeopleT } from '../people/people-messages';
import { RolePicker } from '../people/role-picker';
import { EXPIRY_CHOICES, expiryFor, type CreatedApiKey, type ExpiryChoice } from './api-keys';
import { useApiKeyT, type ApiKeyKey } from './api-key-messages';

const FIELDS = ['name', 'orgId', 'roles', 'expiresAt'] as const;
type Field = (typeof FIELDS)[number];
const KNOWN: Record<string, Field> = { 'roles-do-not-fit-org': 'roles', 'org-unknown': 'orgId' };

/** Create an API key: name, organisation, roles, expiry. The secret comes back once and is shown with a Copy button and a warning. */
export function NewKeyForm({ orgs, onCreated }: { orgs: Org[]; onCreated: () => void }) {
  const t = useApiKeyT();
  const tp = usePeopleT();
  const id = useId();
  const [name, setName] = useState('');
  const [orgId, setOrgId] = useState(() => orgs.find((o) => o.kind === 'internal')?.id ?? '');
  const [roles, setRoles] = useState<AccountRole[]>([]);
  const [expiry, setExpiry] = useState<ExpiryChoice>('90');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ byField: Partial<Record<Field, string>>; banner: Problem }>();
  const [created, setCreated] = useState<CreatedApiKey>();
  const { copied, fieldRef: secretRef, copy, reset: resetCopied } = useCopy();
  const org = orgs.find((o) => o.id === orgId);
  const sent = org?.kind === 'vendor' ? (['vendor'] as AccountRole[]) : roles;

  const local: Partial<Record<Field, string>> = {
    ...(name.trim() ? {} : { name: t('nameRequired') }),
    ...(org ? {} : { orgId: t('orgRequired') }),
    ...(org && sent.length === 0 ? { roles: tp('pickRole') } : {}),
  };
  const errorOf = (f: Field) => (tried ? local[f] : undefined) ?? failure?.byField[f];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    setFailure(undefined);
    const expiresAt = expiryFor(expiry);
    apiRequest<CreatedApiKey>('/api-keys', { method: 'POST', body: { name: name.trim(), orgId, roles: sent, ...(expiresAt ? { expiresAt } : {}) } })
      .then((key) => {
        setCreated(key);
        resetCopied();
        setName('');
        setTried(false);
        onCreated();
      })
      .catch((err: unknown) => {
        const problem = problemOf(err);
        const { byField, rest } = splitFieldErrors(problem, FIELDS);
        const code = problemCode(problem);
        const field = code ? KNOWN[code] : undefined;
        if (code && field) setFailure({ byField: { ...byField, [field]: t(`problem.${code}` as ApiKeyKey) }, banner: { status: problem.status, errors: rest.errors } });
        else setFailure({ byField, banner: rest });
      })
      .finally(() => setBusy(false));
  };

  return (
    <form className="stack settings-form" aria-label={t('createTitle')} onSubmit={submit} noValidate>
      <h3>{t('createTitle')}</h3>
      {created && (
        <div className="invite-result stack tight" role="status">
          <strong>{t('secretFor', { name: created.name })}</strong>
          <div className="row invite-link">
            <label htmlFor={`${id}-secret`} className="sr-only">{t('secretLabel')}</label>
            <input id={`${id}-secret`} ref={secretRef} className="mono" readOnly value={created.token} onFocus={(e) => e.target.select()} aria-describedby={`${id}-warning`} />
            <button type="button" className="btn small primary" onClick={() => copy(created.token)}>
              {copied === 'yes' ? `✓ ${t('copied')}` : t('copy')}
            </button>
          </div>
          {copied === 'failed' && <span className="field-error">{t('copyFailed')}</span>}
          <span id={`${id}-warning`} className="small warning-text" role="alert">{t('secretWarning')}</span>
          <span className="muted small">{t('usage')}</span>
          <button type="button" className="btn small ghost align-start" onClick={() => setCreated(undefined)}>
            {t('done')}
          </button>
        </div>
      )}
      <FormField id={`${id}-name`} label={t('name')} hint={t('nameHint')} error={errorOf('name')}>
        {(control) => <input {...control} maxLength={100} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />}
      </FormField>
      <div className="grid-2">
        <FormField id={`${id}-org`} label={t('org')} error={errorOf('orgId')}>
          {(control) => (
            <select {...control} value={orgId} onChange={(e) => { setOrgId(e.target.value); setRoles([]); }}>
              <option value="">{t('chooseOrg')}</option>
              <OrgOptions orgs={orgs} />
            </select>
          )}
        </FormField>
        <FormField id={`${id}-expiry`} label={t('expiry')} error={errorOf('expiresAt')}>
          {(control) => (
            <select {...control} value={expiry} onChange={(e) => setExpiry(e.target.value as ExpiryChoice)}>
              {EXPIRY_CHOICES.map((c) => (
                <option key={c} value={c}>{t(`expiry.${c}`)}</option>
              ))}
            </select>
          )}
        </FormField>
      </div>
      {org && <RolePicker kind={org.kind} value={roles} onChange={setRoles} legend={t('roles')} error={errorOf('roles')} />}
      {failure && <ProblemBanner problem={failure.banner} title={t('createFailed')} onDismiss={() => setFailure(undefined)} />}
      <div className="row">
        <button type="submit" className="btn primary" disabled={busy}>
          {busy ? t('creating') : t('create')}
        </button>
      </div>
    </form>
  );
}
