import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SopDefinition } from '../../../../core/sop/types';
import { stubApi } from '../../test/api-stub';
import { HQ, VENDOR_A, person, renderWithSession } from '../../test/render-with-session';
import { StartJobPage } from './start-job-page';

const definition: SopDefinition = {
  schemaVersion: 1, key: 'banner', name: 'Banner', timezone: 'UTC', roles: ['owner'], deliverables: [], nodes: [], edges: [],
  fields: [
    { id: 'budget', label: 'Budget', type: 'money', required: true, visibleTo: ['procurement'] },
    { id: 'priority', label: 'Priority', type: 'select', options: ['low', 'high'], visibleTo: ['vendor'] },
    { id: 'rush', label: 'Rush', type: 'checkbox' },
  ],
};

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.removeItem('sop.token');
});

describe('starting a job', () => {
  it('shows an input for each field the SOP declares and sends the filled ones typed, nothing else', async () => {
    const user = userEvent.setup();
    const calls = stubApi((method, url) => {
      if (url === '/api/me') return { body: person(['owner']) };
      if (url === '/api/sops') return { body: { items: [{ key: 'banner', name: 'Banner', latestVersion: 1 }] } };
      if (url === '/api/orgs') return { body: { items: [HQ, VENDOR_A] } };
      if (url === '/api/users') return { body: { items: [person(['owner'])] } };
      if (url === '/api/sops/banner/versions/1') return { body: { key: 'banner', version: 1, definition } };
      if (method === 'POST' && url === '/api/jobs') return { status: 201, body: { id: 'job-9' } };
      return undefined;
    });
    renderWithSession(<StartJobPage />);
    await screen.findByRole('option', { name: /Banner/ }); // the published SOPs have arrived
    await user.selectOptions(screen.getByRole('combobox', { name: 'SOP' }), 'banner');
    const fields = await screen.findByRole('group', { name: /Job fields/ });
    await user.type(within(fields).getByLabelText('Budget *'), '1200.5');
    await user.selectOptions(within(fields).getByLabelText('Priority'), 'high');
    await user.type(screen.getByLabelText('Job code'), 'DD11-042');
    await user.type(screen.getByRole('textbox', { name: 'Job title' }), 'Banner');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Vendor' }), VENDOR_A.id);
    await user.click(screen.getByRole('button', { name: 'Start job' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const post = calls.find((c) => c.method === 'POST')!;
    expect((post.body as { fields: unknown }).fields).toEqual({ budget: 1200.5, priority: 'high' });
  });
});
