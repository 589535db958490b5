import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubApi, writes } from '../../test/api-stub';
import { person, renderWithSession } from '../../test/render-with-session';
import { VendorJobPage } from './vendor-job-page';

afterEach(() => vi.unstubAllGlobals());

const step = (nodeId: string, type: string, assigneeRole: string, dueAt: string, completedAt: string) => ({
  nodeId, type, round: 1, status: 'done', assigneeRole, activatedAt: '2026-11-01T00:00:00.000Z', dueAt, completedAt, outcome: 'submitted', assignee: null,
});
const job = {
  id: 'job-1', code: 'DD11-042', title: 'Banner', status: 'running', vendorOrg: { id: 'o-va', name: 'Vendor A' },
  definition: { nodes: [{ id: 'draft', type: 'task', title: '设计初稿', assignee: 'vendor', produces: [] }, { id: 'qa', type: 'review', title: 'QA', assignee: 'qa' }], edges: [], deliverables: [], roles: [] },
  steps: [
    step('draft', 'task', 'vendor', '2026-11-02T00:00:00.000Z', '2026-11-03T00:00:00.000Z'), // the vendor's, late
    step('qa', 'review', 'qa', '2026-11-04T00:00:00.000Z', '2026-11-06T00:00:00.000Z'), // QA's, late: not the vendor's to explain
  ],
};

describe('a vendor explains its own late step', () => {
  it('offers only the vendor\'s late steps, with the job\'s delay reasons, and records the reason', async () => {
    const user = userEvent.setup();
    const calls = stubApi((method, url) => {
      if (url === '/api/me') return { body: person(['vendor']) };
      if (url === '/api/jobs/job-1') return { body: job };
      if (url === '/api/jobs/job-1/delay-reasons') return { body: { items: [{ code: 'missing-material', labels: { 'zh-CN': '素材缺失', en: 'Missing material' }, active: true, position: 0 }] } };
      if (method === 'POST' && url === '/api/jobs/job-1/steps/draft/delay-reason') return { body: { nodeId: 'draft', round: 1, reason: 'missing-material', note: null } };
      return undefined;
    });
    renderWithSession(<VendorJobPage jobId="job-1" />);
    const form = await screen.findByRole('form', { name: 'Explain a late step' });
    expect(within(form).getAllByRole('option', { name: /round 1/ }).map((o) => o.textContent)).toEqual(['设计初稿 · round 1']);
    await within(form).findByRole('option', { name: 'Missing material' });
    await user.selectOptions(within(form).getByLabelText('Reason for the delay'), 'missing-material');
    await user.click(within(form).getByRole('button', { name: 'Save reason' }));
    await waitFor(() => expect(writes(calls)).toEqual([{ method: 'POST', url: '/api/jobs/job-1/steps/draft/delay-reason', body: { reason: 'missing-material', round: 1 } }]));
  });
});
