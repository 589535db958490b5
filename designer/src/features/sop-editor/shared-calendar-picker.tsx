import { useId, useMemo, useState } from 'react';
import { LoadMore } from '../../components/load-more';
import { ProblemBanner } from '../../components/problem-banner';
import { problemOf } from '../../lib/problem';
import { usePagedList } from '../../lib/use-paged-list';
import type { CalendarSummary } from '../calendars/calendar-types';
import { useEditorT } from './editor-messages';

/** The API pages calendars by key (GET /api/calendars?cursor=&limit=). */
const PAGE_SIZE = 50;
/** More than this many loaded, or more pages to read: a search box narrows the list. */
const SEARCH_FROM = 8;
const keyOf = (c: CalendarSummary) => c.key;

/** Whether a calendar's key or name contains `query` (any case). */
export function calendarMatches(c: CalendarSummary, query: string): boolean {
  const q = query.trim().toLowerCase();
  return q === '' || c.key.toLowerCase().includes(q) || c.name.toLowerCase().includes(q);
}

/**
 * A select of the organisation's shared calendars (key, name, the latest version's
 * zone), read a page at a time with "load more" and narrowed by a search over the
 * pages loaded. `value` is the chosen key ('' for none yet); a key not among those
 * loaded stays chosen and says so.
 */
export function SharedCalendarPicker({ value, onChange }: { value: string; onChange: (key: string) => void }) {
  const t = useEditorT();
  const id = useId();
  const [query, setQuery] = useState('');
  const list = usePagedList<CalendarSummary>('/calendars', PAGE_SIZE, undefined, keyOf);
  const chosen = list.items.find((c) => c.key === value);
  const shown = useMemo(() => list.items.filter((c) => c.key === value || calendarMatches(c, query)), [list.items, query, value]);
  const label = (c: CalendarSummary) => `${c.key} — ${c.name} (${c.latest?.timezone ?? t('sharedNoVersion')})`;
  if (list.error) return <ProblemBanner problem={problemOf(list.error)} title={t('sharedLoadFailed')} />;
  if (!list.first) return <p className="muted small">{t('loading')}</p>;
  if (list.items.length === 0 && !value) return <p className="muted small">{t('sharedNone')}</p>;
  return (
    <div className="stack">
      {(list.items.length > SEARCH_FROM || list.hasMore) && (
        <div className="field">
          <label htmlFor={`${id}-search`}>{t('sharedSearch')}</label>
          <input id={`${id}-search`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </div>
      )}
      <div className="field">
        <label htmlFor={id}>{t('sharedPick')}</label>
        <select id={id} value={value} onChange={(e) => e.target.value && onChange(e.target.value)}>
          {!value && <option value="">{t('sharedChoose')}</option>}
          {value && !chosen && <option value={value}>{t('sharedUnknown', { key: value })}</option>}
          {shown.map((c) => (
            <option key={c.key} value={c.key}>
              {label(c)}
            </option>
          ))}
        </select>
        {chosen ? (
          <span className="field-hint">
            {chosen.latest ? t('sharedLatest', { name: chosen.name, version: chosen.latest.version, timezone: chosen.latest.timezone }) : t('sharedNoVersion')}
          </span>
        ) : query && shown.length === 0 ? (
          <span className="field-hint">{list.hasMore ? t('sharedNoMatchMore') : t('sharedNoMatch')}</span>
        ) : null}
      </div>
      <LoadMore shown={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} onMore={list.loadMore} />
    </div>
  );
}
