import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubApi, writes } from '../../test/api-stub';
import { person, renderWithSession } from '../../test/render-with-session';
import { DeliveriesPanel } from './deliveries-panel';
import type { Delivery } from './notification-types';

const failed: Delivery = {
  id: 'd1', channel: 'webhook', kind: 'job_event', status: 'failed', attempts: 1, lastError: 'the webhook receiver answered 410 Gone: endpoint retired',
  jobId: 'job-1', job: { id: 'job-1', code: 'DD11-042', title: 'Banner' }, nodeId: null, round: null, level: null, userId: null, to: null, subject: 'job.completed', config: { id: 'c2', name: 'ERP gateway', channel: 'webhook', target: 'https://erp.example.com' },
  createdAt: '2026-11-27T08:00:00Z', nextAttemptAt: null, sentAt: null,
};

function serve(retry: { status: number; body: unknown } = { status: 200, body: { ...failed, status: 'pending' } }) {
  let rows: Delivery[] = [failed];
  return stubApi((method, url) => {
    if (url === '/api/me') return { body: person(['admin']) };
    if (url.startsWith('/api/notifications/deliveries?')) return { body: { items: new URLSearchParams(url.split('?')[1]).get('status') === 'failed' ? rows : [] } };
    if (url === '/api/notifications/deliveries/d1/retry' && method === 'POST') {
      if (retry.status === 200) rows = [];
      return retry;
    }
    return undefined;
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.removeItem('sop.token');
});

describe('failed deliveries (admin)', () => {
  it('shows each failed delivery with the receiver’s error, and Retry queues it again', async () => {
    const user = userEvent.setup();
    const calls = serve();
    renderWithSession(<DeliveriesPanel />);
    const row = await screen.findByRole('row', { name: /job\.completed/ });
    expect(within(row).getAllByRole('cell').slice(1, 6).map((c) => c.textContent)).toEqual([
      'Signed webhook (ERP, …)', 'ERP gateway (https://erp.example.com)', 'job.completed', '1', 'the webhook receiver answered 410 Gone: endpoint retired',
    ]);
    await user.click(within(row).getByRole('button', { name: 'Retry job.completed → ERP gateway (https://erp.example.com)' }));

    expect((await screen.findByRole('status')).textContent).toBe('Queued again: job.completed will be sent again');
    expect(writes(calls)).toEqual([{ method: 'POST', url: '/api/notifications/deliveries/d1/retry', body: undefined }]);
    await waitFor(() => expect(screen.getByText('No failed deliveries')).toBeTruthy());
  });

  it('says why a retry was refused', async () => {
    const user = userEvent.setup();
    serve({ status: 409, body: { type: 'urn:sop:problem:delivery-not-failed', title: 'Conflict', status: 409, detail: 'Delivery d1 is sent; only failed deliveries are retried.' } });
    renderWithSession(<DeliveriesPanel />);
    await user.click(await screen.findByRole('button', { name: /^Retry job\.completed/ }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not retry');
    expect(alert.textContent).toContain('Delivery d1 is sent; only failed deliveries are retried.');
  });

  it('filters by status and channel through the API query', async () => {
    const user = userEvent.setup();
    const calls = serve();
    renderWithSession(<DeliveriesPanel />);
    await screen.findByRole('row', { name: /job\.completed/ });
    await user.selectOptions(screen.getByLabelText('Status'), 'sent');
    await user.selectOptions(screen.getByLabelText('Channel'), 'email');
    expect(await screen.findByText('Nothing here')).toBeTruthy();
    expect(calls.filter((c) => c.url.startsWith('/api/notifications/deliveries')).map((c) => c.url)).toEqual([
      '/api/notifications/deliveries?status=failed&limit=100',
      '/api/notifications/deliveries?status=sent&limit=100',
      '/api/notifications/deliveries?status=sent&channel=email&limit=100',
    ]);
  });
});
