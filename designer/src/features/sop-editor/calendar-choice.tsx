import { useEffect, useId, useRef, useState } from 'react';
import { isCalendarRef, type BusinessCalendarSpec, type CalendarRef } from '../../../../core/sop/types';
import { CalendarSpecFields, DEFAULT_CALENDAR } from './calendar-editor';
import { useEditorT } from './editor-messages';
import { SharedCalendarPicker } from './shared-calendar-picker';

type Mode = 'none' | 'inline' | 'shared';
const MODES: readonly Mode[] = ['none', 'inline', 'shared'];
const LABELS = { none: 'calendarNone', inline: 'calendarInline', shared: 'calendarShared' } as const;

/**
 * An SOP's business calendar: none (the default), its own inline calendar, or a
 * shared organisation calendar by key (`{ ref }`). Choosing "shared" changes the
 * definition only once a calendar is picked; going back to inline restores the
 * inline calendar last edited here (else a Monday–Friday, 09:00–18:00 week).
 */
export function CalendarChoice({ value, onChange }: { value: BusinessCalendarSpec | CalendarRef | undefined; onChange: (c: BusinessCalendarSpec | CalendarRef | undefined) => void }) {
  const t = useEditorT();
  const name = useId();
  const [pendingShared, setPendingShared] = useState(false);
  const lastInline = useRef<BusinessCalendarSpec | undefined>(undefined);
  const lastRef = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (isCalendarRef(value)) lastRef.current = value.ref;
    else if (value) lastInline.current = value;
  }, [value]);
  const mode: Mode = isCalendarRef(value) || pendingShared ? 'shared' : value ? 'inline' : 'none';

  const choose = (next: Mode) => {
    setPendingShared(false);
    if (next === 'none') onChange(undefined);
    else if (next === 'inline') onChange(lastInline.current ?? DEFAULT_CALENDAR);
    else if (lastRef.current) onChange({ ref: lastRef.current });
    else setPendingShared(true);
  };

  return (
    <div className="stack">
      <fieldset className="stack tight">
        <legend className="sr-only">{t('calendarSource')}</legend>
        {MODES.map((m) => (
          <label key={m} className="check">
            <input type="radio" name={name} value={m} checked={mode === m} onChange={() => choose(m)} />
            <span>{t(LABELS[m])}</span>
          </label>
        ))}
      </fieldset>
      {mode === 'inline' && value && !isCalendarRef(value) && <CalendarSpecFields value={value} onChange={onChange} />}
      {mode === 'shared' && (
        <>
          <SharedCalendarPicker
            value={isCalendarRef(value) ? value.ref : ''}
            onChange={(ref) => {
              setPendingShared(false);
              onChange({ ref });
            }}
          />
          <p className="muted small">{isCalendarRef(value) ? t('sharedHint') : t('sharedPending')}</p>
        </>
      )}
    </div>
  );
}
