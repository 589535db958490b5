import { useId, useState, type FormEvent } from 'react';
import { CALENDAR_KEY_PATTERN } from '../../../../core/sop/schema';
import type { BusinessCalendarSpec } from '../../../../core/sop/types';
import { apiRequest } from '../../lib/api-client';
import { problemOf, type Problem } from '../../lib/problem';
import { isValidZone, timeZoneChoices } from '../../lib/time-zones';
import { CalendarSpecFields, DEFAULT_CALENDAR } from '../sop-editor/calendar-editor';
import { useCalendarT } from './calendar-messages';
import { CalendarProblem } from './calendar-problem';
import type { CalendarDetail, CalendarVersionCreated } from './calendar-types';

const KEY = new RegExp(CALENDAR_KEY_PATTERN);

/**
 * A new calendar (key, name, zone, days, hours, holidays, 调休, note), or — given `calendar` —
 * its next version, sent with `basedOn` (the version shown) so an edit made meanwhile is not overwritten.
 */
export function CalendarForm({ calendar, onSaved, onCancel, onRefresh }: { calendar?: CalendarDetail; onSaved: (message: string) => void; onCancel: () => void; onRefresh?: () => void }) {
  const t = useCalendarT();
  const id = useId();
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [zone, setZone] = useState(calendar?.latest.timezone ?? 'Asia/Shanghai');
  const [spec, setSpec] = useState<BusinessCalendarSpec>(() => (calendar ? (calendar.latest.spec as BusinessCalendarSpec) : DEFAULT_CALENDAR));
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();

  const errors = {
    key: calendar ? undefined : !key.trim() ? t('keyRequired') : !KEY.test(key.trim()) ? t('keyHint') : undefined,
    name: calendar ? undefined : !name.trim() ? t('nameRequired') : undefined,
    zone: isValidZone(zone.trim()) ? undefined : t('zoneInvalid', { zone }),
  };
  const shown = (e: string | undefined) => (tried ? e : undefined);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (errors.key || errors.name || errors.zone) return;
    setBusy(true);
    setProblem(undefined);
    const common = { spec, timezone: zone.trim(), ...(note.trim() ? { note: note.trim() } : {}) };
    const saving = calendar
      ? apiRequest<CalendarVersionCreated>(`/calendars/${encodeURIComponent(calendar.key)}`, { method: 'PUT', body: { ...common, basedOn: calendar.latest.version } }).then((r) =>
          t('saved', { version: r.version.version, jobs: r.jobsRetimed }),
        )
      : apiRequest<CalendarDetail>('/calendars', { method: 'POST', body: { key: key.trim(), name: name.trim(), ...common } }).then((r) => t('created', { name: r.name }));
    saving
      .then(onSaved)
      .catch((err: unknown) => setProblem(problemOf(err)))
      .finally(() => setBusy(false));
  };

  const title = calendar ? t('editTitle', { version: calendar.latest.version + 1 }) : t('createTitle');
  return (
    <form className="stack" aria-label={title} onSubmit={submit} noValidate>
      <h2>{title}</h2>
      {!calendar && (
        <div className="grid-2">
          <div className={`field${shown(errors.key) ? ' invalid' : ''}`}>
            <label htmlFor={`${id}-key`}>{t('key')}</label>
            <input id={`${id}-key`} className="mono" value={key} autoComplete="off" spellCheck={false} onChange={(e) => setKey(e.target.value)} />
            <span className={shown(errors.key) ? 'field-error' : 'field-hint'}>{shown(errors.key) ?? t('keyHint')}</span>
          </div>
          <div className={`field${shown(errors.name) ? ' invalid' : ''}`}>
            <label htmlFor={`${id}-name`}>{t('name')}</label>
            <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} />
            {shown(errors.name) && <span className="field-error">{errors.name}</span>}
          </div>
        </div>
      )}
      <div className={`field${shown(errors.zone) ? ' invalid' : ''}`}>
        <label htmlFor={`${id}-zone`}>{t('timezone')}</label>
        <input id={`${id}-zone`} className="mono" list={`${id}-zones`} value={zone} autoComplete="off" spellCheck={false} onChange={(e) => setZone(e.target.value)} />
        <datalist id={`${id}-zones`}>
          {timeZoneChoices().map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        {shown(errors.zone) && <span className="field-error">{errors.zone}</span>}
      </div>
      <CalendarSpecFields value={spec} onChange={setSpec} />
      <div className="field">
        <label htmlFor={`${id}-note`}>{t('note')}</label>
        <input id={`${id}-note`} value={note} placeholder={t('noteHint')} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
      </div>
      {problem && <CalendarProblem problem={problem} title={calendar ? t('saveFailed') : t('createFailed')} onRefresh={onRefresh} />}
      <div className="row">
        <button type="submit" className="btn primary" disabled={busy}>
          {calendar ? (busy ? t('saving') : t('save')) : busy ? t('creating') : t('create')}
        </button>
        <button type="button" className="btn ghost" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
