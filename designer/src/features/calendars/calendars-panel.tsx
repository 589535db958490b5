import './calendars.css';
import { useState } from 'react';
import { Card } from '../../components/card';
import { EmptyState, Loading } from '../../components/empty-state';
import { LoadMore } from '../../components/load-more';
import { ProblemBanner } from '../../components/problem-banner';
import { useLocale } from '../../lib/i18n';
import { problemOf } from '../../lib/problem';
import { Link } from '../../lib/router';
import { formatDateTime } from '../../lib/time';
import { usePagedList } from '../../lib/use-paged-list';
import { useSession } from '../auth/session-context';
import { CalendarForm } from './calendar-form';
import { useCalendarT } from './calendar-messages';
import type { CalendarSummary } from './calendar-types';
import { CalendarView } from './calendar-view';

/** Calendars are listed by key; the API pages them with the last key as cursor. */
const PAGE_SIZE = 50;
const keyOf = (c: CalendarSummary) => c.key;

export const calendarPath = (key: string) => `/settings/calendars/${encodeURIComponent(key)}`;

/** Settings → Calendars (owners, admins): the shared calendars, one opened at `/settings/calendars/:key`. */
export function CalendarsPanel({ calendarKey }: { calendarKey?: string }) {
  return calendarKey ? <CalendarView calendarKey={calendarKey} /> : <CalendarList />;
}

function CalendarList() {
  const t = useCalendarT();
  const { locale } = useLocale();
  const { zone } = useSession();
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string>();
  const list = usePagedList<CalendarSummary>('/calendars', PAGE_SIZE, undefined, keyOf);
  return (
    <div className="stack">
      <Card
        title={t('title')}
        aside={
          !creating && (
            <button type="button" className="btn small primary" onClick={() => setCreating(true)}>
              + {t('newCalendar')}
            </button>
          )
        }
      >
        <div className="stack">
          <p className="muted small settings-hint">{t('hint')}</p>
          {notice && (
            <div className="success" role="status">
              {notice}
            </div>
          )}
          {list.error ? (
            <ProblemBanner problem={problemOf(list.error)} title={t('loadFailed')} />
          ) : !list.first ? (
            <Loading label={t('loading')} />
          ) : list.items.length === 0 ? (
            <EmptyState title={t('none')} />
          ) : (
            <div className="table-wrap">
              <table className="table compact calendar-table">
                <caption className="sr-only">{t('title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('key')}</th>
                    <th scope="col">{t('name')}</th>
                    <th scope="col">{t('latestVersion')}</th>
                    <th scope="col">{t('timezone')}</th>
                    <th scope="col">{t('updated')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((c) => (
                    <tr key={c.key}>
                      <td className="mono">
                        <Link to={calendarPath(c.key)}>{c.key}</Link>
                      </td>
                      <td>{c.name}</td>
                      <td>{c.latest ? `v${c.latest.version}` : '—'}</td>
                      <td className="mono">{c.latest?.timezone ?? '—'}</td>
                      <td className="nowrap">{formatDateTime(c.latest?.createdAt ?? c.createdAt, zone, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <LoadMore shown={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} onMore={list.loadMore} />
        </div>
      </Card>
      {creating && (
        <section className="card card-pad">
          <CalendarForm
            onCancel={() => setCreating(false)}
            onSaved={(message) => {
              setCreating(false);
              setNotice(message);
            }}
          />
        </section>
      )}
    </div>
  );
}
