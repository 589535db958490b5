import { useEffect, useId, useState, type FormEvent } from 'react';
import { Loading } from '../../components/empty-state';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import { splitFieldErrors } from '../../lib/field-errors';
import { LOCALES, useLocale, type Locale } from '../../lib/i18n';
import { problemOf, type Problem } from '../../lib/problem';
import { browserZone, formatDateTime, useNow } from '../../lib/time';
import { isValidZone, timeZoneChoices } from '../../lib/time-zones';
import { useResource } from '../../lib/use-resource';
import { useSession } from '../auth/session-context';
import type { NotificationPreferences, PersonalChannel } from './notification-types';
import { useSettingsT } from './settings-messages';

const LANGUAGE_NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };
const FIELDS = ['channels', 'locale', 'timezone'] as const;

/** The caller's own channels (inbox, e-mail), notification language and time zone: every role has this. */
export function PreferencesForm() {
  const t = useSettingsT();
  const prefs = useResource<NotificationPreferences>('/notifications/preferences');
  if (prefs.error) return <ProblemBanner problem={problemOf(prefs.error)} title={t('loadFailed')} />;
  if (!prefs.data) return <Loading label={t('loading')} />;
  return <PreferencesFields initial={prefs.data} />;
}

function PreferencesFields({ initial }: { initial: NotificationPreferences }) {
  const t = useSettingsT();
  const id = useId();
  const now = useNow();
  const { locale: uiLocale } = useLocale();
  const { me, updateMe } = useSession();
  const [channels, setChannels] = useState<PersonalChannel[]>(initial.channels);
  const [locale, setLocale] = useState<Locale>(initial.locale);
  const [zone, setZone] = useState(initial.timezone);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [tried, setTried] = useState(false);
  // The stored preferences are the truth about one's zone and language (the session may be a moment behind).
  useEffect(() => updateMe({ timezone: initial.timezone, locale: initial.locale }), [initial, updateMe]);
  const here = browserZone();
  const zoneOk = isValidZone(zone.trim());
  const noChannel = channels.length === 0;
  const { byField, rest } = problem ? splitFieldErrors(problem, FIELDS) : { byField: {}, rest: undefined };
  const zoneError = tried && !zoneOk ? t('zoneUnknown', { zone: zone.trim() }) : byField.timezone;

  const toggle = (c: PersonalChannel, on: boolean) => {
    setSaved(false);
    setChannels((cs) => (on ? initial.available.filter((a) => a === c || cs.includes(a)) : cs.filter((x) => x !== c)));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    setSaved(false);
    if (!zoneOk || noChannel) return;
    setBusy(true);
    setProblem(undefined);
    apiRequest<NotificationPreferences>('/notifications/preferences', { method: 'PUT', body: { channels, locale, timezone: zone.trim() } })
      .then((res) => {
        setChannels(res.channels);
        setLocale(res.locale);
        setZone(res.timezone);
        setSaved(true);
        updateMe({ timezone: res.timezone, locale: res.locale });
      })
      .catch((err: unknown) => setProblem(problemOf(err)))
      .finally(() => setBusy(false));
  };

  return (
    <form className="stack settings-form" onSubmit={submit} aria-label={t('prefsTitle')} noValidate>
      <fieldset className="stack">
        <legend>{t('personalChannels')}</legend>
        {initial.available.map((c) => (
          <label key={c} className="check">
            <input type="checkbox" checked={channels.includes(c)} onChange={(e) => toggle(c, e.target.checked)} />
            {t(`personal.${c}`, { email: me?.email ?? '' })}
          </label>
        ))}
        {noChannel && <div className="field-error" role="alert">{t('pickOneChannel')}</div>}
        {byField.channels && <div className="field-error">{byField.channels}</div>}
      </fieldset>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={`${id}-locale`}>{t('language')}</label>
          <select id={`${id}-locale`} value={locale} onChange={(e) => { setLocale(e.target.value as Locale); setSaved(false); }} aria-describedby={`${id}-locale-hint`}>
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
          <span id={`${id}-locale-hint`} className="field-hint">{t('languageHint')}</span>
        </div>
        <div className={`field${zoneError ? ' invalid' : ''}`}>
          <label htmlFor={`${id}-zone`}>{t('timezone')}</label>
          <input
            id={`${id}-zone`}
            list={`${id}-zones`}
            value={zone}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={!!zoneError}
            aria-describedby={`${id}-zone-hint`}
            onChange={(e) => { setZone(e.target.value); setSaved(false); }}
          />
          <datalist id={`${id}-zones`}>
            {timeZoneChoices().map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <span id={`${id}-zone-hint`} className={zoneError ? 'field-error' : 'field-hint'}>
            {zoneError ?? (zoneOk ? `${t('timezoneHint')} ${t('zoneNow', { time: formatDateTime(now, zone.trim(), uiLocale) })}` : t('timezoneHint'))}
          </span>
          {here !== zone.trim() && (
            <button type="button" className="btn ghost small align-start" onClick={() => { setZone(here); setSaved(false); }}>
              {t('useBrowserZone', { zone: here })}
            </button>
          )}
        </div>
      </div>
      {rest && <ProblemBanner problem={rest} title={t('saveFailed')} onDismiss={() => setProblem(undefined)} />}
      {saved && <div className="success" role="status">{t('prefsSaved')}</div>}
      <div className="row">
        <button type="submit" className="btn primary" disabled={busy}>
          {busy ? t('saving') : t('savePrefs')}
        </button>
      </div>
    </form>
  );
}
