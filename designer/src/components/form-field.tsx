import type { ReactNode } from 'react';

export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid': boolean;
}

/** A labelled input with its error (else its hint) underneath, tied to it with aria-describedby. */
export function FormField({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: string; children: (control: FieldControlProps) => ReactNode }) {
  const note = error ?? hint;
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-describedby': note ? `${id}-note` : undefined, 'aria-invalid': !!error })}
      {note && (
        <span id={`${id}-note`} className={error ? 'field-error' : 'field-hint'}>
          {note}
        </span>
      )}
    </div>
  );
}
