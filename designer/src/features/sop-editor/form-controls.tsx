import { useEffect, useId, useState, type ReactNode } from 'react';
import { isIsoDuration } from '../../lib/iso-duration';
import { BUSINESS_UNITS, DURATION_UNITS, isBusinessUnit, isCustomUnit, isoUnitOf, joinDuration, pickedUnitOf, splitDuration, type PickedUnit } from '../../lib/duration-units';
import { useEditorT, type EditorKey } from './editor-messages';

export function Field({ label, hint, error, children }: { label: string; hint?: string; error?: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {error ? <span className="field-error">{error}</span> : hint ? <span className="field-hint">{hint}</span> : null}
    </div>
  );
}

/**
 * A text input that commits on every keystroke but keeps its own text, so
 * an intermediate value (an empty number, a half-typed duration) is not lost.
 */
export function TextField({
  label, value, onChange, hint, error, placeholder, multiline, mono,
}: {
  label: string; value: string | undefined; onChange: (v: string) => void; hint?: string; error?: string;
  placeholder?: string; multiline?: boolean; mono?: boolean;
}) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(id) =>
        multiline ? (
          <textarea id={id} value={value ?? ''} placeholder={placeholder} rows={3} onChange={(e) => onChange(e.target.value)} />
        ) : (
          <input id={id} className={mono ? 'mono' : undefined} value={value ?? ''} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />
        )
      }
    </Field>
  );
}

export function NumberField({ label, value, onChange, step, min, max, error }: {
  label: string; value: number | undefined; onChange: (v: number | undefined) => void; step?: number; min?: number; max?: number; error?: string;
}) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    setText((t) => (Number(t) === value || (t === '' && value === undefined) ? t : value === undefined ? '' : String(value)));
  }, [value]);
  return (
    <Field label={label} error={error}>
      {(id) => (
        <input
          id={id}
          type="number"
          value={text}
          step={step}
          min={min}
          max={max}
          onChange={(e) => {
            setText(e.target.value);
            onChange(e.target.value === '' ? undefined : Number(e.target.value));
          }}
        />
      )}
    </Field>
  );
}

export function SelectField<T extends string>({ label, value, options, onChange }: {
  label: string; value: T | undefined; options: Array<{ value: T; label: string }>; onChange: (v: T) => void;
}) {
  return (
    <Field label={label}>
      {(id) => (
        <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value as T)}>
          {value === undefined || !options.some((o) => o.value === value) ? <option value={value ?? ''}>{value ?? '—'}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function Checkbox({ label, checked, onChange }: { label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
    </label>
  );
}

/** Toggle chips for picking from a known list (roles, deliverables). */
export function ChipPicker({ label, options, value, onChange }: {
  label: string; options: Array<{ value: string; label: string }>; value: readonly string[]; onChange: (v: string[]) => void;
}) {
  const unknown = value.filter((v) => !options.some((o) => o.value === v));
  return (
    <fieldset className="chips-field">
      <legend>{label}</legend>
      <div className="chips">
        {[...options, ...unknown.map((v) => ({ value: v, label: `${v} ⚠` }))].map((o) => {
          const on = value.includes(o.value);
          return (
            <button
              key={o.value}
              type="button"
              className={`chip${on ? ' on' : ''}`}
              aria-pressed={on}
              onClick={() => onChange(on ? value.filter((v) => v !== o.value) : [...value, o.value])}
            >
              {o.label}
            </button>
          );
        })}
        {options.length === 0 && unknown.length === 0 && <span className="muted small">—</span>}
      </div>
    </fieldset>
  );
}

/** A list of free strings edited as removable tags plus an input. */
export function TagListField({ label, value, onChange, placeholder, inputType = 'text', error }: {
  label: string; value: readonly string[]; onChange: (v: string[]) => void; placeholder?: string; inputType?: 'text' | 'date'; error?: string;
}) {
  const t = useEditorT();
  const [draft, setDraft] = useState('');
  const inputId = useId();
  const add = () => {
    const v = draft.trim();
    if (v && !value.includes(v)) onChange([...value, v]);
    setDraft('');
  };
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={inputId}>{label}</label>
      <div className="tags">
        {value.map((v) => (
          <span key={v} className="tag">
            {v}
            <button type="button" aria-label={`${t('remove')} ${v}`} onClick={() => onChange(value.filter((x) => x !== v))}>
              ×
            </button>
          </span>
        ))}
      </div>
      <div className="inline-add">
        <input
          id={inputId}
          type={inputType}
          value={draft}
          placeholder={placeholder}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" className="btn small" onClick={add} disabled={!draft.trim()}>
          {t('add')}
        </button>
      </div>
      {error && <span className="field-error">{error}</span>}
    </div>
  );
}

const UNIT_LABELS: Record<PickedUnit, EditorKey> = {
  S: 'unitS', M: 'unitM', H: 'unitH', D: 'unitD', W: 'unitW', BH: 'unitBH', BD: 'unitBD', custom: 'unitCustom', customBusiness: 'unitCustomBusiness',
};

/**
 * A duration as a number and a unit (minutes, hours, days, weeks, seconds), written as
 * ISO 8601 underneath (shown beside it); a stored duration of several units (P1DT4H)
 * switches to "custom", edited as ISO text. Given `business` (a step's deadline: whether
 * it counts business time) it also offers business hours and days (and custom business
 * time), and tells `onChange` which time the duration counts in.
 */
export function DurationField({ label, value, onChange, allowEmpty, business }: {
  label: string; value: string | undefined; onChange: (v: string, business: boolean) => void; allowEmpty?: boolean; business?: boolean;
}) {
  const t = useEditorT();
  const id = useId();
  const v = value ?? '';
  const stored = pickedUnitOf(v, business ?? false);
  const split = splitDuration(v);
  const [unit, setUnit] = useState<PickedUnit>(stored ?? 'D');
  const [amountText, setAmountText] = useState(split ? String(split.amount) : '');
  // A value changed elsewhere (undo, import) shows as it is; what is being typed stays as typed; custom text stays custom.
  const shownUnit: PickedUnit = isCustomUnit(unit) ? (v === '' ? unit : business ? 'customBusiness' : 'custom') : (stored ?? unit);
  const shownAmount = split && Number(amountText) !== split.amount ? String(split.amount) : amountText;
  const bad = v !== '' ? !isIsoDuration(v) : !allowEmpty;
  const amountBad = !isCustomUnit(shownUnit) && amountText.trim() !== '' && !/^\d{1,6}$/.test(amountText.trim());
  const emit = (text: string, u: PickedUnit) => {
    setAmountText(text);
    const iso = isoUnitOf(u);
    if (!iso) return;
    const trimmed = text.trim();
    if (trimmed === '') onChange('', isBusinessUnit(u));
    else if (/^\d{1,6}$/.test(trimmed)) onChange(joinDuration(Number(trimmed), iso), isBusinessUnit(u));
  };
  const option = (u: PickedUnit) => (
    <option key={u} value={u}>
      {t(UNIT_LABELS[u])}
    </option>
  );
  return (
    <div className={`field${bad || amountBad ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="duration-field">
        {isCustomUnit(shownUnit) ? (
          <input id={id} className="mono" value={v} placeholder="P1DT4H" onChange={(e) => onChange(e.target.value.trim().toUpperCase(), isBusinessUnit(shownUnit))} />
        ) : (
          <input id={id} type="number" inputMode="numeric" min={0} step={1} value={shownAmount} onChange={(e) => emit(e.target.value, shownUnit)} />
        )}
        <select
          aria-label={t('durationUnitOf', { label })}
          value={shownUnit}
          onChange={(e) => {
            const next = e.target.value as PickedUnit;
            setUnit(next);
            if (!isCustomUnit(next)) emit(split ? String(split.amount) : amountText, next);
            else if (v !== '' && isBusinessUnit(next) !== (business ?? false)) onChange(v, isBusinessUnit(next));
          }}
        >
          {business === undefined ? (
            <>
              {DURATION_UNITS.map(option)}
              {option('custom')}
            </>
          ) : (
            <>
              <optgroup label={t('calendarTime')}>
                {DURATION_UNITS.map(option)}
                {option('custom')}
              </optgroup>
              <optgroup label={t('businessTime')}>
                {BUSINESS_UNITS.map(option)}
                {option('customBusiness')}
              </optgroup>
            </>
          )}
        </select>
        {v && !bad && <code className="muted small duration-iso">{v}</code>}
      </div>
      {bad || amountBad ? (
        <span className="field-error">{amountBad ? t('durationWhole') : t('durationInvalid')}</span>
      ) : isBusinessUnit(shownUnit) ? (
        <span className="field-hint">{t('businessHint')}</span>
      ) : isCustomUnit(shownUnit) ? (
        <span className="field-hint">{t('durationHint')}</span>
      ) : null}
    </div>
  );
}

/** `items` with the one at `from` moved to `to` (clamped to the list). */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  const target = Math.max(0, Math.min(items.length - 1, to));
  const [moved] = next.splice(from, 1);
  if (moved !== undefined) next.splice(target, 0, moved);
  return next;
}

/** Rows of a repeated sub-form with add/remove, and move up/down when the order matters (`reorderable`). */
export function RowList<T>({ label, items, onChange, render, create, addLabel, reorderable }: {
  label: string; items: readonly T[]; onChange: (items: T[]) => void; render: (item: T, update: (next: T) => void, index: number) => ReactNode;
  create: () => T; addLabel?: string; reorderable?: boolean;
}) {
  const t = useEditorT();
  return (
    <fieldset className="rows">
      <legend>{label}</legend>
      {items.map((item, i) => (
        <div key={i} className="row-card">
          <div className="row-body">{render(item, (next) => onChange(items.map((x, j) => (j === i ? next : x))), i)}</div>
          {reorderable && (
            <div className="row-moves">
              <button type="button" className="icon-btn" aria-label={`${t('moveUp')} ${label} #${i + 1}`} disabled={i === 0} onClick={() => onChange(moveItem(items, i, i - 1))}>
                ↑
              </button>
              <button type="button" className="icon-btn" aria-label={`${t('moveDown')} ${label} #${i + 1}`} disabled={i === items.length - 1} onClick={() => onChange(moveItem(items, i, i + 1))}>
                ↓
              </button>
            </div>
          )}
          <button type="button" className="icon-btn danger" aria-label={`${t('remove')} ${label} #${i + 1}`} onClick={() => onChange(items.filter((_, j) => j !== i))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" className="btn small ghost add-row" onClick={() => onChange([...items, create()])}>
        + {addLabel ?? t('add')}
      </button>
    </fieldset>
  );
}

export function Section({ title, children, open = true }: { title: string; children: ReactNode; open?: boolean }) {
  return (
    <details className="section" open={open}>
      <summary>{title}</summary>
      <div className="section-body">{children}</div>
    </details>
  );
}
