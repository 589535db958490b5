import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import minimalReview from '../../../../tests/fixtures/sop/valid/minimal-review.json';
import type { SopDefinition } from '../../../../core/sop/types';
import { SessionProvider } from '../auth/session-context';
import { LocaleProvider, type Locale } from '../../lib/i18n';
import { createQueryClient } from '../../lib/query-client';
import { QueryProvider } from '../../lib/query-provider';
import { RouterProvider } from '../../lib/router';
import { stubApi } from '../../test/api-stub';
import { person } from '../../test/render-with-session';
import { SopEditor } from './sop-editor';

const fixture = minimalReview as unknown as SopDefinition;
const version = (v: number, timezone: string) => ({ version: v, spec: { workdays: [1, 2, 3, 4, 5], hours: ['09:00', '18:00'] }, timezone, note: null, createdById: 'u-owner', createdAt: '2026-12-01T02:00:00.000Z' });
const calendar = (key: string, name: string, v: number, timezone: string) => ({ key, name, createdAt: '2026-11-01T00:00:00.000Z', latest: version(v, timezone) });

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.removeItem('sop.token');
});

const CN = calendar('cn-2027', '中国 2027', 2, 'Asia/Shanghai');
const DE = calendar('de-2027', 'Germany 2027', 1, 'Europe/Berlin');
const HK = calendar('hk-2027', 'Hong Kong 2027', 5, 'Asia/Hong_Kong');

/** The organisation's calendars, two pages: cn-2027 and de-2027, then hk-2027; the server's search (`q`) over all three. */
function stubCalendars() {
  return stubApi((_method, url) => {
    if (url === '/api/me') return { body: person(['owner']) };
    if (url === '/api/calendars?limit=50') return { body: { items: [CN, DE], nextCursor: 'de-2027' } };
    if (url === '/api/calendars?limit=50&cursor=de-2027') return { body: { items: [HK], nextCursor: null } };
    const search = /^\/api\/calendars\?q=([^&]*)&limit=50$/u.exec(url);
    if (search) {
      const words = decodeURIComponent(search[1]!).toLowerCase().split(' ');
      return { body: { items: [CN, DE, HK].filter((c) => words.every((w) => `${c.key} ${c.name}`.toLowerCase().includes(w))), nextCursor: null } };
    }
    return undefined;
  });
}

const calendarCalls = (calls: Array<{ url: string }>) => calls.filter((c) => c.url.startsWith('/api/calendars')).map((c) => c.url);

function openSettings(initial: SopDefinition = fixture, locale: Locale = 'en') {
  localStorage.setItem('sop.token', 'test-token');
  let latest = initial;
  render(
    <QueryProvider client={createQueryClient()}>
      <LocaleProvider locale={locale}>
        <RouterProvider initialPath="/designer">
          <SessionProvider>
            <div style={{ width: 1200, height: 800 }}>
              <SopEditor initial={initial} onDefinitionChange={vi.fn((d: SopDefinition) => (latest = d))} />
            </div>
          </SessionProvider>
        </RouterProvider>
      </LocaleProvider>
    </QueryProvider>,
  );
  return { current: () => latest };
}

const optionTexts = (select: HTMLElement) => [...(select as HTMLSelectElement).options].map((o) => o.textContent);

describe('the SOP’s business calendar: none, its own, or a shared one', () => {
  it('uses a shared organisation calendar chosen by key, name and zone, a page at a time', async () => {
    const user = userEvent.setup();
    const calls = stubCalendars();
    const { current } = openSettings();
    expect(screen.getByRole('radio', { name: 'No business calendar (default)' })).toHaveProperty('checked', true);
    await user.click(screen.getByRole('radio', { name: 'A shared organisation calendar' }));
    const select = await screen.findByRole('combobox', { name: 'Shared calendar' });
    expect(current().calendar).toBeUndefined();
    expect(screen.getByText(/Takes effect once a calendar is chosen/)).toBeTruthy();
    expect(optionTexts(select)).toEqual(['— choose a calendar —', 'cn-2027 — 中国 2027 (Asia/Shanghai)', 'de-2027 — Germany 2027 (Europe/Berlin)']);

    await user.selectOptions(select, 'cn-2027');
    expect(current().calendar).toEqual({ ref: 'cn-2027' });
    expect(screen.getByText('中国 2027: latest version v2, time zone Asia/Shanghai')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(optionTexts(select)).toContain('hk-2027 — Hong Kong 2027 (Asia/Hong_Kong)'));
    expect(calls.filter((c) => c.url.startsWith('/api/calendars')).map((c) => c.url)).toEqual(['/api/calendars?limit=50', '/api/calendars?limit=50&cursor=de-2027']);
    await user.selectOptions(select, 'hk-2027');
    expect(current().calendar).toEqual({ ref: 'hk-2027' });
  });

  it('searches every calendar on the server, not only the pages loaded, keeping the chosen calendar', async () => {
    const user = userEvent.setup();
    const calls = stubCalendars();
    openSettings({ ...fixture, calendar: { ref: 'cn-2027' } });
    const select = await screen.findByRole('combobox', { name: 'Shared calendar' });
    await waitFor(() => expect(optionTexts(select)).toHaveLength(2));
    const search = screen.getByRole('searchbox', { name: 'Search (key or name)' });

    // hk-2027 is on the second page, never loaded: the server finds it.
    await user.type(search, 'Hong Kong');
    await waitFor(() => expect(optionTexts(select)).toEqual(['cn-2027 — 中国 2027 (Asia/Shanghai)', 'hk-2027 — Hong Kong 2027 (Asia/Hong_Kong)']));
    expect(calendarCalls(calls)).toEqual(['/api/calendars?limit=50', '/api/calendars?q=Hong%20Kong&limit=50']); // once typing stopped, not per key
    await user.selectOptions(select, 'hk-2027');

    await user.clear(search);
    await user.type(search, 'germany');
    await waitFor(() => expect(optionTexts(select)).toEqual(['hk-2027 — Hong Kong 2027 (Asia/Hong_Kong)', 'de-2027 — Germany 2027 (Europe/Berlin)']));
    expect(screen.getByText('Hong Kong 2027: latest version v5, time zone Asia/Hong_Kong')).toBeTruthy(); // the chosen one stays, though not matched

    await user.clear(search);
    await user.type(search, 'mars');
    await waitFor(() => expect(optionTexts(select)).toEqual(['hk-2027 — Hong Kong 2027 (Asia/Hong_Kong)']));
  });

  it('sends no search of one-character words, and says to type more', async () => {
    const user = userEvent.setup();
    const calls = stubCalendars();
    openSettings({ ...fixture, calendar: { ref: 'cn-2027' } });
    const select = await screen.findByRole('combobox', { name: 'Shared calendar' });
    await waitFor(() => expect(optionTexts(select)).toHaveLength(2));
    await user.type(screen.getByRole('searchbox', { name: 'Search (key or name)' }), 'h');
    expect(screen.getByText('Type 2 or more characters to search')).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(calendarCalls(calls)).toEqual(['/api/calendars?limit=50']);
    expect(optionTexts(select)).toHaveLength(2);
  });

  it('switches back to an editable inline calendar, and to the shared one it had', async () => {
    const user = userEvent.setup();
    stubCalendars();
    const { current } = openSettings({ ...fixture, calendar: { ref: 'cn-2027' } });
    await user.click(screen.getByRole('radio', { name: 'This SOP’s own calendar' }));
    expect(current().calendar).toEqual({ workdays: [1, 2, 3, 4, 5], hours: ['09:00', '18:00'] });
    await user.click(screen.getByRole('button', { name: 'Sat' }));
    const opens = screen.getByLabelText('Working hours ▸');
    await user.clear(opens);
    await user.type(opens, '08:30');
    expect(current().calendar).toEqual({ workdays: [1, 2, 3, 4, 5, 6], hours: ['08:30', '18:00'] });
    expect(screen.queryByRole('combobox', { name: 'Shared calendar' })).toBeNull();

    await user.click(screen.getByRole('radio', { name: 'A shared organisation calendar' }));
    expect(current().calendar).toEqual({ ref: 'cn-2027' });
    await user.click(screen.getByRole('radio', { name: 'This SOP’s own calendar' }));
    expect(current().calendar).toEqual({ workdays: [1, 2, 3, 4, 5, 6], hours: ['08:30', '18:00'] });
    await user.click(screen.getByRole('radio', { name: 'No business calendar (default)' }));
    expect(current()).not.toHaveProperty('calendar');
  });

  it('opens a definition with a shared calendar with that choice selected, in Chinese', async () => {
    stubCalendars();
    openSettings({ ...fixture, calendar: { ref: 'cn-2027' } }, 'zh-CN');
    expect(screen.getByRole('radio', { name: '组织共享日历' })).toHaveProperty('checked', true);
    expect(screen.getByRole('radio', { name: '本 SOP 自己的日历' })).toHaveProperty('checked', false);
    const select = await screen.findByRole('combobox', { name: '共享日历' });
    await waitFor(() => expect(select).toHaveProperty('value', 'cn-2027'));
    expect(screen.getByText('中国 2027：最新版本 v2，时区 Asia/Shanghai')).toBeTruthy();
    expect(screen.getByRole('button', { name: '加载更多' })).toBeTruthy();
  });

  it('keeps a shared calendar it cannot find among those loaded, and says so', async () => {
    stubCalendars();
    openSettings({ ...fixture, calendar: { ref: 'zz-old' } });
    const select = await screen.findByRole('combobox', { name: 'Shared calendar' });
    await waitFor(() => expect(optionTexts(select)[0]).toBe('zz-old (not among the calendars loaded)'));
    expect(select).toHaveProperty('value', 'zz-old');
  });
});
