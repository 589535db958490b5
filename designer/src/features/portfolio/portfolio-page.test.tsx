import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import { SessionProvider } from '../auth/session-context';
import { LocaleProvider, type Locale } from '../../lib/i18n';
import { createQueryClient } from '../../lib/query-client';
import { QueryProvider } from '../../lib/query-provider';
import { RouterProvider } from '../../lib/router';
import { stubApi } from '../../test/api-stub';
import { person } from '../../test/render-with-session';
import { PortfolioPage } from './portfolio-page';

const JOB = {
  id: 'id-J1', code: 'J1', title: 'Banner', status: 'running', sop: { key: 'banner', version: 1 }, vendorOrg: { id: 'o-va', name: 'Vendor A' },
  createdAt: '2026-03-01T00:00:00.000Z', completedAt: null, risk: null,
  steps: [{ nodeId: 'draft', title: '设计稿', type: 'task', round: 1, status: 'active', plannedStart: '2026-03-01T00:00:00.000Z', plannedEnd: '2026-03-02T00:00:00.000Z', actualStart: '2026-03-01T00:00:00.000Z', actualEnd: null, overdue: true, milestone: true }],
};
const BURNDOWN = {
  from: '2026-02-28T16:00:00.000Z', to: '2026-03-02T16:00:00.000Z', timezone: 'Asia/Shanghai', counts: 'steps',
  days: [{ date: '2026-03-01', open: 2, ideal: 2 }, { date: '2026-03-02', open: 1, ideal: 0 }],
};

function renderAt(path: string, locale: Locale = 'en') {
  localStorage.setItem('sop.token', 'test-token');
  window.history.replaceState(null, '', path);
  const calls = stubApi((_m, url) => {
    if (url === '/api/me') return { body: person(['manager']) };
    if (url.startsWith('/api/portfolio/burndown')) return { body: BURNDOWN };
    if (url.startsWith('/api/portfolio')) return { body: { at: '2026-03-10T00:00:00.000Z', items: [JOB], nextCursor: null } };
    if (url === '/api/sops') return { body: { items: [{ key: 'banner', name: 'Banner SOP' }] } };
    if (url === '/api/orgs') return { body: { items: [{ id: 'o-va', name: 'Vendor A', kind: 'vendor' }, { id: 'o-hq', name: 'HQ', kind: 'internal' }] } };
    return undefined;
  });
  render(
    <QueryProvider client={createQueryClient()}>
      <LocaleProvider locale={locale}>
        <RouterProvider initialPath={path}>
          <SessionProvider><PortfolioPage /></SessionProvider>
        </RouterProvider>
      </LocaleProvider>
    </QueryProvider>,
  );
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.removeItem('sop.token');
});

describe('the portfolio page', () => {
  it('reads its filters from the URL, asks the API for them, and writes a changed filter back to the URL', async () => {
    const user = userEvent.setup();
    const calls = renderAt('/portfolio?vendor=o-va&zoom=day');
    await screen.findByTestId('job-J1');
    expect(calls.map((c) => c.url)).toEqual(expect.arrayContaining(['/api/portfolio?vendor=o-va&limit=100', '/api/portfolio/burndown?vendor=o-va']));
    expect(screen.getByRole('tab', { name: 'Day' }).getAttribute('aria-selected')).toBe('true');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'completed');
    expect(window.location.search).toBe('?vendor=o-va&status=completed&zoom=day');
    await waitFor(() => expect(calls.map((c) => c.url)).toContain('/api/portfolio?vendor=o-va&status=completed&limit=100'));
    await user.click(screen.getByRole('tab', { name: 'Month' }));
    expect(window.location.search).toBe('?vendor=o-va&status=completed&zoom=month');
  });

  it('draws the burndown with its ideal line and opens a job from the Gantt', async () => {
    renderAt('/portfolio');
    fireEvent.click(await screen.findByRole('link', { name: 'J1 Banner' }));
    expect(window.location.pathname).toBe('/jobs/id-J1');
    expect(screen.getByTestId('ideal-line').getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+ L[\d.]+,[\d.]+$/);
  });

  it('speaks Chinese to a zh-CN viewer', async () => {
    renderAt('/portfolio', 'zh-CN');
    expect(await screen.findByRole('heading', { name: '项目总览' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: '燃尽图' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: '周' }).getAttribute('aria-selected')).toBe('true');
  });
});
