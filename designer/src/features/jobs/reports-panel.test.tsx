import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobReportItem, OwedReport } from '../../lib/api-types';
import { person, renderWithSession } from '../../test/render-with-session';
import { stubApi, writes } from '../../test/api-stub';
import { formatDateTime } from '../../lib/time';
import { ReportsPanel } from './reports-panel';

const owedWeekly: OwedReport = {
  nodeId: 'draft', stepTitle: '设计初稿', round: 1, period: 2,
  periodStart: '2026-12-07T01:00:00.000Z', periodEnd: '2026-12-14T01:00:00.000Z', dueAt: '2026-12-14T13:00:00.000Z',
  fields: [{ id: 'progress', label: 'Progress %', type: 'number', min: 0, max: 100, required: true }],
};
const missed: JobReportItem = {
  id: 'r1', nodeId: 'draft', stepTitle: '设计初稿', round: 1, period: 1, status: 'missed',
  periodStart: '2026-11-30T01:00:00.000Z', periodEnd: '2026-12-07T01:00:00.000Z', dueAt: '2026-12-07T13:00:00.000Z', at: '2026-12-07T13:00:00.000Z',
  note: null, filedBy: null, answers: [{ id: 'progress', label: 'Progress %', type: 'number', answer: null }],
};
const filed: JobReportItem = {
  ...missed, id: 'r2', period: 2, status: 'filed', periodStart: owedWeekly.periodStart, periodEnd: owedWeekly.periodEnd, dueAt: owedWeekly.dueAt,
  at: '2026-12-10T02:00:00.000Z', note: 'on track', filedBy: { id: 'u-vendor', name: 'vendor person' }, answers: [{ id: 'progress', label: 'Progress %', type: 'number', answer: 60 }],
};

afterEach(() => vi.unstubAllGlobals());

/** The API: /api/me (a vendor in Shanghai), the reports (owed first, then after a filing none owed), the POST's answer. */
function stub(post: { status: number; body: unknown }, owed: OwedReport = owedWeekly) {
  let filedYet = false;
  return stubApi((method, url) => {
    if (url === '/api/me') return { body: person(['vendor']) };
    if (method === 'GET' && url === '/api/jobs/job-1/reports?limit=200') return { body: filedYet ? { items: [missed, filed], nextCursor: null, owed: [] } : { items: [missed], nextCursor: null, owed: [owed] } };
    if (method === 'POST' && url === `/api/jobs/job-1/steps/${owed.nodeId}/reports`) {
      filedYet = post.status === 200;
      return post;
    }
    return undefined;
  });
}

describe('reports and check-ins on the vendor task page', () => {
  it('shows the owed period with its due time in the viewer\'s zone, refuses an out-of-range answer in the browser, then files the report and lists it', async () => {
    const user = userEvent.setup();
    const calls = stub({ status: 200, body: { reportId: 'r2', nodeId: 'draft', round: 1, period: 2, status: 'filed', periodStart: owedWeekly.periodStart, periodEnd: owedWeekly.periodEnd, dueAt: owedWeekly.dueAt, at: filed.at } });
    renderWithSession(<ReportsPanel jobId="job-1" canFile />);
    const form = await screen.findByRole('form', { name: '设计初稿 · period 2' });
    expect(within(form).getByText(`Due by ${formatDateTime(owedWeekly.dueAt, 'Asia/Shanghai', 'en', true)}`)).toBeTruthy();
    expect(formatDateTime(owedWeekly.dueAt, 'Asia/Shanghai', 'en', true)).toContain('21:00');
    expect(screen.getByText('Missed')).toBeTruthy();

    await user.type(within(form).getByLabelText(/Progress %/), '140');
    await user.click(within(form).getByRole('button', { name: 'File report' }));
    expect(within(form).getByText('The answer to “Progress %” (progress) must be at most 100.')).toBeTruthy();
    expect(writes(calls)).toEqual([]);

    await user.clear(within(form).getByLabelText(/Progress %/));
    await user.type(within(form).getByLabelText(/Progress %/), '60');
    await user.type(within(form).getByLabelText('Note (optional)'), 'on track');
    await user.click(within(form).getByRole('button', { name: 'File report' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('✓ Period 2 filed'));
    expect(writes(calls)).toEqual([{ method: 'POST', url: '/api/jobs/job-1/steps/draft/reports', body: { period: 2, answers: { progress: 60 }, note: 'on track' } }]);
    await waitFor(() => expect(screen.queryByRole('form')).toBeNull());
    const list = screen.getByRole('list', { name: 'Reports and check-ins' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((li) => within(li).getByText(/Period \d/).textContent)).toEqual(['设计初稿 · Period 2', '设计初稿 · Period 1']);
    expect(within(items[0]!).getByText('60')).toBeTruthy();
    expect(within(items[0]!).getByText('on track')).toBeTruthy();
  });

  it('a step without questions is a check-in (打卡): one button, no answers sent; the API\'s 409 shows as a problem', async () => {
    const user = userEvent.setup();
    const checkIn: OwedReport = { ...owedWeekly, nodeId: 'take', stepTitle: null, period: 1, fields: [] };
    const calls = stub({ status: 409, body: { type: 'urn:sop:problem:step-not-active', title: 'Conflict', status: 409, detail: 'Step "take" is not active now; reports are filed only while it is.' } }, checkIn);
    renderWithSession(<ReportsPanel jobId="job-1" canFile />);
    const form = await screen.findByRole('form', { name: 'take · period 1' });
    expect(within(form).getByText('This step only asks for a check-in: confirm the work of this period is going on.')).toBeTruthy();
    await user.click(within(form).getByRole('button', { name: '✓ Check in' }));
    await waitFor(() => expect(screen.getByText(/reports are filed only while it is/)).toBeTruthy());
    expect(writes(calls)).toEqual([{ method: 'POST', url: '/api/jobs/job-1/steps/take/reports', body: { period: 1 } }]);
  });

  it('on the job page (canFile off) lists reports without any form', async () => {
    stub({ status: 200, body: {} });
    renderWithSession(<ReportsPanel jobId="job-1" canFile={false} />);
    await screen.findByText('Missed');
    expect(screen.queryByRole('form')).toBeNull();
  });
});

describe('asksForReports', () => {
  it('is true when a task or accept step asks for reports (of the vendor slot only, when asked)', async () => {
    const { asksForReports } = await import('./reports-panel');
    const base = { schemaVersion: 1 as const, key: 'k-1', name: 'n', timezone: 'UTC', roles: ['vendor', 'owner'], deliverables: [], edges: [] };
    expect(asksForReports({ ...base, nodes: [{ id: 'a', type: 'task', assignee: 'vendor', produces: [], reports: { every: 'P1D' } }] }, true)).toBe(true);
    expect(asksForReports({ ...base, nodes: [{ id: 'a', type: 'task', assignee: 'owner', produces: [], reports: { every: 'P1D' } }] }, true)).toBe(false);
    expect(asksForReports({ ...base, nodes: [{ id: 'a', type: 'task', assignee: 'owner', produces: [], reports: { every: 'P1D' } }] })).toBe(true);
    expect(asksForReports({ ...base, nodes: [{ id: 'a', type: 'task', assignee: 'vendor', produces: [] }] })).toBe(false);
    expect(asksForReports(null)).toBe(false);
  });
});

describe('nextPeriodBoundary', () => {
  it('is the soonest period end still ahead, from owed and listed periods, so the next period’s form appears when it opens', async () => {
    const { nextPeriodBoundary } = await import('./reports-panel');
    const page = { items: [missed, filed], nextCursor: null, owed: [owedWeekly] };
    expect(nextPeriodBoundary(page, Date.parse('2026-12-08T00:00:00.000Z'))).toBe(Date.parse('2026-12-14T01:00:00.000Z'));
    expect(nextPeriodBoundary(page, Date.parse('2026-12-01T00:00:00.000Z'))).toBe(Date.parse('2026-12-07T01:00:00.000Z'));
    expect(nextPeriodBoundary(page, Date.parse('2026-12-20T00:00:00.000Z'))).toBeUndefined();
    expect(nextPeriodBoundary(undefined, 0)).toBeUndefined();
  });
});
