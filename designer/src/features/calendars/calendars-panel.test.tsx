import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi, type Mock } from 'vitest';
import { stubApi, writes } from '../../test/api-stub';
import { person, renderWithSession } from '../../test/render-with-session';
import { CalendarsPanel } from './calendars-panel';

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.removeItem('sop.token');
});

const OWNER = person(['owner']);
const WORKWEEK = { workdays: [1, 2, 3, 4, 5], hours: ['09:00', '18:00'] };
const versionOf = (version: number, spec: object = WORKWEEK) => ({ version, spec, timezone: 'Asia/Shanghai', note: null, createdById: 'u-owner', createdAt: '2026-12-01T02:00:00.000Z' });
const summary = (key: string, version: number) => ({ key, name: `Calendar ${key}`, createdAt: '2026-11-01T00:00:00.000Z', latest: versionOf(version) });

const CN = {
  key: 'cn-2027', name: '中国 2027', createdAt: '2026-11-01T00:00:00.000Z',
  latest: { ...versionOf(2, { ...WORKWEEK, holidays: ['2026-10-01', '2027-02-06', '2027-02-07'], workdaysExtra: ['2027-02-13'] }), note: '春节' },
  versions: [
    { version: 2, timezone: 'Asia/Shanghai', note: '春节', createdAt: '2026-12-01T02:00:00.000Z', createdBy: { id: 'u-owner', name: 'Owner Li' } },
    { version: 1, timezone: 'Asia/Shanghai', note: null, createdAt: '2026-11-01T00:00:00.000Z', createdBy: { id: 'u-admin', name: 'Admin Wang' } },
  ],
  moreVersions: false,
};

const posts = () => (globalThis.fetch as Mock).mock.calls.filter(([, init]) => (init as RequestInit | undefined)?.method === 'POST').map(([, init]) => (init as RequestInit).body as FormData);

describe('settings → calendars', () => {
  it('lists the calendars a page at a time, and Load more reads the next page from the cursor', async () => {
    const user = userEvent.setup();
    const calls = stubApi((_method, url) => {
      if (url === '/api/me') return { body: OWNER };
      if (url === '/api/calendars?limit=50') return { body: { items: [summary('cn-2026', 4)], nextCursor: 'cn-2026' } };
      if (url === '/api/calendars?limit=50&cursor=cn-2026') return { body: { items: [summary('de-2027', 1)], nextCursor: null } };
      return undefined;
    });
    renderWithSession(<CalendarsPanel />);
    const table = await screen.findByRole('table', { name: 'Calendars' });
    const rows = () => within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(rows()).toEqual([['cn-2026', 'Calendar cn-2026', 'v4', 'Asia/Shanghai', '12/01/2026, 10:00']]);
    expect(within(table).getByRole('link', { name: 'cn-2026' }).getAttribute('href')).toBe('/settings/calendars/cn-2026');

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(rows().map((r) => r[0])).toEqual(['cn-2026', 'de-2027']));
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(calls.filter((c) => c.url.startsWith('/api/calendars')).map((c) => c.url)).toEqual(['/api/calendars?limit=50', '/api/calendars?limit=50&cursor=cn-2026']);
  });

  it('creates a calendar with its work week, hours, holidays and make-up days', async () => {
    const user = userEvent.setup();
    const calls = stubApi((method, url, body) => {
      if (url === '/api/me') return { body: OWNER };
      if (url.startsWith('/api/calendars?')) return { body: { items: [], nextCursor: null } };
      if (method === 'POST' && url === '/api/calendars') return { status: 201, body: { ...CN, key: (body as { key: string }).key, name: (body as { name: string }).name } };
      return undefined;
    });
    renderWithSession(<CalendarsPanel />);
    await screen.findByText('No calendars yet.');
    await user.click(screen.getByRole('button', { name: '+ New calendar' }));
    const form = screen.getByRole('form', { name: 'New calendar' });
    await user.click(within(form).getByRole('button', { name: 'Create calendar' }));
    expect(within(form).getByText('Enter a key')).toBeTruthy();
    expect(writes(calls)).toEqual([]);

    await user.type(within(form).getByLabelText('Key'), 'cn-2027');
    await user.type(within(form).getByLabelText('Name'), '中国 2027');
    await user.click(within(form).getByRole('button', { name: 'Sat' }));
    await user.clear(within(form).getByLabelText('Working hours ◂'));
    await user.type(within(form).getByLabelText('Working hours ◂'), '17:30');
    await user.type(within(form).getByLabelText('Holidays'), '2027-10-01');
    await user.click(within(form).getAllByRole('button', { name: 'Add' })[0]!);
    await user.type(within(form).getByLabelText('Make-up workdays (调休)'), '2027-09-26');
    await user.click(within(form).getAllByRole('button', { name: 'Add' })[1]!);
    await user.type(within(form).getByLabelText('Note'), '国务院通知');
    await user.click(within(form).getByRole('button', { name: 'Create calendar' }));

    expect((await screen.findByRole('status')).textContent).toBe('Created calendar “中国 2027”');
    expect(writes(calls)).toEqual([{
      method: 'POST', url: '/api/calendars',
      body: { key: 'cn-2027', name: '中国 2027', spec: { workdays: [1, 2, 3, 4, 5, 6], hours: ['09:00', '17:30'], holidays: ['2027-10-01'], workdaysExtra: ['2027-09-26'] }, timezone: 'Asia/Shanghai', note: '国务院通知' },
    }]);
    expect(screen.queryByRole('form', { name: 'New calendar' })).toBeNull();
  });

  it('shows a calendar readably with its versions, and Edit saves a new version on the one shown and says how many jobs were re-timed', async () => {
    const user = userEvent.setup();
    const calls = stubApi((method, url) => {
      if (url === '/api/me') return { body: OWNER };
      if (method === 'GET' && url === '/api/calendars/cn-2027') return { body: CN };
      if (url === '/api/calendars/cn-2027/versions/1') return { body: { key: 'cn-2027', ...versionOf(1), createdBy: { id: 'u-admin', name: 'Admin Wang' } } };
      if (method === 'PUT' && url === '/api/calendars/cn-2027') return { body: { key: 'cn-2027', version: versionOf(3), jobsRetimed: 4 } };
      return undefined;
    });
    renderWithSession(<CalendarsPanel calendarKey="cn-2027" />);
    const spec = await screen.findByRole('list', { name: 'Version 2: Holidays' });
    expect(within(spec).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['2026 (1 days): 10-01', '2027 (2 days): 02-06 02-07']);
    expect(within(screen.getByRole('list', { name: 'Version 2: Make-up workdays' })).getByRole('listitem').textContent).toBe('2027 (1 days): 02-13');
    expect(screen.getByText('Mon, Tue, Wed, Thu, Fri')).toBeTruthy();
    const versions = screen.getByRole('table', { name: 'Versions' });
    expect(within(versions).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').slice(0, 4).map((c) => c.textContent))).toEqual([
      ['v2', '12/01/2026, 10:00', 'Owner Li', '春节'],
      ['v1', '11/01/2026, 08:00', 'Admin Wang', '—'],
    ]);
    await user.click(within(versions).getByRole('button', { name: 'Show v1' }));
    expect(within(await screen.findByLabelText('Version 1')).getAllByText('None')).toHaveLength(2);

    await user.click(screen.getByRole('button', { name: 'Edit' }));
    const form = screen.getByRole('form', { name: 'Edit calendar (saved as version 3)' });
    await user.click(within(form).getByRole('button', { name: 'Remove 2026-10-01' }));
    await user.type(within(form).getByLabelText('Note'), 'drop 2026');
    await user.click(within(form).getByRole('button', { name: 'Save as new version' }));

    expect((await screen.findByRole('status')).textContent).toBe('Saved version 3; 4 running jobs re-timed');
    expect(writes(calls)).toEqual([{
      method: 'PUT', url: '/api/calendars/cn-2027',
      body: { spec: { ...WORKWEEK, holidays: ['2027-02-06', '2027-02-07'], workdaysExtra: ['2027-02-13'] }, timezone: 'Asia/Shanghai', note: 'drop 2026', basedOn: 2 },
    }]);
  });

  it('says so when the calendar changed meanwhile (409 calendar-version-stale), under the form, and Refresh starts the edit again from the latest version', async () => {
    const user = userEvent.setup();
    let reads = 0;
    const V3 = { ...CN, latest: { ...CN.latest, version: 3 }, versions: [{ ...CN.versions[0]!, version: 3 }, ...CN.versions] };
    stubApi((method, url) => {
      if (url === '/api/me') return { body: OWNER };
      if (method === 'GET' && url === '/api/calendars/cn-2027') return { body: (reads += 1) === 1 ? CN : V3 };
      if (method === 'PUT') return { status: 409, body: { type: 'urn:sop:problem:calendar-version-stale', title: 'Conflict', status: 409, detail: 'Calendar "cn-2027" is at version 3; this change was made on version 2. Reload the calendar and make the change again.' } };
      return undefined;
    });
    renderWithSession(<CalendarsPanel calendarKey="cn-2027" />);
    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    const form = screen.getByRole('form', { name: 'Edit calendar (saved as version 3)' });
    await user.click(within(form).getByRole('button', { name: 'Save as new version' }));
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toContain('Could not save');
    expect(alert.textContent).toContain('Calendar "cn-2027" is at version 3; this change was made on version 2.');
    expect(within(form).getByText('Someone saved a newer version meanwhile. Refresh the calendar and make the change again.')).toBeTruthy();

    await user.click(within(form).getByRole('button', { name: '↻ Refresh' }));
    expect(await screen.findByRole('form', { name: 'Edit calendar (saved as version 4)' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('previews a holiday import, then confirms it on the version previewed; an unreadable file is shown with the line at fault', async () => {
    const user = userEvent.setup();
    const preview = { key: 'cn-2027', year: 2027, basedOn: 2, dryRun: true, spec: CN.latest.spec, holidays: { added: ['2027-10-01'], removed: ['2027-02-07'] }, makeUpWorkdays: { added: ['2027-09-26'], removed: [] } };
    let bad = true;
    stubApi((method, url) => {
      if (url === '/api/me') return { body: OWNER };
      if (url === '/api/calendars/cn-2027') return { body: CN };
      if (method === 'POST' && url === '/api/calendars/cn-2027/holiday-import') {
        const form = posts().at(-1)!;
        if (bad) return { status: 422, body: { type: 'urn:sop:problem:holiday-file-unreadable', title: 'Unprocessable content', status: 422, detail: 'The holiday file cannot be read: line 1: type "maybe" must be off, work, 休 or 班.', errors: [{ path: 'body/file', message: 'line 1: type "maybe" must be off, work, 休 or 班' }] } };
        return { body: form.get('dryRun') === 'true' ? preview : { ...preview, dryRun: false, version: versionOf(3), jobsRetimed: 2 } };
      }
      return undefined;
    });
    renderWithSession(<CalendarsPanel calendarKey="cn-2027" />);
    const form = await screen.findByRole('form', { name: 'Import official holidays' });
    await user.upload(within(form).getByLabelText('Schedule file'), new File(['2027-10-01,国庆节,maybe'], '2027.csv', { type: 'text/csv' }));
    await user.click(within(form).getByRole('button', { name: 'Preview' }));
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toContain('Could not read the file');
    expect(alert.textContent).toContain('body/file line 1: type "maybe" must be off, work, 休 or 班');

    bad = false;
    await user.upload(within(form).getByLabelText('Schedule file'), new File(['{}'], '2027.json', { type: 'application/json' }));
    await user.type(within(form).getByLabelText('Year (optional, checked against the file)'), '2027');
    await user.click(within(form).getByRole('button', { name: 'Preview' }));
    const shown = await within(form).findByRole('region', { name: '2027: based on version 2' });
    expect(within(shown).getAllByRole('definition').map((d) => d.textContent)).toEqual(['Added: 2027-10-01Removed: 2027-02-07', 'Added: 2027-09-26Removed: None']);

    await user.click(within(shown).getByRole('button', { name: 'Confirm import (save new version)' }));
    expect((await screen.findByRole('status')).textContent).toBe('Imported 2027 as version 3; 2 running jobs re-timed');
    expect(posts().map((f) => [(f.get('file') as File).name, f.get('year'), f.get('dryRun'), f.get('basedOn')])).toEqual([
      ['2027.csv', null, 'true', null],
      ['2027.json', '2027', 'true', null],
      ['2027.json', '2027', 'false', '2'],
    ]);
  });
});
