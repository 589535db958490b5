import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubApi, writes } from '../../test/api-stub';
import { person, renderWithSession } from '../../test/render-with-session';
import { MigrateJobsPage } from './migrate-jobs-page';

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.removeItem('sop.token');
});

const base = { schemaVersion: 1, key: 'banner', name: 'Banner', timezone: 'Asia/Shanghai', roles: ['owner', 'vendor', 'qa'], deliverables: [], edges: [] };
/** Version 2: draft, then QA. Version 3 adds a naming check and replaces "qa" with "final". */
const v2 = { ...base, nodes: [{ id: 'start', type: 'start' }, { id: 'draft', type: 'task', title: 'Draft design', assignee: 'vendor' }, { id: 'qa', type: 'review', title: 'QA review', assignee: 'qa' }, { id: 'end', type: 'end' }] };
const v3 = {
  ...base,
  nodes: [
    { id: 'start', type: 'start' }, { id: 'draft', type: 'task', title: 'Draft design', assignee: 'vendor' }, { id: 'auto', type: 'check', title: 'Naming check', checks: [{ kind: 'naming', deliverable: 'design' }] },
    { id: 'final', type: 'review', title: 'Final QA', assignee: 'qa' }, { id: 'end', type: 'end' },
  ],
};

const job = (n: number, step: { nodeId: string; title: string; type: string }) => ({
  id: `job-${n}`, code: `A-${n}`, title: `Banner ${n}`, status: 'running', sop: { key: 'banner', version: 2 }, vendorOrg: { id: 'o-va', name: 'Vendor A' },
  createdAt: '2026-12-01T00:00:00.000Z', completedAt: null, activeSteps: [{ ...step, round: 1, dueAt: null, assigneeRole: 'vendor' }],
});
const DRAFT = { nodeId: 'draft', title: 'Draft design', type: 'task' };
const QA = { nodeId: 'qa', title: 'QA review', type: 'review' };
const LIST = '/api/jobs?sop=banner&version=2&status=running';

const outcome = (n: number, status: string, extra: object) => ({ jobId: `job-${n}`, jobCode: `A-${n}`, status, fromVersion: 2, toVersion: 3, ...extra });
const moved = (n: number, status: string) => outcome(n, status, {
  moves: [{ from: 'draft', to: 'draft', type: 'task', round: 1, toRound: 1 }],
  changes: { deadlines: [], checks: [{ nodeId: 'auto', change: 'added', kinds: ['naming'] }], assignees: [] },
});
const refusedQa = outcome(2, 'refused', { refusals: [{ code: 'MIGRATE_NODE_MISSING', nodeId: 'qa', message: 'Step "qa" is active, and version 3 has no step "qa": map it to one.' }] });

function stubMigrations(answer: (body: { jobIds: string[]; dryRun: boolean; mapping?: Record<string, string> }) => object) {
  return stubApi((method, url, body) => {
    if (url === '/api/me') return { body: person(['owner']) };
    if (url === '/api/sops/banner') {
      return { body: { key: 'banner', name: 'Banner', ownerId: 'u-owner', draft: null, draftUpdatedAt: null, draftValidation: null, latest: null, versions: [3, 2, 1].map((version) => ({ version, publishedAt: '2026-11-01T00:00:00.000Z', publishedById: 'u-owner' })) } };
    }
    if (url === '/api/sops/banner/versions/2') return { body: { key: 'banner', version: 2, definition: v2, plan: {}, publishedAt: '2026-11-01T00:00:00.000Z', publishedById: 'u-owner' } };
    if (url === '/api/sops/banner/versions/3') return { body: { key: 'banner', version: 3, definition: v3, plan: {}, publishedAt: '2026-11-02T00:00:00.000Z', publishedById: 'u-owner' } };
    if (url === `${LIST}&limit=50`) return { body: { items: [job(1, DRAFT), job(2, QA)], nextCursor: 'page-2' } };
    if (url === `${LIST}&limit=50&cursor=page-2`) return { body: { items: [job(3, DRAFT)], nextCursor: null } };
    if (url === `${LIST}&q=A-2&limit=50`) return { body: { items: [job(2, QA)], nextCursor: null } };
    if (method === 'POST' && url === '/api/sops/banner/migrations') return { body: answer(body as never) };
    return undefined;
  });
}

const rowsOf = (table: HTMLElement) => within(table).getAllByRole('row').slice(1).map((r) => r.textContent);

describe('migrating the running jobs of a version', () => {
  it('lists the running jobs of the from-version page by page, previews the chosen ones (will move, or refused with the reason in words), then moves those that can and shows each result', async () => {
    const user = userEvent.setup();
    const calls = stubMigrations((body) => ({
      fromVersion: 2, toVersion: 3, dryRun: body.dryRun, more: false,
      results: body.dryRun ? [moved(1, 'planned'), refusedQa, moved(3, 'planned')] : body.jobIds.map((id) => moved(Number(id.slice(4)), 'migrated')),
    }));
    renderWithSession(<MigrateJobsPage sopKey="banner" />);
    await screen.findByRole('heading', { name: 'Migrate running jobs' });
    // From the version before the newest to the newest.
    expect((screen.getByLabelText('From version') as HTMLSelectElement).value).toBe('2');
    expect((screen.getByLabelText('To version') as HTMLSelectElement).value).toBe('3');
    const jobs = await screen.findByRole('region', { name: 'Running jobs on version 2' });
    await within(jobs).findByText('A-1');
    await user.click(within(jobs).getByRole('button', { name: 'Load more' }));
    await within(jobs).findByText('A-3');
    expect(rowsOf(within(jobs).getByRole('table'))).toEqual(['A-1Banner 1Vendor ADraft design', 'A-2Banner 2Vendor AQA review', 'A-3Banner 3Vendor ADraft design']);

    await user.click(within(jobs).getByRole('checkbox', { name: 'Select all shown jobs' }));
    expect(within(jobs).getByText('3 selected')).toBeTruthy();
    expect((within(jobs).getByRole('button', { name: 'Migrate 0 jobs' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(within(jobs).getByRole('button', { name: 'Preview migration' }));
    const preview = await screen.findByRole('table', { name: 'Preview: 2 will move, 1 refused' });
    expect(rowsOf(preview)).toEqual([
      'A-1Will moveActive stepsDraft design stays (round 1)ChecksNew check “Naming check” (naming)Deadlinesno changeAssigneesno change',
      'A-2RefusedStep “QA review” is active and version 3 has no such step: choose where it continues',
      'A-3Will moveActive stepsDraft design stays (round 1)ChecksNew check “Naming check” (naming)Deadlinesno changeAssigneesno change',
    ]);
    // The refused step is marked in the mapping.
    expect(screen.getByLabelText('“QA review” continues on').getAttribute('aria-invalid')).toBe('true');

    const listReads = calls.filter((c) => c.url === `${LIST}&limit=50`).length;
    await user.click(within(jobs).getByRole('button', { name: 'Migrate 2 jobs' }));
    const result = await screen.findByRole('table', { name: 'Result: 2 moved, 0 refused' });
    expect(rowsOf(result).map((r) => r?.slice(0, 8))).toEqual(['A-1Moved', 'A-3Moved']);
    expect(within(result).getByRole('link', { name: 'A-1' }).getAttribute('href')).toBe('/jobs/job-1');
    expect(writes(calls).map((c) => c.body)).toEqual([
      { fromVersion: 2, toVersion: 3, jobIds: ['job-1', 'job-2', 'job-3'], dryRun: true },
      { fromVersion: 2, toVersion: 3, jobIds: ['job-1', 'job-3'], dryRun: false },
    ]);
    // The list is read again: moved jobs leave it.
    await waitFor(() => expect(calls.filter((c) => c.url === `${LIST}&limit=50`).length).toBeGreaterThan(listReads));
    expect(screen.queryByRole('table', { name: 'Preview: 2 will move, 1 refused' })).toBeNull();
  });

  it('sends the step mapping the owner picks for a step the new version lacks, with the jobs found by search', async () => {
    const user = userEvent.setup();
    const calls = stubMigrations((body) => ({
      fromVersion: 2, toVersion: 3, dryRun: body.dryRun, more: false,
      results: [outcome(2, 'planned', { moves: [{ from: 'qa', to: 'final', type: 'review', round: 1, toRound: 1 }], changes: { deadlines: [], checks: [], assignees: [] } })],
    }));
    renderWithSession(<MigrateJobsPage sopKey="banner" />);
    const target = (await screen.findByLabelText('“QA review” continues on')) as HTMLSelectElement;
    expect([...target.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['Choose a step…', 'Final QA']);
    await user.selectOptions(target, 'Final QA');

    const jobs = await screen.findByRole('region', { name: 'Running jobs on version 2' });
    await user.type(within(jobs).getByRole('searchbox', { name: 'Search code, title, vendor…' }), 'A-2');
    await waitFor(() => expect(within(jobs).queryByText('A-1')).toBeNull());
    await user.click(within(jobs).getByRole('checkbox', { name: 'Select A-2' }));
    await user.click(within(jobs).getByRole('button', { name: 'Preview migration' }));
    const preview = await screen.findByRole('table', { name: 'Preview: 1 will move, 0 refused' });
    expect(rowsOf(preview)).toEqual(['A-2Will moveActive stepsQA review → Final QA (round 1 → round 1)Checksno changeDeadlinesno changeAssigneesno change']);
    expect(writes(calls).map((c) => c.body)).toEqual([{ fromVersion: 2, toVersion: 3, jobIds: ['job-2'], mapping: { qa: 'final' }, dryRun: true }]);
  });
});
