import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stubApi, writes } from '../../test/api-stub';
import { person, renderWithSession } from '../../test/render-with-session';
import { MonthlyReportsSection, previousMonthOf } from './monthly-reports';

const report = (id: string, period: string, from: string, to: string, trigger: 'schedule' | 'manual') => ({
  id, period, from, to, timezone: 'Asia/Shanghai', vendorCount: 3, trigger, createdAt: to.replace('T16:00', 'T17:00'), files: { pdf: { size: 70_000 }, xlsx: { size: 9_000 } },
});
const NOVEMBER = report('r-11', '2026-11', '2026-10-31T16:00:00.000Z', '2026-11-30T16:00:00.000Z', 'schedule');
const JUNE = report('r-06', '2025-06', '2025-05-31T16:00:00.000Z', '2025-06-30T16:00:00.000Z', 'manual');

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-03T04:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  localStorage.removeItem('sop.token');
});

describe('the monthly reports', () => {
  it('the month before January is December of the year before', () => {
    expect([previousMonthOf('2027-01-01'), previousMonthOf('2026-12-03')]).toEqual(['2026-12', '2026-11']);
  });

  it('lists each month with its span and build time in the viewer\'s zone (Berlin here) and PDF and Excel downloads', async () => {
    const calls = stubApi((_m, url) => {
      if (url === '/api/me') return { body: person(['procurement'], { timezone: 'Europe/Berlin' }) };
      if (url === '/api/reports/monthly?limit=200') return { body: { items: [NOVEMBER, JUNE], nextCursor: null } };
      if (url.startsWith('/api/reports/monthly/r-11?format=')) return { body: {} };
      return undefined;
    });
    const user = userEvent.setup();
    URL.createObjectURL = vi.fn(() => 'blob:report');
    URL.revokeObjectURL = vi.fn();
    renderWithSession(<MonthlyReportsSection />);
    const table = await screen.findByRole('table', { name: 'Monthly reports' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').slice(0, 5).map((c) => c.textContent))).toEqual([
      ['2026-11', '10/31/2026, 17:00 – 11/30/2026, 17:00', '3', '11/30/2026, 18:00', 'Scheduled'],
      ['2025-06', '05/31/2025, 18:00 – 06/30/2025, 18:00', '3', '06/30/2025, 19:00', 'On request'],
    ]);
    expect(screen.queryByRole('button', { name: 'Build now' })).toBeNull();
    await user.click(within(rows[0]!).getByRole('button', { name: 'PDF' }));
    await waitFor(() => expect(calls.at(-1)?.url).toBe('/api/reports/monthly/r-11?format=pdf'));
    await user.click(within(rows[0]!).getByRole('button', { name: 'Excel' }));
    await waitFor(() => expect(calls.at(-1)?.url).toBe('/api/reports/monthly/r-11?format=xlsx'));
  });

  it('lets a manager build last month now (the default month) and says when it existed already', async () => {
    let built = false;
    const calls = stubApi((method, url) => {
      if (url === '/api/me') return { body: person(['manager']) };
      if (url === '/api/reports/monthly?limit=200') return { body: { items: built ? [NOVEMBER] : [], nextCursor: null } };
      if (method === 'POST' && url === '/api/reports/monthly') {
        const created = !built;
        built = true;
        return { body: { created, report: NOVEMBER } };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderWithSession(<MonthlyReportsSection />);
    expect(await screen.findByText('No monthly report yet: the first one is built on the 1st of next month.')).toBeTruthy();
    expect((screen.getByLabelText('Month to build') as HTMLInputElement).value).toBe('2026-11');
    await user.click(screen.getByRole('button', { name: 'Build now' }));
    expect((await screen.findByRole('status')).textContent).toBe('The report of 2026-11 was built.');
    expect(await screen.findByRole('table', { name: 'Monthly reports' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Build now' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('The report of 2026-11 existed already; nothing was built twice.'));
    expect(writes(calls).map((c) => [c.url, c.body])).toEqual([
      ['/api/reports/monthly', { period: '2026-11' }],
      ['/api/reports/monthly', { period: '2026-11' }],
    ]);
  });
});
