import { useState, type FormEvent } from 'react';
import type { JobFieldSpec } from '../../../../core/sop/types';
import { Card } from '../../components/card';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import type { JobDetail } from '../../lib/api-types';
import { problemOf, type Problem } from '../../lib/problem';
import { hasRole, isVendor, useSession } from '../auth/session-context';
import { useJobT } from './job-messages';

export type FieldDraft = string | boolean | string[];
export type Draft = Record<string, FieldDraft>;

/** A stored value by field id: own properties only (a field may be called "constructor"). */
export const storedValue = (stored: Record<string, unknown>, id: string): unknown => (Object.prototype.hasOwnProperty.call(stored, id) ? stored[id] : undefined);

/** The form's text for a stored value. */
export function draftOf(spec: JobFieldSpec, value: unknown): string | boolean | string[] {
  if (spec.type === 'checkbox') return value === true;
  if (spec.type === 'multiSelect') return Array.isArray(value) ? value.map(String) : [];
  return value === undefined || value === null ? '' : String(value);
}

/** The value to send for a form entry (`null` clears the field). */
export function valueOfDraft(spec: JobFieldSpec, draft: string | boolean | string[]): unknown {
  if (spec.type === 'checkbox') return draft === true;
  if (spec.type === 'multiSelect') return Array.isArray(draft) && draft.length > 0 ? draft : null;
  const text = String(draft);
  if (text.trim() === '') return null;
  if (spec.type === 'number' || spec.type === 'money') return Number.isFinite(Number(text)) ? Number(text) : text;
  return text;
}

/** Only what changed: field id → new value or null. */
export function changedFields(specs: readonly JobFieldSpec[], stored: Record<string, unknown>, draft: Draft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    const next = valueOfDraft(spec, storedValue(draft, spec.id) as Draft[string] | undefined ?? draftOf(spec, undefined));
    const before = storedValue(stored, spec.id) ?? null;
    const unchangedCheckbox = spec.type === 'checkbox' && before === null && next === false;
    if (!unchangedCheckbox && JSON.stringify(next) !== JSON.stringify(before)) out[spec.id] = next;
  }
  return out;
}

function FieldValue({ spec, value }: { spec: JobFieldSpec; value: unknown }) {
  const t = useJobT();
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return <span className="muted">{t('noValue')}</span>;
  if (spec.type === 'checkbox') return <>{value === true ? t('yes') : t('no')}</>;
  if (Array.isArray(value)) return <>{value.map(String).join(', ')}</>;
  return <>{String(value)}</>;
}

/** One input for a declared field, by its type. */
export function FieldInput({ spec, value, onChange }: { spec: JobFieldSpec; value: string | boolean | string[]; onChange: (v: string | boolean | string[]) => void }) {
  const id = `job-field-${spec.id}`;
  const label = `${spec.label}${spec.required ? ' *' : ''}`;
  if (spec.type === 'checkbox') {
    return (
      <label className="check">
        <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
        <span>{label}</span>
      </label>
    );
  }
  if (spec.type === 'multiSelect') {
    const chosen = Array.isArray(value) ? value : [];
    return (
      <fieldset className="chips-field">
        <legend>{label}</legend>
        <div className="chips">
          {(spec.options ?? []).map((o) => {
            const on = chosen.includes(o);
            return (
              <button key={o} type="button" className={`chip${on ? ' on' : ''}`} aria-pressed={on} onClick={() => onChange(on ? chosen.filter((c) => c !== o) : [...chosen, o])}>
                {o}
              </button>
            );
          })}
        </div>
      </fieldset>
    );
  }
  const text = String(value);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {spec.type === 'select' ? (
        <select id={id} value={text} onChange={(e) => onChange(e.target.value)}>
          <option value="">—</option>
          {(spec.options ?? []).map((o) => (
            <option key={o} value={o}>{o}</option>
          ))}
        </select>
      ) : spec.type === 'longText' ? (
        <textarea id={id} value={text} maxLength={10000} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          id={id}
          type={spec.type === 'date' ? 'date' : spec.type === 'number' || spec.type === 'money' ? 'number' : 'text'}
          step={spec.type === 'money' ? '0.01' : undefined}
          min={spec.min}
          max={spec.max}
          maxLength={spec.type === 'text' ? 1000 : undefined}
          value={text}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </div>
  );
}

/**
 * The job's fields as the server answered them (only those the viewer may
 * read, with their declarations); owners and admins of the internal
 * organisation edit them (PATCH /api/jobs/:id/fields, audited).
 */
export function JobFieldsCard({ job, onSaved }: { job: JobDetail; onSaved: () => void }) {
  const t = useJobT();
  const { me } = useSession();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [saved, setSaved] = useState(false);
  const stored = job.fields ?? {};
  const specs = job.definition?.fields;
  if (!specs) {
    const entries = Object.entries(stored);
    if (entries.length === 0) return null;
    return (
      <Card title={t('jobFields')}>
        <p className="muted small">{t('legacyFields')}</p>
        <dl className="field-values">
          {entries.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd>
            </div>
          ))}
        </dl>
      </Card>
    );
  }
  if (specs.length === 0) return null;
  const canEdit = hasRole(me, 'owner', 'admin') && !isVendor(me);
  const startEdit = () => {
    setSaved(false);
    setProblem(undefined);
    setDraft(Object.fromEntries(specs.map((s) => [s.id, draftOf(s, storedValue(stored, s.id))])));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    const fields = changedFields(specs, stored, draft);
    if (Object.keys(fields).length === 0) {
      setDraft(null);
      return;
    }
    setBusy(true);
    setProblem(undefined);
    apiRequest(`/jobs/${encodeURIComponent(job.id)}/fields`, { method: 'PATCH', body: { fields } })
      .then(() => {
        setDraft(null);
        setSaved(true);
        onSaved();
      })
      .catch((err: unknown) => setProblem(problemOf(err)))
      .finally(() => setBusy(false));
  };
  return (
    <Card
      title={t('jobFields')}
      aside={canEdit && !draft ? <button type="button" className="btn small ghost" onClick={startEdit}>{t('editFields')}</button> : undefined}
    >
      {problem && <ProblemBanner problem={problem} onDismiss={() => setProblem(undefined)} />}
      {saved && <p className="muted small" role="status">{t('fieldsSaved')}</p>}
      {draft ? (
        <form className="stack" onSubmit={submit} aria-label={t('editFields')}>
          {specs.map((spec) => (
            <FieldInput key={spec.id} spec={spec} value={(storedValue(draft, spec.id) as Draft[string] | undefined) ?? draftOf(spec, undefined)} onChange={(v) => setDraft({ ...draft, [spec.id]: v })} />
          ))}
          <div className="row">
            <button type="submit" className="btn" disabled={busy}>{busy ? t('saving') : t('saveFields')}</button>
            <button type="button" className="btn ghost" onClick={() => setDraft(null)}>{t('cancelEdit')}</button>
          </div>
        </form>
      ) : (
        <dl className="field-values">
          {specs.map((spec) => (
            <div key={spec.id}>
              <dt>{spec.label}</dt>
              <dd><FieldValue spec={spec} value={storedValue(stored, spec.id)} /></dd>
            </div>
          ))}
        </dl>
      )}
    </Card>
  );
}
