import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SopDefinition } from '../../../../core/sop/types';
import type { JobDetail } from '../../lib/api-types';
import { LocaleProvider } from '../../lib/i18n';
import { SessionProvider } from '../auth/session-context';
import { JobActions } from './job-actions';
import { restartChoices } from './change-vendor-form';

const definition = {
  schemaVersion: 1, key: 's', name: 'S', timezone: 'Asia/Shanghai', roles: ['owner', 'vendor'], deliverables: [],
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'draft', type: 'task', assignee: 'vendor', produces: [] },
    { id: 'take', type: 'accept', title: '接单', assignee: 'vendor' },
    { id: 'end', type: 'end' },
  ],
  edges: [],
} as SopDefinition;

const job: JobDetail = {
  id: 'job-1', code: 'DD11-042', title: 'Banner', status: 'running', workflowId: 'job-DD11-042', sop: { key: 's', version: 1 }, vendorOrg: { id: 'o-va', name: 'Vendor A' },
  ownerId: 'u-o', assignees: { vendor: 'u-va', owner: 'u-o' }, createdAt: '2026-11-27T08:00:00.000Z', completedAt: null, fields: {}, activeSteps: ['reassign'],
  steps: [],
  definition,
};

function stubApi(roles: string[]) {
  const posts: Array<{ url: string; body: unknown }> = [];
  const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    if (init?.method === 'POST') {
      posts.push({ url, body: JSON.parse(init.body as string) });
      return json({ jobId: 'job-1', vendorOrgId: 'o-vb', restartedFrom: 'take' });
    }
    if (url === '/api/me') return json({ id: 'u-o', email: 'o@demo.test', name: 'Olga', roles, orgId: 'o-hq', org: { id: 'o-hq', name: 'HQ', kind: 'internal' }, timezone: 'Asia/Shanghai' });
    if (url === '/api/users') return json({ items: [
      { id: 'u-va', email: 'a@demo.test', name: 'Alice', roles: ['vendor'], orgId: 'o-va' },
      { id: 'u-vb', email: 'b@demo.test', name: 'Bob', roles: ['vendor'], orgId: 'o-vb' },
    ] });
    if (url === '/api/orgs') return json({ items: [{ id: 'o-hq', name: 'HQ', kind: 'internal' }, { id: 'o-va', name: 'Vendor A', kind: 'vendor' }, { id: 'o-vb', name: 'Vendor B', kind: 'vendor' }] });
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

describe('handing a job to another vendor', () => {
  it('offers accept steps first as the step to restart from', () => {
    expect(restartChoices(definition)).toEqual([{ id: 'take', label: '接单 (take)' }, { id: 'draft', label: 'draft' }]);
  });

  it('lets the owner pick another vendor organisation and one of its people, and restarts from the accept step', async () => {
    const user = userEvent.setup();
    const posts = stubApi(['owner']);
    const onDone = renderActions();
    const form = await screen.findByRole('form', { name: 'Hand to another vendor' });
    const vendorSelect = form.querySelector('select')!;
    await waitFor(() => expect(vendorSelect.querySelectorAll('option')).toHaveLength(2));
    expect([...vendorSelect.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['Choose a vendor…', 'Vendor B']);
    await user.selectOptions(screen.getByLabelText('New vendor'), 'o-vb');
    await user.selectOptions(screen.getByLabelText('Vendor contact'), 'u-vb');
    expect((screen.getByLabelText('Restart from') as HTMLSelectElement).value).toBe('take');
    await user.click(screen.getByRole('button', { name: 'Hand over' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(posts).toEqual([{ url: '/api/jobs/job-1/vendor', body: { vendorOrgId: 'o-vb', vendorUserId: 'u-vb', restartFrom: 'take' } }]);
  });

  it('is not offered to a manager', async () => {
    stubApi(['manager']);
    renderActions();
    await screen.findByRole('form', { name: 'Reassign' });
    expect(screen.queryByRole('form', { name: 'Hand to another vendor' })).toBeNull();
  });
});
