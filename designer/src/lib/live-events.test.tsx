import { act, render, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stubApi } from '../test/api-stub';
import { FakeEventSource } from '../test/fake-event-source';
import { LiveEventsProvider, matches, useLiveEvents, useLiveReload } from './live-events';

let tickets = 0;
beforeEach(() => {
  FakeEventSource.all = [];
  tickets = 0;
  vi.stubGlobal('EventSource', FakeEventSource);
  stubApi((method, url) => {
    if (method === 'POST' && url === '/api/events/ticket') {
      tickets += 1;
      return { status: 201, body: { ticket: `ticket-${tickets}`, expiresAt: '2026-12-02T00:00:00Z' } };
    }
    return undefined;
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const wrapper = ({ children }: { children: ReactNode }) => <LiveEventsProvider>{children}</LiveEventsProvider>;

describe('the live event stream in the UI', () => {
  it('opens one EventSource with a ticket (never the token), and is connected once the server says ready', async () => {
    localStorage.setItem('sop.token', 'secret-session-token');
    const { result } = renderHook(() => useLiveEvents(), { wrapper });
    await waitFor(() => expect(FakeEventSource.all).toHaveLength(1));
    expect(FakeEventSource.all[0]!.url).toBe('/api/events?ticket=ticket-1');
    expect(FakeEventSource.all[0]!.url).not.toContain('secret-session-token');
    expect(result.current.connected).toBe(false);
    act(() => FakeEventSource.all[0]!.emit('ready', { head: 41 }, '41'));
    expect(result.current.connected).toBe(true);
    localStorage.removeItem('sop.token');
  });

  it('reloads a page once for a burst of its job\'s events, and not for another job\'s', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const reload = vi.fn();
    renderHook(() => useLiveReload({ jobId: 'job-1' }, reload), { wrapper });
    await waitFor(() => expect(FakeEventSource.all).toHaveLength(1));
    const source = FakeEventSource.all[0]!;
    act(() => {
      source.emit('ready', { head: 1 }, '1');
      source.emit('step', { jobId: 'job-2', type: 'step.activated' }, '2');
    });
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(reload).not.toHaveBeenCalled();
    act(() => {
      source.emit('submission', { jobId: 'job-1', type: 'submission.created' }, '3');
      source.emit('check', { jobId: 'job-1', nodeId: 'auto', round: 1 });
      source.emit('step', { jobId: 'job-1', type: 'step.completed' }, '4');
    });
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('after an error reopens with a new ticket and the last event id, and every page reloads once (resync)', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const reload = vi.fn();
    renderHook(() => useLiveReload({ jobId: 'job-1', names: ['check'] }, reload), { wrapper });
    await waitFor(() => expect(FakeEventSource.all).toHaveLength(1));
    const first = FakeEventSource.all[0]!;
    act(() => {
      first.emit('ready', { head: 7 }, '7');
      first.emit('comment', { jobId: 'job-1', type: 'comment.added' }, '9');
      first.fail();
    });
    expect(first.closed).toBe(true);
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    await waitFor(() => expect(FakeEventSource.all).toHaveLength(2));
    expect(FakeEventSource.all[1]!.url).toBe('/api/events?ticket=ticket-2&lastEventId=9');
    expect(reload).not.toHaveBeenCalled(); // the comment was not a check
    act(() => FakeEventSource.all[1]!.emit('ready', { head: 9 }, '9'));
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('opens no stream when the ticket is refused (signed out): the pages keep polling', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const calls = stubApi(() => ({ status: 401, body: { type: 'urn:sop:problem:unauthorized', title: 'Unauthorized', status: 401 } }));
    render(<LiveEventsProvider>x</LiveEventsProvider>);
    await waitFor(() => expect(calls).toHaveLength(1));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(60_000);
    });
    expect(calls).toHaveLength(1); // no retry either
    expect(FakeEventSource.all).toHaveLength(0);
  });

  it('filters by job and name; resync passes every filter', () => {
    expect(matches({ jobId: 'a' }, { name: 'step', data: { jobId: 'a' } })).toBe(true);
    expect(matches({ jobId: 'a' }, { name: 'step', data: { jobId: 'b' } })).toBe(false);
    expect(matches({ names: ['inbox'] }, { name: 'step', data: { jobId: 'a' } })).toBe(false);
    expect(matches({ names: ['inbox'] }, { name: 'inbox', data: { userId: 'u' } })).toBe(true);
    expect(matches({ jobId: 'a', names: ['check'] }, { name: 'resync', data: {} })).toBe(true);
  });
});
