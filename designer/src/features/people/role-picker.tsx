import { useId } from 'react';
import type { AccountRole } from '../../lib/api-types';
import { rolesFor, type OrgKind } from './people';
import { usePeopleT } from './people-messages';

/**
 * The roles a person of an organisation of `kind` may hold, as checkboxes (internal) or as the one
 * fixed role (vendor organisations). `value` is kept in display order.
 */
export function RolePicker({ kind, value, onChange, legend, error }: { kind: OrgKind; value: readonly AccountRole[]; onChange: (roles: AccountRole[]) => void; legend: string; error?: string }) {
  const t = usePeopleT();
  const id = useId();
  const choices = rolesFor(kind);
  return (
    <fieldset className={`role-picker${error ? ' invalid' : ''}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {kind === 'vendor' ? (
        <p className="role-fixed">
          <span className="role-chip role-vendor">{t('role.vendor')}</span>
          <span className="field-hint">{t('vendorOnly')}</span>
        </p>
      ) : (
        <div className="role-options">
          {choices.map((r) => (
            <div key={r} className={`role-option${value.includes(r) ? ' on' : ''}`}>
              <input
                id={`${id}-${r}`}
                type="checkbox"
                checked={value.includes(r)}
                aria-describedby={`${id}-${r}-hint`}
                onChange={(e) => onChange(choices.filter((c) => (c === r ? e.target.checked : value.includes(c))))}
              />
              <label htmlFor={`${id}-${r}`}>{t(`role.${r}`)}</label>
              <span id={`${id}-${r}-hint`} className="field-hint">{t(`roleHint.${r}`)}</span>
            </div>
          ))}
        </div>
      )}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </fieldset>
  );
}

/** A person's roles as chips. */
export function RoleChips({ roles, label }: { roles: readonly string[]; label: string }) {
  const t = usePeopleT();
  return (
    <ul className="role-chips" aria-label={label}>
      {roles.map((r) => (
        <li key={r} className={`role-chip role-${r}`}>
          {t(`role.${r}` as Parameters<typeof t>[0])}
        </li>
      ))}
    </ul>
  );
}
