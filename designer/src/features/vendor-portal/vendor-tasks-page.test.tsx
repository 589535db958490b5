import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TaskItem } from '../../lib/my-tasks';
import { stubApi } from '../../test/api-stub';
import { person, renderWithSession } from '../../test/render-with-session';
import { QaQueuePage } from '../qa-review/qa-queue-page';
import { VendorTasksPage } from './vendor-tasks-page';

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.removeItem('sop.token');
});

const item = (n: number, kind: TaskItem['kind'] = 'task', overdue = false): TaskItem => ({
  id: `st-${n}`, kind, status: 'open', overdue, dueAt: overdue ? '2026-01-01T00:00:00.000Z' : null,
  job: { id: `job-${n}`, code: `DD-${n}`, title: `Banner ${n}`, status: 'running', sop: { key: 'banner', version: 1 }, vendorOrg: { id: 'o-va', name: 'Vendor A' } },
  step: { nodeId: kind === 'review' ? 'qa' : 'draft', type: kind, title: kind === 'review' ? 'QA review' : 'Draft', round: 1, assigneeRole: kind === 'review' ? 'qa' : 'vendor' },
});
const counts = (total: number, overdue: number, review = 0) => ({ total, overdue, byKind: { task: total - review, review, stuck: 0, overdue: 0 } });

describe('the vendor task list', () => {
  it('reads the server queue page by page with "load more", shows the badge counts, and lists running jobs without a task as waiting', async () => {
    const user = userEvent.setup();
    const calls = stubApi((_method, url) => {
      if (url === '/api/me') return { body: person(['vendor']) };
      if (url === '/api/me/tasks?limit=2') return { body: { items: [item(1, 'task', true), item(2)], nextCursor: 'c2', counts: counts(3, 1) } };
      if (url === '/api/me/tasks?limit=2&cursor=c2') return { body: { items: [item(3)], nextCursor: null, counts: counts(3, 1) } };
      if (url.startsWith('/api/jobs?status=running')) {
        return { body: { items: [
          { id: 'job-1', code: 'DD-1', title: 'Banner 1', status: 'running', sop: { key: 'banner', version: 1 }, activeSteps: [{ nodeId: 'draft', type: 'task', round: 1, assigneeRole: 'vendor' }] },
          { id: 'job-9', code: 'DD-9', title: 'Poster 9', status: 'running', sop: { key: 'banner', version: 1 }, activeSteps: [{ nodeId: 'qa', type: 'review', round: 1, assigneeRole: 'qa' }] },
        ], nextCursor: null } };
      }
      return undefined;
    });
    renderWithSession(<VendorTasksPage pageSize={2} />);
    const list = await screen.findByRole('list', { name: 'My tasks' });
    expect(within(list).getAllByRole('link').map((a) => a.textContent)).toEqual([expect.stringContaining('DD-1'), expect.stringContaining('DD-2')]);
    expect(within(list).getAllByRole('link')[0]!.className).toContain('overdue');
    expect(screen.getByText('3 to do')).toBeTruthy();
    expect(screen.getByText('1 overdue')).toBeTruthy();
    expect(screen.getByText('Showing 2 of 3')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(list).getAllByRole('link')).toHaveLength(3));
    expect(screen.getByText('All 3 shown')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    const waiting = screen.getByRole('heading', { name: 'Waiting on others' }).parentElement!;
    expect(within(waiting).getAllByRole('link').map((a) => a.textContent)).toEqual([expect.stringContaining('DD-9')]);
    expect(calls.filter((c) => c.url.startsWith('/api/me/tasks')).map((c) => c.url)).toEqual(['/api/me/tasks?limit=2', '/api/me/tasks?limit=2&cursor=c2']);
  });
});

describe('the vendor task list with a job to accept', () => {
  it('marks an acceptance (接单) so the vendor sees it waits for an answer, and does not list its job as waiting', async () => {
    const accept: TaskItem = { ...item(7), kind: 'acceptance', step: { nodeId: 'take', type: 'accept', title: '接单', round: 1, assigneeRole: 'vendor' } };
    stubApi((_method, url) => {
      if (url === '/api/me') return { body: person(['vendor']) };
      if (url.startsWith('/api/me/tasks')) return { body: { items: [accept, item(8)], nextCursor: null, counts: { total: 2, overdue: 0, byKind: { task: 1, review: 0, acceptance: 1, stuck: 0, overdue: 0 } } } };
      if (url.startsWith('/api/jobs?status=running')) {
        return { body: { items: [{ id: 'job-7', code: 'DD-7', title: 'Banner 7', status: 'running', sop: { key: 'banner', version: 1 }, activeSteps: [{ nodeId: 'take', type: 'accept', round: 1, assigneeRole: 'vendor' }] }], nextCursor: null } };
      }
      return undefined;
    });
    renderWithSession(<VendorTasksPage />);
    const list = await screen.findByRole('list', { name: 'My tasks' });
    const [first, second] = within(list).getAllByRole('link');
    expect(within(first!).getByText('Accept or decline')).toBeTruthy();
    expect(first!.getAttribute('href')).toBe('/vendor/jobs/job-7');
    expect(within(second!).queryByText('Accept or decline')).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Waiting on others' })).toBeNull();
  });
});

describe('the QA queue', () => {
  it('asks the server for reviews only and shows how many wait', async () => {
    const calls = stubApi((_method, url) => {
      if (url === '/api/me') return { body: person(['qa']) };
      if (url.startsWith('/api/me/tasks?kind=review')) return { body: { items: [item(4, 'review', true), item(5, 'review')], nextCursor: null, counts: counts(7, 1, 2) } };
      return undefined;
    });
    renderWithSession(<QaQueuePage />);
    const list = await screen.findByRole('listbox', { name: 'QA queue' });
    expect(within(list).getAllByRole('option').map((o) => o.textContent)).toEqual([expect.stringContaining('DD-4'), expect.stringContaining('DD-5')]);
    expect(screen.getByText('2 waiting')).toBeTruthy();
    expect(calls.filter((c) => c.url.startsWith('/api/me/tasks')).map((c) => c.url)).toEqual(['/api/me/tasks?kind=review&limit=50']);
  });
});
