import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocaleProvider } from '../../lib/i18n';
import { ShortcutsSwitch } from '../../components/shortcuts-switch';
import { ReviewDecision } from './review-decision';

const reasons = [
  { code: 'WRONG_SIZE', label: 'Wrong size' },
  { code: 'TEXT_ERROR', label: 'Text error' },
];

function renderDecision() {
  const fetchMock = vi.fn(async () => new Response(JSON.stringify({ reviewId: 'r1' }), { status: 200, headers: { 'content-type': 'application/json' } }));
  vi.stubGlobal('fetch', fetchMock);
  const onDecided = vi.fn();
  render(
    <LocaleProvider locale="en">
      <ReviewDecision jobId="job-1" nodeId="qa" reasons={reasons} active onDecided={onDecided} />
      <ShortcutsSwitch />
    </LocaleProvider>,
  );
  return { fetchMock, onDecided };
}

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('QA decision', () => {
  it('asks for a reason before rejecting, then sends the reason codes and comment', async () => {
    const user = userEvent.setup();
    const { fetchMock, onDecided } = renderDecision();
    fireEvent.keyDown(window, { key: 'r' });
    expect(screen.getByRole('alert').textContent).toMatch(/at least one reason/);
    expect(fetchMock).not.toHaveBeenCalled();
    await user.click(screen.getByRole('checkbox', { name: /Text error/ }));
    await user.type(screen.getByLabelText('Comment'), 'Use 5折');
    await user.click(screen.getByRole('button', { name: /Reject/ }));
    await waitFor(() => expect(onDecided).toHaveBeenCalled());
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/jobs/job-1/steps/qa/review');
    expect(JSON.parse(init.body as string)).toEqual({ decision: 'rejected', reasons: ['TEXT_ERROR'], comment: 'Use 5折' });
  });

  it('approves with the a key', async () => {
    const { fetchMock, onDecided } = renderDecision();
    fireEvent.keyDown(window, { key: 'a' });
    await waitFor(() => expect(onDecided).toHaveBeenCalled());
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(JSON.parse(init.body as string)).toMatchObject({ decision: 'approved', reasons: [] });
  });
  it('does nothing on a or r once single-key shortcuts are switched off, and the choice is kept in this browser (WCAG 2.1.4)', async () => {
    const user = userEvent.setup();
    const { fetchMock, onDecided } = renderDecision();
    await user.click(screen.getByRole('switch', { name: 'Single-key shortcuts' }));
    expect(localStorage.getItem('sop.shortcuts')).toBe('off');
    fireEvent.keyDown(window, { key: 'a' });
    fireEvent.keyDown(window, { key: 'r' });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
    expect(onDecided).not.toHaveBeenCalled();
    // The buttons still decide.
    await user.click(screen.getByRole('button', { name: /Approve/ }));
    await waitFor(() => expect(onDecided).toHaveBeenCalledTimes(1));
  });

  it('ignores a with Ctrl or Alt held (browser and OS shortcuts stay theirs)', () => {
    const { fetchMock } = renderDecision();
    fireEvent.keyDown(window, { key: 'a', ctrlKey: true });
    fireEvent.keyDown(window, { key: 'a', altKey: true });
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
