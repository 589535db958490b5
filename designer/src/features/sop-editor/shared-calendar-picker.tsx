import { useEffect, useId, useState } from 'react';
import { LoadMore } from '../../components/load-more';
import { ProblemBanner } from '../../components/problem-banner';
import { problemOf } from '../../lib/problem';
import { searchParamOf } from '../../lib/search-param';
import { useDebounced } from '../../lib/use-debounced';
import { usePagedList } from '../../lib/use-paged-list';
import type { CalendarSummary } from '../calendars/calendar-types';
import { useEditorT } from './editor-messages';

/** The API pages calendars by key (GET /api/calendars?q=&cursor=&limit=). */
const PAGE_SIZE = 50;
/** More than this many loaded, or more pages to read: a search box narrows the list. */
const SEARCH_FROM = 8;
/** The search is sent once typing has stopped this long. */
const SEARCH_DELAY_MS = 300;
const keyOf = (c: CalendarSummary) => c.key;

/**
 * A select of the organisation's shared calendars (key, name, the latest version's
 * zone), read a page at a time with "load more"; the search box asks the server
 * (`q`: key or name, every calendar, not only the pages loaded). `value` is the
 * chosen key ('' for none yet): it stays listed while a search does not match it,
 * and a key the server never listed stays chosen and says so.
 */
export function SharedCalendarPicker({ value, onChange }: { value: string; onChange: (key: string) => void }) {
  const t = useEditorT();
  const id = useId();
  const [search, setSearch] = useState('');
  const q = searchParamOf(useDebounced(search, SEARCH_DELAY_MS));
  const list = usePagedList<CalendarSummary>(q ? `/calendars?q=${encodeURIComponent(q)}` : '/calendars', PAGE_SIZE, undefined, keyOf);
  // The chosen calendar as last listed, so that a search that does not match it keeps it in the select.
  const listed = list.items.find((c) => c.key === value);
  const [remembered, setRemembered] = useState<CalendarSummary>();
  useEffect(() => {
    if (listed) setRemembered(listed);
  }, [listed]);
  const chosen = listed ?? (remembered?.key === value ? remembered : undefined);
  // Once offered, the search box stays (a search's few results, or its clearing, must not take it away mid-typing).
  const long = list.items.length > SEARCH_FROM || list.hasMore;
  const [searchOffered, setSearchOffered] = useState(false);
  useEffect(() => {
    if (long) setSearchOffered(true);
  }, [long]);
  const label = (c: CalendarSummary) => `${c.key} — ${c.name} (${c.latest?.timezone ?? t('sharedNoVersion')})`;
  if (list.error) return <ProblemBanner problem={problemOf(list.error)} title={t('sharedLoadFailed')} />;
  if (!list.first) return <p className="muted small">{t('loading')}</p>;
  if (list.items.length === 0 && !value && !searchOffered) return <p className="muted small">{t('sharedNone')}</p>;
  return (
    <div className="stack">
      {(long || searchOffered) && (
        <div className="field">
          <label htmlFor={`${id}-search`}>{t('sharedSearch')}</label>
          <input id={`${id}-search`} type="search" value={search} maxLength={200} onChange={(e) => setSearch(e.target.value)} />
          {search.trim() !== '' && !searchParamOf(search) && <span className="field-hint">{t('sharedSearchShort')}</span>}
        </div>
      )}
      <div className="field">
        <label htmlFor={id}>{t('sharedPick')}</label>
        <select id={id} value={value} onChange={(e) => e.target.value && onChange(e.target.value)}>
          {!value && <option value="">{t('sharedChoose')}</option>}
          {value && !chosen && <option value={value}>{t('sharedUnknown', { key: value })}</option>}
          {chosen && !listed && <option value={chosen.key}>{label(chosen)}</option>}
          {list.items.map((c) => (
            <option key={c.key} value={c.key}>
              {label(c)}
            </option>
          ))}
        </select>
        {chosen ? (
          <span className="field-hint">
            {chosen.latest ? t('sharedLatest', { name: chosen.name, version: chosen.latest.version, timezone: chosen.latest.timezone }) : t('sharedNoVersion')}
          </span>
        ) : q && list.items.length === 0 ? (
          <span className="field-hint">{t('sharedNoMatch')}</span>
        ) : null}
      </div>
      <LoadMore shown={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} onMore={list.loadMore} />
    </div>
  );
}
