import { useId, type ReactNode } from 'react';
import type { FormFieldSpec } from '../../../../core/sop/types';
import { formatBytes } from '../jobs/reason-text';
import type { AnswerDraft } from './form-draft';
import { precheckFile } from './naming-precheck';
import { useVendorT } from './vendor-messages';

interface Props {
  spec: FormFieldSpec;
  value: AnswerDraft | undefined;
  file: File | undefined;
  /** The problem to show under the input (browser check or the API's 422), in the current language. */
  error: string | undefined;
  disabled?: boolean;
  onChange: (value: AnswerDraft) => void;
  onFile: (file: File | undefined) => void;
}

/** Type and size of a chosen file against a `file` question's limits, as text to show; undefined when fine. */
export function fileLimitError(spec: FormFieldSpec, file: File | undefined, t: ReturnType<typeof useVendorT>): string | undefined {
  if (!file || spec.type !== 'file') return undefined;
  const check = precheckFile({ id: spec.id, label: spec.label, ...(spec.accept ? { accept: spec.accept } : {}), ...(spec.maxBytes ? { maxBytes: spec.maxBytes } : {}) }, file, {});
  if (check.typeError) return t('wrongType', check.typeError);
  if (check.sizeError) return t('tooBig', { size: formatBytes(check.sizeError.size), max: formatBytes(check.sizeError.max) });
  return undefined;
}

/** One question of a task's form with the input its type needs, its required mark, help and problem. */
export function FormQuestionInput({ spec, value, file, error, disabled, onChange, onFile }: Props) {
  const t = useVendorT();
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const described = [spec.help ? helpId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const aria = { 'aria-invalid': error ? true : undefined, 'aria-describedby': described } as const;
  const title = (
    <>
      {spec.label}
      {spec.required && <span className="required-mark"> · {t('required')}</span>}
    </>
  );
  const below: ReactNode = (
    <>
      {spec.help && <span id={helpId} className="field-hint">{spec.help}</span>}
      {error && <span id={errorId} className="field-error">{error}</span>}
    </>
  );
  const text = typeof value === 'string' ? value : '';

  if (spec.type === 'checkbox') {
    return (
      <div className={`field${error ? ' invalid' : ''}`}>
        <label className="check">
          <input type="checkbox" checked={value === true} disabled={disabled} onChange={(e) => onChange(e.target.checked)} {...aria} />
          <span>{title}</span>
        </label>
        {below}
      </div>
    );
  }
  if (spec.type === 'multiSelect') {
    const chosen = Array.isArray(value) ? value : [];
    return (
      <fieldset className={`field form-choices${error ? ' invalid' : ''}`} aria-describedby={described}>
        <legend>{title}</legend>
        {(spec.options ?? []).map((o) => (
          <label key={o} className="check">
            <input type="checkbox" checked={chosen.includes(o)} disabled={disabled} onChange={(e) => onChange(e.target.checked ? [...chosen, o] : chosen.filter((c) => c !== o))} />
            <span>{o}</span>
          </label>
        ))}
        {below}
      </fieldset>
    );
  }
  let input: ReactNode;
  if (spec.type === 'select') {
    input = (
      <select id={id} value={text} disabled={disabled} onChange={(e) => onChange(e.target.value)} {...aria}>
        <option value="">—</option>
        {(spec.options ?? []).map((o) => (
          <option key={o} value={o}>{o}</option>
        ))}
      </select>
    );
  } else if (spec.type === 'longText') {
    input = <textarea id={id} rows={3} value={text} maxLength={10000} disabled={disabled} onChange={(e) => onChange(e.target.value)} {...aria} />;
  } else if (spec.type === 'file') {
    input = (
      <div className="form-file">
        <input id={id} type="file" accept={spec.accept?.join(',')} disabled={disabled} onChange={(e) => onFile(e.target.files?.[0] ?? undefined)} {...aria} />
        {file && <span className="muted small">{file.name} · {formatBytes(file.size)}</span>}
      </div>
    );
  } else {
    const numeric = spec.type === 'number' || spec.type === 'money';
    input = (
      <input
        id={id}
        type={spec.type === 'date' ? 'date' : numeric ? 'number' : 'text'}
        inputMode={numeric ? 'decimal' : undefined}
        step={spec.type === 'money' ? '0.01' : numeric ? 'any' : undefined}
        min={spec.min}
        max={spec.max}
        maxLength={spec.type === 'text' ? 1000 : undefined}
        value={text}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        {...aria}
      />
    );
  }
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{title}</label>
      {input}
      {below}
    </div>
  );
}
