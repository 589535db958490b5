import { useId, useState, type FormEvent } from 'react';
import { FormField } from '../../components/form-field';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import { problemOf } from '../../lib/problem';
import type { Org, OrgKind } from './people';
import { usePeopleT } from './people-messages';
import { readableProblem, type ReadableProblem } from './people-problem';

const FIELDS = ['name', 'kind'] as const;
type Field = (typeof FIELDS)[number];
const KINDS: OrgKind[] = ['vendor', 'internal'];

/** Add an organisation: a vendor (its people see only its jobs) or an internal one. */
export function OrgForm({ onAdded }: { onAdded: (org: Org) => void }) {
  const t = usePeopleT();
  const id = useId();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<OrgKind>('vendor');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ReadableProblem<Field>>();
  const [added, setAdded] = useState<Org>();
  const nameError = (tried && !name.trim() ? t('orgNameRequired') : undefined) ?? failure?.byField.name;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    setAdded(undefined);
    if (!name.trim()) return;
    setBusy(true);
    setFailure(undefined);
    apiRequest<Org>('/orgs', { method: 'POST', body: { name: name.trim(), kind } })
      .then((org) => {
        setAdded(org);
        setName('');
        setTried(false);
        onAdded(org);
      })
      .catch((err: unknown) => setFailure(readableProblem(problemOf(err), FIELDS, t)))
      .finally(() => setBusy(false));
  };

  return (
    <form className="stack settings-form" aria-label={t('orgTitle')} onSubmit={submit} noValidate>
      <h3>{t('orgTitle')}</h3>
      <FormField id={`${id}-name`} label={t('orgName')} error={nameError}>
        {(control) => <input {...control} autoComplete="off" maxLength={200} placeholder={t('orgNameHint')} value={name} onChange={(e) => setName(e.target.value)} />}
      </FormField>
      <fieldset className="stack tight">
        <legend>{t('kind')}</legend>
        {KINDS.map((k) => (
          <div key={k} className="kind-option">
            <input id={`${id}-${k}`} type="radio" name={`${id}-kind`} value={k} checked={kind === k} aria-describedby={`${id}-${k}-hint`} onChange={() => setKind(k)} />
            <label htmlFor={`${id}-${k}`}>{t(`kind.${k}`)}</label>
            <span id={`${id}-${k}-hint`} className="field-hint">{t(`kindHint.${k}`)}</span>
          </div>
        ))}
        {failure?.byField.kind && <span className="field-error">{failure.byField.kind}</span>}
      </fieldset>
      {failure && <ProblemBanner problem={failure.banner} title={t('orgFailed')} onDismiss={() => setFailure(undefined)} />}
      {added && (
        <div className="success" role="status">
          {t('orgAdded', { name: added.name })}
        </div>
      )}
      <div className="row">
        <button type="submit" className="btn primary" disabled={busy}>
          {busy ? t('saving') : t('addOrg')}
        </button>
      </div>
    </form>
  );
}
