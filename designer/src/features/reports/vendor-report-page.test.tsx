import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stubApi } from '../../test/api-stub';
import { person, renderWithSession } from '../../test/render-with-session';
import { defaultPeriod, periodDays, recentQuarters } from './report-period';
import { VendorReportPage } from './vendor-report-page';

const week = (i: number, onTimeRate: number | null) => ({ weekStart: new Date(Date.UTC(2026, 2, 1 + 7 * i)).toISOString(), onTimeRate, due: onTimeRate === null ? 0 : 1 });
const row = (id: string, name: string, rank: number | null, rankChange: number | null, extra: Record<string, unknown> = {}) => ({
  org: { id, name }, rank, previousRank: null, rankChange, score: rank === null ? null : 100 - rank * 10, previousScore: null, scoreChange: null,
  onTime: { rate: 0.5, onTime: 1, due: 2 }, cycleHours: { completed: 1, avg: 36, p90: 40.5, businessAvg: 9, businessP90: 12.25 }, firstPass: { rate: 1, passed: 1, completed: 1 },
  rework: { rounds: 0, avgRounds: 0 }, openLoad: { jobs: 2, steps: 1, overdueSteps: 0 }, delayReasons: [], rejectionReasons: [],
  weekly: [week(0, 1), week(1, null), week(2, 0.5)], ...extra,
});
const report = (from: string, to: string) => ({
  from, to, previous: { from, to: from }, sop: null, weights: { onTime: 0.4, firstPass: 0.3, cycle: 0.2, rework: 0.1 },
  vendors: [
    row('o-vb', 'Vendor B', 1, 1, { delayReasons: [{ code: 'holiday', label: 'Holiday', count: 2 }] }),
    row('o-va', 'Vendor A', 2, -1),
    row('o-vc', 'Vendor C', null, null, { cycleHours: { completed: 0, avg: null, p90: null, businessAvg: null, businessP90: null } }),
  ],
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-15T04:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  localStorage.removeItem('sop.token');
});

describe('the report period', () => {
  it('is a month, a quarter or custom days, each as whole first and last days', () => {
    const p = defaultPeriod('2026-03-15');
    expect(p).toEqual({ kind: 'month', month: '2026-03', quarter: '2026-Q1', from: '2026-02-14', to: '2026-03-15' });
    expect(periodDays(p)).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(periodDays({ ...p, month: '2028-02' })).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodDays({ ...p, kind: 'quarter', quarter: '2026-Q4' })).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(periodDays({ ...p, kind: 'custom' })).toEqual({ from: '2026-02-14', to: '2026-03-15' });
    expect(periodDays({ ...p, kind: 'custom', from: '2026-03-16' })).toBeUndefined();
    expect(recentQuarters('2026-03-15', 5)).toEqual(['2026-Q1', '2025-Q4', '2025-Q3', '2025-Q2', '2025-Q1']);
  });
});

describe('the vendor report page', () => {
  it('ranks vendors with change arrows, weekly sparklines, calendar and business cycle times and a drill-down to their jobs; a quarter asks for its three months', async () => {
    const user = userEvent.setup();
    const calls = stubApi((_m, url) => {
      if (url === '/api/me') return { body: person(['manager']) };
      const match = /^\/api\/reports\/vendors\?from=([\d-]+)&to=([\d-]+)$/.exec(url);
      if (match) return { body: report(`${match[1]}T00:00:00.000Z`, `${match[2]}T00:00:00.000Z`) };
      return undefined;
    });
    renderWithSession(<VendorReportPage />);
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').slice(0, 4).map((c) => c.textContent))).toEqual([
      ['1', 'Vendor B', '90', '▲ 1'],
      ['2', 'Vendor A', '80', '▼ 1'],
      ['—', 'Vendor C', '—', '—'],
    ]);
    expect(within(rows[0]!).getByText('Holiday ×2')).toBeTruthy();
    const head = within(table).getAllByRole('columnheader').map((c) => c.textContent);
    const cycle = head.indexOf('Avg / P90 cycle');
    expect(head[cycle + 1]).toBe('Avg / P90 business hours');
    expect(rows.map((r) => within(r).getAllByRole('cell').slice(cycle, cycle + 2).map((c) => c.textContent))).toEqual([
      ['36 h / 40.5 h', '9 h / 12.25 h'],
      ['36 h / 40.5 h', '9 h / 12.25 h'],
      ['—', '—'],
    ]);
    const spark = within(rows[0]!).getByRole('img', { name: 'On time by week: 100%, —, 50%' });
    expect(Array.from(spark.querySelectorAll('path'), (p) => p.getAttribute('d'))).toEqual(['M0.0,2.0', 'M96.0,12.0']);
    expect(within(rows[1]!).getByRole('link', { name: 'Jobs' }).getAttribute('href')).toBe('/jobs?vendorOrgId=o-va');
    expect(calls.filter((c) => c.url.startsWith('/api/reports/vendors')).map((c) => c.url)).toEqual(['/api/reports/vendors?from=2026-03-01&to=2026-03-31']);

    await user.click(screen.getByRole('tab', { name: 'Quarter' }));
    await user.selectOptions(screen.getByLabelText('Quarter', { selector: 'select' }), '2025-Q4');
    await waitFor(() => expect(calls.at(-1)?.url).toBe('/api/reports/vendors?from=2025-10-01&to=2025-12-31'));
  });

  it('narrows the report to one SOP, for the table and the exports', async () => {
    const user = userEvent.setup();
    const calls = stubApi((_m, url) => {
      if (url === '/api/me') return { body: person(['manager']) };
      if (url === '/api/sops') return { body: { items: [{ key: 'banner', name: '横幅设计', latestVersion: 2 }, { key: 'store', name: 'Store decoration', latestVersion: 1 }] } };
      const match = /^\/api\/reports\/vendors\?from=([\d-]+)&to=([\d-]+)/.exec(url);
      if (match) return { body: report(`${match[1]}T00:00:00.000Z`, `${match[2]}T00:00:00.000Z`) };
      return undefined;
    });
    renderWithSession(<VendorReportPage />);
    await screen.findByRole('table');
    await screen.findByRole('option', { name: '横幅设计' });
    await user.selectOptions(screen.getByRole('combobox', { name: 'SOP' }), 'banner');
    await waitFor(() => expect(calls.at(-1)?.url).toBe('/api/reports/vendors?from=2026-03-01&to=2026-03-31&sop=banner'));
  });
});
