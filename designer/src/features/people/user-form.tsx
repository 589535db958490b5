import { useId, useState, type FormEvent } from 'react';
import { FormField } from '../../components/form-field';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import type { AccountRole } from '../../lib/api-types';
import { LOCALES, type Locale } from '../../lib/i18n';
import { problemOf } from '../../lib/problem';
import { isValidZone, timeZoneChoices } from '../../lib/time-zones';
import { looksLikeEmail, MIN_PASSWORD, type Org, type Person } from './people';
import { usePeopleT } from './people-messages';
import { readableProblem, type ReadableProblem } from './people-problem';
import { OrgOptions } from './org-options';
import { RolePicker } from './role-picker';

const FIELDS = ['email', 'name', 'orgId', 'roles', 'password', 'locale', 'timezone'] as const;
type Field = (typeof FIELDS)[number];
const LANGUAGE_NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };

/** Create an account for a colleague of an internal organisation, with a first password the admin passes on. */
export function UserForm({ orgs, onCreated }: { orgs: Org[]; onCreated: (person: Person) => void }) {
  const t = usePeopleT();
  const id = useId();
  const internal = orgs.filter((o) => o.kind === 'internal');
  const [orgId, setOrgId] = useState(() => internal[0]?.id ?? '');
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<AccountRole[]>([]);
  const [password, setPassword] = useState('');
  const [locale, setLocale] = useState<'' | Locale>('');
  const [zone, setZone] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ReadableProblem<Field>>();
  const [created, setCreated] = useState<Person>();

  const local: Partial<Record<Field, string>> = {
    ...(internal.some((o) => o.id === orgId) ? {} : { orgId: t('orgRequired') }),
    ...(!email.trim() ? { email: t('emailRequired') } : looksLikeEmail(email) ? {} : { email: t('emailInvalid', { email: email.trim() }) }),
    ...(name.trim() ? {} : { name: t('nameRequired') }),
    ...(roles.length ? {} : { roles: t('pickRole') }),
    ...(password.length >= MIN_PASSWORD ? {} : { password: t('passwordShort', { n: MIN_PASSWORD, len: password.length }) }),
    ...(!zone.trim() || isValidZone(zone.trim()) ? {} : { timezone: t('zoneUnknown', { zone: zone.trim() }) }),
  };
  const errorOf = (f: Field) => (tried ? local[f] : undefined) ?? failure?.byField[f];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    setCreated(undefined);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    setFailure(undefined);
    const body = { email: email.trim(), name: name.trim(), orgId, roles, password, ...(locale ? { locale } : {}), ...(zone.trim() ? { timezone: zone.trim() } : {}) };
    apiRequest<Person>('/users', { method: 'POST', body })
      .then((person) => {
        setCreated(person);
        setEmail('');
        setName('');
        setRoles([]);
        setPassword('');
        setTried(false);
        onCreated(person);
      })
      .catch((err: unknown) => setFailure(readableProblem(problemOf(err), FIELDS, t)))
      .finally(() => setBusy(false));
  };

  return (
    <form className="stack settings-form" aria-label={t('userTitle')} onSubmit={submit} noValidate>
      <div>
        <h3>{t('userTitle')}</h3>
        <p className="muted small settings-hint">{internal.length ? t('userHint') : t('noInternalOrg')}</p>
      </div>
      <div className="grid-2">
        <FormField id={`${id}-email`} label={t('email')} error={errorOf('email')}>
          {(control) => <input {...control} type="email" inputMode="email" autoComplete="off" spellCheck={false} value={email} onChange={(e) => setEmail(e.target.value)} />}
        </FormField>
        <FormField id={`${id}-name`} label={t('name')} error={errorOf('name')}>
          {(control) => <input {...control} autoComplete="off" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />}
        </FormField>
        <FormField id={`${id}-org`} label={t('org')} error={errorOf('orgId')}>
          {(control) => (
            <select {...control} value={orgId} onChange={(e) => setOrgId(e.target.value)}>
              <option value="">{t('chooseOrg')}</option>
              <OrgOptions orgs={internal} kinds={['internal']} />
            </select>
          )}
        </FormField>
        <FormField id={`${id}-password`} label={t('password')} error={errorOf('password')} hint={t('passwordHint', { n: MIN_PASSWORD })}>
          {(control) => <input {...control} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
        </FormField>
      </div>
      <RolePicker kind="internal" value={roles} onChange={setRoles} legend={t('roles')} error={errorOf('roles')} />
      <div className="grid-2">
        <FormField id={`${id}-locale`} label={t('language')} error={errorOf('locale')}>
          {(control) => (
            <select {...control} value={locale} onChange={(e) => setLocale(e.target.value as '' | Locale)}>
              <option value="">{t('languageDefault')}</option>
              {LOCALES.map((l) => (
                <option key={l} value={l}>
                  {LANGUAGE_NAMES[l]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField id={`${id}-zone`} label={t('timezone')} error={errorOf('timezone')} hint={t('timezoneHint')}>
          {(control) => (
            <>
              <input {...control} list={`${id}-zones`} autoComplete="off" spellCheck={false} placeholder="Asia/Shanghai" value={zone} onChange={(e) => setZone(e.target.value)} />
              <datalist id={`${id}-zones`}>
                {timeZoneChoices().map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
            </>
          )}
        </FormField>
      </div>
      {failure && <ProblemBanner problem={failure.banner} title={t('userFailed')} onDismiss={() => setFailure(undefined)} />}
      {created && (
        <div className="success" role="status">
          {t('userCreated', { name: created.name, email: created.email })}
        </div>
      )}
      <div className="row">
        <button type="submit" className="btn primary" disabled={busy || internal.length === 0}>
          {busy ? t('saving') : t('createUser')}
        </button>
      </div>
    </form>
  );
}
