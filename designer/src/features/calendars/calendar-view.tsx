import { useState } from 'react';
import { Card } from '../../components/card';
import { Loading } from '../../components/empty-state';
import { ProblemBanner } from '../../components/problem-banner';
import { useLocale } from '../../lib/i18n';
import { problemOf } from '../../lib/problem';
import { Link } from '../../lib/router';
import { formatDateTime } from '../../lib/time';
import { useResource } from '../../lib/use-resource';
import { useSession } from '../auth/session-context';
import { CalendarForm } from './calendar-form';
import { useCalendarT } from './calendar-messages';
import { CalendarSpecView } from './calendar-spec-view';
import type { CalendarDetail, CalendarVersionDetail, CalendarVersionEntry } from './calendar-types';
import { HolidayImportForm } from './holiday-import-form';

/** One calendar: its latest version read as a person would, Edit (a new version), the holiday import, and its versions. */
export function CalendarView({ calendarKey }: { calendarKey: string }) {
  const t = useCalendarT();
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string>();
  const path = `/calendars/${encodeURIComponent(calendarKey)}`;
  const res = useResource<CalendarDetail>(path);
  const calendar = res.data;
  const saved = (message: string) => {
    setEditing(false);
    setNotice(message);
    res.reload();
  };
  return (
    <div className="stack">
      <Link to="/settings/calendars" className="muted small">
        {t('back')}
      </Link>
      {res.error ? (
        <ProblemBanner problem={problemOf(res.error)} title={t('loadFailed')} />
      ) : !calendar ? (
        <Loading label={t('loading')} />
      ) : (
        <>
          <Card
            title={
              <>
                {calendar.name} <span className="mono muted small">{calendar.key} · v{calendar.latest.version}</span>
              </>
            }
            aside={
              !editing && (
                <button type="button" className="btn small" onClick={() => { setEditing(true); setNotice(undefined); }}>
                  {t('edit')}
                </button>
              )
            }
          >
            <div className="stack">
              {notice && (
                <div className="success" role="status">
                  {notice}
                </div>
              )}
              {editing ? (
                // Keyed by version: a form opened on an older version starts again from the latest.
                <CalendarForm key={calendar.latest.version} calendar={calendar} onSaved={saved} onCancel={() => setEditing(false)} onRefresh={res.reload} />
              ) : (
                <CalendarSpecView spec={calendar.latest.spec} timezone={calendar.latest.timezone} label={t('version', { version: calendar.latest.version })} />
              )}
            </div>
          </Card>
          {!editing && (
            <section className="card card-pad">
              {/* Keyed by version: a preview made on an older version is not confirmed on a newer one. */}
              <HolidayImportForm key={calendar.latest.version} calendarKey={calendar.key} onImported={saved} onRefresh={res.reload} />
            </section>
          )}
          <VersionList calendar={calendar} />
        </>
      )}
    </div>
  );
}

function VersionList({ calendar }: { calendar: CalendarDetail }) {
  const t = useCalendarT();
  const { locale } = useLocale();
  const { zone } = useSession();
  const [open, setOpen] = useState<number>();
  return (
    <Card title={t('versions')}>
      <div className="table-wrap">
        <table className="table compact calendar-versions">
          <caption className="sr-only">{t('versions')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('versionCol')}</th>
              <th scope="col">{t('when')}</th>
              <th scope="col">{t('who')}</th>
              <th scope="col">{t('note')}</th>
              <th scope="col">
                <span className="sr-only">{t('show')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {calendar.versions.map((v) => (
              <VersionRow key={v.version} calendarKey={calendar.key} entry={v} when={formatDateTime(v.createdAt, zone, locale)} open={open === v.version} onToggle={() => setOpen(open === v.version ? undefined : v.version)} />
            ))}
          </tbody>
        </table>
      </div>
      {calendar.moreVersions && <p className="muted small">{t('versionsMore', { n: calendar.versions.length })}</p>}
    </Card>
  );
}

function VersionRow({ calendarKey, entry, when, open, onToggle }: { calendarKey: string; entry: CalendarVersionEntry; when: string; open: boolean; onToggle: () => void }) {
  const t = useCalendarT();
  return (
    <>
      <tr>
        <td>v{entry.version}</td>
        <td className="nowrap">{when}</td>
        <td>{entry.createdBy.name}</td>
        <td className="break">{entry.note ?? t('noNote')}</td>
        <td>
          <button type="button" className="btn small ghost" aria-expanded={open} aria-label={`${open ? t('hide') : t('show')} v${entry.version}`} onClick={onToggle}>
            {open ? t('hide') : t('show')}
          </button>
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={5}>
            <VersionSpec calendarKey={calendarKey} version={entry.version} />
          </td>
        </tr>
      )}
    </>
  );
}

function VersionSpec({ calendarKey, version }: { calendarKey: string; version: number }) {
  const t = useCalendarT();
  const res = useResource<CalendarVersionDetail>(`/calendars/${encodeURIComponent(calendarKey)}/versions/${version}`);
  if (res.error) return <ProblemBanner problem={problemOf(res.error)} title={t('loadFailed')} />;
  if (!res.data) return <Loading label={t('loading')} />;
  return <CalendarSpecView spec={res.data.spec} timezone={res.data.timezone} label={t('versionSpec', { version })} />;
}
