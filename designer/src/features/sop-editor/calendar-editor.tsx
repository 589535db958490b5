import type { BusinessCalendarSpec } from '../../../../core/sop/types';
import { useLocale } from '../../lib/i18n';
import { useEditorT } from './editor-messages';
import { TagListField, TextField } from './form-controls';
import { setOptional } from './optional-field';

export const WEEKDAYS: Record<'zh-CN' | 'en', string[]> = {
  'zh-CN': ['一', '二', '三', '四', '五', '六', '日'],
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};

export const DEFAULT_CALENDAR: BusinessCalendarSpec = { workdays: [1, 2, 3, 4, 5], hours: ['09:00', '18:00'] };

/** Work days, working hours, holidays and make-up workdays (调休) of a calendar: the SOP's own, or a shared one (Settings → Calendars). */
export function CalendarSpecFields({ value, onChange }: { value: BusinessCalendarSpec; onChange: (c: BusinessCalendarSpec) => void }) {
  const t = useEditorT();
  const { locale } = useLocale();
  return (
    <>
      <fieldset className="chips-field">
        <legend>{t('workdays')}</legend>
        <div className="chips">
          {WEEKDAYS[locale].map((label, i) => {
            const day = i + 1;
            const on = value.workdays.includes(day);
            return (
              <button
                key={day}
                type="button"
                className={`chip${on ? ' on' : ''}`}
                aria-pressed={on}
                onClick={() => onChange({ ...value, workdays: on ? value.workdays.filter((d) => d !== day) : [...value.workdays, day].sort() })}
              >
                {label}
              </button>
            );
          })}
        </div>
      </fieldset>
      <div className="grid-2">
        <TextField label={`${t('hours')} ▸`} value={value.hours[0]} mono onChange={(a) => onChange({ ...value, hours: [a, value.hours[1]] })} />
        <TextField label={`${t('hours')} ◂`} value={value.hours[1]} mono onChange={(b) => onChange({ ...value, hours: [value.hours[0], b] })} />
      </div>
      <TagListField label={t('holidays')} inputType="date" value={value.holidays ?? []} onChange={(h) => onChange(setOptional(value, 'holidays', h))} />
      <TagListField label={t('workdaysExtra')} inputType="date" value={value.workdaysExtra ?? []} onChange={(h) => onChange(setOptional(value, 'workdaysExtra', h))} />
    </>
  );
}
