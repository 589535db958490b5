import { useId, useState, type FormEvent } from 'react';
import { FormField } from '../../components/form-field';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import type { AccountRole } from '../../lib/api-types';
import { problemOf } from '../../lib/problem';
import { fittingRoles, inDisplayOrder, type Org, type Person } from './people';
import { usePeopleT } from './people-messages';
import { readableProblem, type ReadableProblem } from './people-problem';
import { ResetLinkButton } from './reset-link';
import { RoleChips, RolePicker } from './role-picker';

const EDIT_FIELDS = ['name', 'roles'] as const;
type EditField = (typeof EDIT_FIELDS)[number];

/** What an edit changes, as the PATCH body: only the fields that differ (undefined when nothing does). */
export function patchOf(person: Person, name: string, roles: readonly AccountRole[]): { name?: string; roles?: AccountRole[] } | undefined {
  const body: { name?: string; roles?: AccountRole[] } = {};
  if (name.trim() !== person.name) body.name = name.trim();
  const sameRoles = roles.length === person.roles.length && roles.every((r) => person.roles.includes(r));
  if (!sameRoles) body.roles = [...roles];
  return Object.keys(body).length ? body : undefined;
}

/** One person: name, e-mail, role chips and status; admins edit name and roles, and disable or enable the account (second click confirms). */
export function PersonRow({ person, org, self, onChanged }: { person: Person; org: Org; self: boolean; onChanged: (message: string) => void }) {
  const t = usePeopleT();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ReadableProblem<EditField>>();
  const display = person.name || person.email;

  const patch = (body: Record<string, unknown>, done: string) => {
    setBusy(true);
    setFailure(undefined);
    return apiRequest<Person>(`/users/${encodeURIComponent(person.id)}`, { method: 'PATCH', body })
      .then(() => {
        setEditing(false);
        onChanged(done);
      })
      .catch((err: unknown) => setFailure(readableProblem(problemOf(err), EDIT_FIELDS, t)))
      .finally(() => setBusy(false));
  };
  const toggle = () => {
    if (!confirming) return setConfirming(true);
    setConfirming(false);
    void patch({ disabled: !person.disabled }, t(person.disabled ? 'enabledDone' : 'disabledDone', { name: display }));
  };
  const action = person.disabled ? 'enable' : 'disable';

  return (
    <li className={`person${person.disabled ? ' is-disabled' : ''}${editing ? ' editing' : ''}`} aria-labelledby={`${id}-name`}>
      <div className="person-main">
        <span className="avatar small" aria-hidden="true">{display.slice(0, 1).toUpperCase()}</span>
        <div className="person-id">
          <span className="person-name">
            <strong id={`${id}-name`}>{display}</strong>
            {self && <span className="you-tag">{t('you')}</span>}
          </span>
          <span className="muted small person-email">{person.email}</span>
        </div>
        <RoleChips roles={inDisplayOrder(person.roles)} label={t('rolesOf', { name: display })} />
        <span className={`badge ${person.disabled ? 'status-cancelled' : 'status-done'}`}>{person.disabled ? t('disabled') : t('active')}</span>
        <div className="row person-actions">
          <button type="button" className="btn small" aria-label={t('editLabel', { name: display })} aria-expanded={editing} disabled={busy} onClick={() => { setEditing((e) => !e); setFailure(undefined); }}>
            {t('edit')}
          </button>
          <button
            type="button"
            className={confirming ? `btn small ${person.disabled ? 'primary' : 'bad'}` : person.disabled ? 'btn small' : 'btn small danger-outline'}
            aria-label={t(confirming ? (person.disabled ? 'confirmEnableLabel' : 'confirmDisableLabel') : (person.disabled ? 'enableLabel' : 'disableLabel'), { name: display })}
            aria-describedby={confirming ? `${id}-confirm` : undefined}
            disabled={busy}
            onClick={toggle}
            onBlur={() => setConfirming(false)}
          >
            {confirming ? t(person.disabled ? 'confirmEnable' : 'confirmDisable') : t(action)}
          </button>
          {!person.disabled && <ResetLinkButton userId={person.id} display={display} />}
        </div>
      </div>
      {confirming && (
        <p id={`${id}-confirm`} className={`person-note${person.disabled ? '' : ' warn'}`}>
          {t(person.disabled ? 'enableNote' : 'disableNote', { name: display })}
        </p>
      )}
      {editing ? (
        <PersonEditForm
          person={person}
          org={org}
          busy={busy}
          failure={failure}
          onCancel={() => { setEditing(false); setFailure(undefined); }}
          onSave={(body) => {
            if (body) void patch(body, t('savedDone', { name: body.name ?? display }));
            else setEditing(false);
          }}
        />
      ) : (
        failure && <ProblemBanner problem={failure.banner} title={t('changeFailed', { name: display })} onDismiss={() => setFailure(undefined)} />
      )}
    </li>
  );
}

function PersonEditForm({ person, org, busy, failure, onSave, onCancel }: { person: Person; org: Org; busy: boolean; failure?: ReadableProblem<EditField>; onSave: (body: ReturnType<typeof patchOf>) => void; onCancel: () => void }) {
  const t = usePeopleT();
  const id = useId();
  const [name, setName] = useState(person.name);
  const [roles, setRoles] = useState<AccountRole[]>(() => fittingRoles(person.roles, org.kind));
  const [tried, setTried] = useState(false);
  const display = person.name || person.email;
  const local: Partial<Record<EditField, string>> = {
    ...(name.trim() ? {} : { name: t('nameRequired') }),
    ...(roles.length ? {} : { roles: t('pickRole') }),
  };
  const errorOf = (f: EditField) => (tried ? local[f] : undefined) ?? failure?.byField[f];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(local).length === 0) onSave(patchOf(person, name, org.kind === 'vendor' ? person.roles : roles));
  };
  return (
    <form className="person-edit stack" aria-label={t('editTitle', { name: display })} onSubmit={submit} noValidate>
      <FormField id={`${id}-name`} label={t('name')} error={errorOf('name')}>
        {(control) => <input {...control} value={name} maxLength={200} autoComplete="off" onChange={(e) => setName(e.target.value)} />}
      </FormField>
      <RolePicker kind={org.kind} value={roles} onChange={setRoles} legend={t('rolesOf', { name: display })} error={errorOf('roles')} />
      {failure && <ProblemBanner problem={failure.banner} title={t('changeFailed', { name: display })} />}
      <div className="row">
        <button type="submit" className="btn primary small" disabled={busy}>
          {busy ? t('saving') : t('save')}
        </button>
        <button type="button" className="btn ghost small" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
