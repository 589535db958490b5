import { useSession } from '../auth/session-context';
import { Link } from '../../lib/router';
import { ApiKeysPanel } from '../api-keys/api-keys-panel';
import { CalendarsPanel } from '../calendars/calendars-panel';
import { PeoplePanel } from '../people/people-panel';
import { ChannelsPanel } from './channels-panel';
import { DeliveriesPanel } from './deliveries-panel';
import { PasswordForm } from './password-form';
import { ShortcutsSwitch } from '../../components/shortcuts-switch';
import { PreferencesForm } from './preferences-form';
import { SECTION_PATHS, settingsSectionsFor, type SettingsSection } from './settings-sections';
import { useSettingsT } from './settings-messages';

/** Settings: one's own notification preferences; for admins also people, API keys, channels and deliveries; for owners and admins calendars (one tab each). */
export function SettingsPage({ section, calendarKey }: { section: SettingsSection; calendarKey?: string }) {
  const t = useSettingsT();
  const { me } = useSession();
  if (!me) return null;
  const sections = settingsSectionsFor(me);
  return (
    <div className={`page settings-page${section === 'people' || section === 'api-keys' || section === 'calendars' ? ' wide' : ''}`}>
      <div className="page-head">
        <div>
          <h1>{t('title')}</h1>
          <p className="muted">{sections.includes('people') ? t('subtitle') : sections.length > 1 ? t('subtitleOwner') : t('subtitleOwn')}</p>
        </div>
      </div>
      {sections.length > 1 && (
        <nav className="segmented settings-tabs" aria-label={t('sections')}>
          {sections.map((s) => (
            <Link key={s} to={SECTION_PATHS[s]} className={s === section ? 'on' : undefined} aria-current={s === section ? 'page' : undefined}>
              {t(`tab.${s}`)}
            </Link>
          ))}
        </nav>
      )}
      {section === 'preferences' && (
        <section className="card card-pad stack prefs-card" aria-labelledby="prefs-title">
          <div>
            <h2 id="prefs-title">{t('prefsTitle')}</h2>
            <p className="muted small settings-hint">{t('prefsHint')}</p>
          </div>
          <PreferencesForm />
        </section>
      )}
      {section === 'preferences' && (
        <section className="card card-pad stack prefs-card" aria-labelledby="password-title">
          <div>
            <h2 id="password-title">{t('passwordTitle')}</h2>
            <p className="muted small settings-hint">{t('passwordHint')}</p>
          </div>
          <PasswordForm />
        </section>
      )}
      {section === 'preferences' && (
        <section className="card card-pad stack prefs-card" aria-labelledby="keyboard-title">
          <h2 id="keyboard-title">{t('keyboardTitle')}</h2>
          <ShortcutsSwitch withHint />
        </section>
      )}
      {section === 'people' && <PeoplePanel />}
      {section === 'api-keys' && <ApiKeysPanel />}
      {section === 'channels' && <ChannelsPanel />}
      {section === 'deliveries' && <DeliveriesPanel />}
      {section === 'calendars' && <CalendarsPanel key={calendarKey ?? ''} calendarKey={calendarKey} />}
    </div>
  );
}
