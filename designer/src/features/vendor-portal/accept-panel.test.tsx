import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AcceptNode } from '../../../../core/sop/types';
import { LocaleProvider } from '../../lib/i18n';
import { AcceptPanel } from './accept-panel';

const node: AcceptNode = {
  id: 'take', type: 'accept', assignee: 'vendor', due: { after: 'PT8H' },
  reasons: [{ code: 'capacity', label: 'No capacity' }, { code: 'price', label: 'Price too low' }],
};

function renderPanel(answer: { status: number; body: unknown } = { status: 200, body: { acceptanceId: 'a1', round: 1, decision: 'accepted' } }) {
  const headers = { 'content-type': answer.status >= 400 ? 'application/problem+json' : 'application/json' };
  const fetchMock = vi.fn(async () => new Response(JSON.stringify(answer.body), { status: answer.status, headers }));
  vi.stubGlobal('fetch', fetchMock);
  const onAnswered = vi.fn();
  render(
    <LocaleProvider locale="en">
      <AcceptPanel jobId="job-1" node={node} onAnswered={onAnswered} />
    </LocaleProvider>,
  );
  return { fetchMock, onAnswered };
}

const sentBody = (fetchMock: ReturnType<typeof vi.fn>) => {
  const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
  return { url, method: init.method, body: JSON.parse(init.body as string) as unknown };
};

afterEach(() => vi.unstubAllGlobals());

describe('vendor accept panel', () => {
  it('accepts the job with one click and says so', async () => {
    const user = userEvent.setup();
    const { fetchMock, onAnswered } = renderPanel();
    await user.click(screen.getByRole('button', { name: /Accept/ }));
    await waitFor(() => expect(onAnswered).toHaveBeenCalledTimes(1));
    expect(sentBody(fetchMock)).toEqual({ url: '/api/jobs/job-1/steps/take/accept', method: 'POST', body: { decision: 'accepted' } });
    expect(screen.getByRole('status').textContent).toBe('Accepted');
  });

  it('asks for a reason before declining, then sends the reason code and the note', async () => {
    const user = userEvent.setup();
    const { fetchMock, onAnswered } = renderPanel({ status: 200, body: { acceptanceId: 'a1', round: 1, decision: 'declined', reason: 'price' } });
    await user.click(screen.getByRole('button', { name: /Decline/ }));
    await user.click(screen.getByRole('button', { name: /Confirm decline/ }));
    expect(screen.getByRole('alert').textContent).toBe('Pick a reason to decline');
    expect(fetchMock).not.toHaveBeenCalled();
    await user.selectOptions(screen.getByLabelText('Reason to decline'), 'price');
    await user.type(screen.getByLabelText('Note (optional)'), 'Budget is half the usual rate');
    await user.click(screen.getByRole('button', { name: /Confirm decline/ }));
    await waitFor(() => expect(onAnswered).toHaveBeenCalledTimes(1));
    expect(sentBody(fetchMock).body).toEqual({ decision: 'declined', reason: 'price', note: 'Budget is half the usual rate' });
    expect(screen.getByRole('status').textContent).toBe('Declined; the owner has been notified');
  });

  it('shows the server refusal and keeps the buttons when the step is no longer active', async () => {
    const user = userEvent.setup();
    const { onAnswered } = renderPanel({ status: 409, body: { type: 'about:blank', title: 'Conflict', status: 409, code: 'step-not-active', detail: 'Step "take" is not active now.' } });
    await user.click(screen.getByRole('button', { name: /Accept/ }));
    await waitFor(() => expect(screen.getByText(/Step "take" is not active now\./)).toBeTruthy());
    expect(onAnswered).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: /Accept/ })).toBeTruthy();
  });
});
