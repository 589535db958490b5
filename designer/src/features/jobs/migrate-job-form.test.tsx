import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SopDefinition } from '../../../../core/sop/types';
import type { JobDetail } from '../../lib/api-types';
import { LocaleProvider } from '../../lib/i18n';
import { SessionProvider } from '../auth/session-context';
import { JobActions } from './job-actions';

const definition = {
  schemaVersion: 1, key: 's', name: 'S', timezone: 'Asia/Shanghai', roles: ['owner', 'vendor', 'qa'], deliverables: [],
  nodes: [{ id: 'start', type: 'start' }, { id: 'review', type: 'review', assignee: 'qa' }, { id: 'end', type: 'end' }],
  edges: [],
} as SopDefinition;

const job: JobDetail = {
  id: 'job-1', code: 'DD11-042', title: 'Banner', status: 'running', workflowId: 'job-DD11-042', sop: { key: 's', version: 1 }, vendorOrg: { id: 'o-va', name: 'Vendor A' },
  ownerId: 'u-o', assignees: { vendor: 'u-va', owner: 'u-o' }, createdAt: '2026-11-27T08:00:00.000Z', completedAt: null, fields: {}, activeSteps: ['review'],
  steps: [],
  definition,
};

const planned = {
  jobId: 'job-1', jobCode: 'DD11-042', status: 'planned', fromVersion: 1, toVersion: 2,
  moves: [{ from: 'review', to: 'review', type: 'review', round: 2, toRound: 2 }],
  changes: {
    deadlines: [{ nodeId: 'review', kind: 'deadline', from: null, to: '2026-11-28T02:00:00.000Z' }],
    checks: [{ nodeId: 'naming', change: 'added', kinds: ['naming'] }],
    assignees: [],
  },
};

/** Version 2 of the mapping test: the review step is replaced by two others (by id), and a task is not a place a review can continue. */
const version2 = {
  ...definition,
  nodes: [
    { id: 'start', type: 'start' }, { id: 'final-qa', type: 'review', title: 'Final QA', assignee: 'qa' }, { id: 'second-look', type: 'review', title: 'Second look', assignee: 'qa' },
    { id: 'touch-up', type: 'task', title: 'Touch-up', assignee: 'vendor' }, { id: 'end', type: 'end' },
  ],
} as SopDefinition;

const refusal = (status = 422) => ({
  type: 'urn:sop:problem:migrate-node-missing', title: 'Unprocessable content', status,
  detail: 'Step "review" is active, and version 2 has no step "review": map it to one.',
  errors: [{ path: 'job/steps/review', code: 'MIGRATE_NODE_MISSING', message: 'Step "review" is active, and version 2 has no step "review": map it to one.' }],
});

function stubApi(roles: string[], versions: number[], refuse: boolean | 'unless-mapped' = false) {
  const posts: Array<{ url: string; body: unknown }> = [];
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': status === 200 ? 'application/json' : 'application/problem+json' } });
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    if (init?.method === 'POST') {
      const body = JSON.parse(init.body as string) as { dryRun: boolean; mapping?: Record<string, string> };
      posts.push({ url, body });
      if (refuse === true || (refuse === 'unless-mapped' && !body.mapping)) return json(refusal(), 422);
      if (body.mapping) {
        return json({ ...planned, status: body.dryRun ? 'planned' : 'migrated', moves: [{ from: 'review', to: body.mapping.review, type: 'review', round: 2, toRound: 1 }], changes: { deadlines: [], checks: [], assignees: [{ nodeId: body.mapping.review, from: 'qa', to: 'owner' }] } });
      }
      return json({ ...planned, status: body.dryRun ? 'planned' : 'migrated' });
    }
    if (url === '/api/me') return json({ id: 'u-o', email: 'o@demo.test', name: 'Olga', roles, orgId: 'o-hq', org: { id: 'o-hq', name: 'HQ', kind: 'internal' }, timezone: 'Asia/Shanghai' });
    if (url === '/api/sops/s') return json({ key: 's', name: 'S', ownerId: 'u-o', draft: null, draftUpdatedAt: null, draftValidation: null, latest: null, versions: versions.map((version) => ({ version, publishedAt: '2026-11-01T00:00:00.000Z', publishedById: 'u-o' })) });
    if (url === '/api/sops/s/versions/2') return json({ key: 's', version: 2, definition: version2, plan: {}, publishedAt: '2026-11-01T00:00:00.000Z', publishedById: 'u-o' });
    if (url === '/api/users' || url === '/api/orgs') return json({ items: [] });
    return new Response('{}', { status: 404 });
  }));
  return posts;
}

function renderActions(onDone = vi.fn()) {
  render(
    <LocaleProvider locale="en">
      <SessionProvider>
        <JobActions job={job} onDone={onDone} />
      </SessionProvider>
    </LocaleProvider>,
  );
  return onDone;
}

beforeEach(() => localStorage.setItem('sop.token', 't'));
afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.removeItem('sop.token');
});

describe('moving a job to another SOP version', () => {
  it('previews the plan of the chosen version first (dry run), then migrates and refreshes the page', async () => {
    const user = userEvent.setup();
    const posts = stubApi(['owner'], [2, 1]);
    const onDone = renderActions();
    const form = await screen.findByRole('form', { name: 'Move to another version' });
    const select = within(form).getByLabelText('Target version') as HTMLSelectElement;
    expect([...select.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['Choose a version…', 'Version 2']);
    expect((within(form).getByRole('button', { name: 'Migrate' }) as HTMLButtonElement).disabled).toBe(true);
    await user.selectOptions(select, '2');
    await user.click(within(form).getByRole('button', { name: 'Preview' }));
    const preview = await within(form).findByLabelText('Preview');
    // The new deadline in the session's zone (Asia/Shanghai): 02:00Z is 10:00 there.
    expect(preview.textContent).toBe('Active stepsreview stays (round 2)ChecksNew check “naming” (naming)Deadlinesreview: deadline no deadline → 11/28/2026, 10:00Assigneesno change');
    expect(posts).toEqual([{ url: '/api/jobs/job-1/migrate', body: { version: 2, dryRun: true } }]);
    expect(onDone).not.toHaveBeenCalled();

    await user.click(within(form).getByRole('button', { name: 'Migrate' }));
    expect(await within(form).findByRole('status')).toHaveProperty('textContent', 'Moved to version 2');
    expect(posts[1]).toEqual({ url: '/api/jobs/job-1/migrate', body: { version: 2, dryRun: false } });
    expect(onDone).toHaveBeenCalledTimes(1);
  });

  it('shows a refused plan with its reasons in words and offers no migration', async () => {
    const user = userEvent.setup();
    stubApi(['admin'], [1, 2], true);
    renderActions();
    const form = await screen.findByRole('form', { name: 'Move to another version' });
    await user.selectOptions(within(form).getByLabelText('Target version'), '2');
    await user.click(within(form).getByRole('button', { name: 'Preview' }));
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toBe('Cannot moveStep “review” is active and version 2 has no such step: choose where it continues');
    expect((within(form).getByRole('button', { name: 'Migrate' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('lets the owner map an active step the new version lacks to a step of the same type, by title; the preview and the migration send that mapping', async () => {
    const user = userEvent.setup();
    const posts = stubApi(['owner'], [1, 2], 'unless-mapped');
    const onDone = renderActions();
    const form = await screen.findByRole('form', { name: 'Move to another version' });
    await user.selectOptions(within(form).getByLabelText('Target version'), '2');
    const target = (await within(form).findByLabelText('“review” continues on')) as HTMLSelectElement;
    // Only review steps of version 2, by their titles; none is chosen yet (no step "review" there).
    expect([...target.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['Choose a step…', 'Final QA', 'Second look']);

    await user.click(within(form).getByRole('button', { name: 'Preview' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('Cannot moveStep “review” is active and version 2 has no such step: choose where it continues');
    expect(target.getAttribute('aria-invalid')).toBe('true');

    await user.selectOptions(target, 'Final QA');
    await user.click(within(form).getByRole('button', { name: 'Preview' }));
    const preview = await within(form).findByLabelText('Preview');
    expect(preview.textContent).toBe('Active stepsreview → Final QA (round 2 → round 1)Checksno changeDeadlinesno changeAssigneesFinal QA: assigned role qa → owner');
    expect(within(form).queryByRole('alert')).toBeNull();
    await user.click(within(form).getByRole('button', { name: 'Migrate' }));
    expect(await within(form).findByRole('status')).toHaveProperty('textContent', 'Moved to version 2');
    expect(posts.map((p) => p.body)).toEqual([
      { version: 2, dryRun: true },
      { version: 2, mapping: { review: 'final-qa' }, dryRun: true },
      { version: 2, mapping: { review: 'final-qa' }, dryRun: false },
    ]);
    expect(onDone).toHaveBeenCalledTimes(1);
  });

  it('is not offered to a manager', async () => {
    stubApi(['manager'], [1, 2]);
    renderActions();
    await screen.findByRole('heading', { name: 'Manage' });
    expect(screen.queryByRole('form', { name: 'Move to another version' })).toBeNull();
  });

  it('is not offered while the SOP has no other version', async () => {
    stubApi(['owner'], [1]);
    renderActions();
    await screen.findByRole('form', { name: 'Hand to another vendor' });
    await waitFor(() => expect(vi.mocked(fetch).mock.calls.map((c) => c[0])).toContain('/api/sops/s'));
    expect(screen.queryByRole('form', { name: 'Move to another version' })).toBeNull();
  });
});
