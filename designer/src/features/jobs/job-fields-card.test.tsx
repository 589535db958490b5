import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SopDefinition } from '../../../../core/sop/types';
import type { JobDetail } from '../../lib/api-types';
import { LocaleProvider } from '../../lib/i18n';
import { SessionProvider } from '../auth/session-context';
import { JobFieldsCard, changedFields } from './job-fields-card';

const FIELDS: NonNullable<SopDefinition['fields']> = [
  { id: 'budget', label: 'Budget', type: 'money', required: true, visibleTo: ['procurement'] },
  { id: 'priority', label: 'Priority', type: 'select', options: ['low', 'high'], visibleTo: ['vendor'] },
  { id: 'rush', label: 'Rush', type: 'checkbox', visibleTo: ['vendor'] },
];

const jobWith = (fields: Record<string, unknown>, declared: SopDefinition['fields'] | undefined): JobDetail => ({
  id: 'job-1', code: 'DD11-042', title: 'Banner', status: 'running', workflowId: 'job-DD11-042', sop: { key: 's', version: 1 }, vendorOrg: { id: 'o-va', name: 'Vendor A' },
  ownerId: 'u-o', assignees: {}, createdAt: '2026-11-27T08:00:00.000Z', completedAt: null, activeSteps: [], steps: [], fields,
  definition: { schemaVersion: 1, key: 's', name: 'S', timezone: 'UTC', roles: [], deliverables: [], nodes: [], edges: [], ...(declared ? { fields: declared } : {}) },
});

function stubApi(roles: string[], orgKind: 'internal' | 'vendor') {
  const patches: Array<{ url: string; body: unknown }> = [];
  const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    if (init?.method === 'PATCH') {
      patches.push({ url, body: JSON.parse(init.body as string) });
      return json({ fields: {} });
    }
    if (url === '/api/me') return json({ id: 'u-1', email: 'x@demo.test', name: 'X', roles, orgId: 'o-1', org: { id: 'o-1', name: 'Org', kind: orgKind }, timezone: 'UTC' });
    return new Response('{}', { status: 404 });
  }));
  return patches;
}

function renderCard(job: JobDetail, onSaved = vi.fn()) {
  render(
    <LocaleProvider locale="en">
      <SessionProvider>
        <JobFieldsCard job={job} onSaved={onSaved} />
      </SessionProvider>
    </LocaleProvider>,
  );
  return onSaved;
}

beforeEach(() => localStorage.setItem('sop.token', 't'));
afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.removeItem('sop.token');
});

describe('job fields on the job page', () => {
  it('lets an owner edit the declared fields and sends only what changed, clearing with null', async () => {
    const user = userEvent.setup();
    const patches = stubApi(['owner'], 'internal');
    const onSaved = renderCard(jobWith({ budget: 1200, priority: 'high' }, FIELDS));
    await user.click(await screen.findByRole('button', { name: 'Edit fields' }));
    const form = screen.getByRole('form', { name: 'Edit fields' });
    const budget = within(form).getByLabelText('Budget *');
    await user.clear(budget);
    await user.type(budget, '1500.5');
    await user.selectOptions(within(form).getByLabelText('Priority'), '');
    await user.click(within(form).getByRole('button', { name: 'Save fields' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(patches).toEqual([{ url: '/api/jobs/job-1/fields', body: { fields: { budget: 1500.5, priority: null } } }]);
    expect(screen.getByRole('status').textContent).toBe('Fields saved (audited)');
  });

  it('shows a vendor the fields the server sent, without an edit button', async () => {
    stubApi(['vendor'], 'vendor');
    renderCard(jobWith({ priority: 'high', rush: true }, FIELDS.slice(1)));
    expect(await screen.findByText('high')).toBeTruthy();
    expect(screen.getByText('Yes')).toBeTruthy();
    await waitFor(() => expect(vi.mocked(fetch)).toHaveBeenCalled());
    expect(screen.queryByRole('button', { name: 'Edit fields' })).toBeNull();
  });

  it('shows older values of an SOP without declarations read-only', async () => {
    stubApi(['owner'], 'internal');
    renderCard(jobWith({ budget: 5 }, undefined));
    expect(await screen.findByText(/declares no fields/)).toBeTruthy();
    expect(screen.getByText('budget')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Edit fields' })).toBeNull();
  });

  it('treats an untouched checkbox as unchanged and a number typed as text as a number', () => {
    expect(changedFields(FIELDS, { budget: 10 }, { budget: '10', priority: '', rush: false })).toEqual({});
    expect(changedFields(FIELDS, { budget: 10 }, { budget: '12', priority: 'low', rush: true })).toEqual({ budget: 12, priority: 'low', rush: true });
  });
});
