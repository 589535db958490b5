import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stubApi, type ApiCall } from '../test/api-stub';
import { FakeEventSource } from '../test/fake-event-source';
import { queryWrapper } from '../test/query-wrapper';
import { apiRequest } from './api-client';
import { inScope, scopesForEvent, scopesForWrite } from './query-scopes';
import { usePagedList } from './use-paged-list';
import { useResource } from './use-resource';

let calls: ApiCall[] = [];
let tickets = 0;
beforeEach(() => {
  FakeEventSource.all = [];
  tickets = 0;
  vi.stubGlobal('EventSource', FakeEventSource);
  calls = stubApi((method, url) => {
    if (method === 'POST' && url === '/api/events/ticket') return { status: 201, body: { ticket: `ticket-${++tickets}`, expiresAt: '2026-12-02T00:00:00Z' } };
    if (method === 'POST') return { status: 201, body: {} };
    if (url.startsWith('/api/me/tasks')) return { body: { items: [{ id: 't1' }], nextCursor: null, counts: { total: 1, overdue: 0, byKind: {} } } };
    return { body: { url } };
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  Reflect.deleteProperty(document, 'visibilityState');
});

const reads = (url: string) => calls.filter((c) => c.method === 'GET' && c.url === url).length;
const sleep = (ms: number) => act(() => new Promise<void>((resolve) => setTimeout(resolve, ms)));

describe('the data layer (TanStack Query) and the live stream', () => {
  it('polls only while the stream is disconnected: not while it is connected, again once it drops (unless no event reports the read)', async () => {
    renderHook(
      () => {
        useResource('/notifications/deliveries?status=failed', 100, { alwaysPoll: true });
        return useResource('/jobs/j1', 100);
      },
      queryWrapper({ live: true }),
    );
    await waitFor(() => expect(reads('/api/jobs/j1')).toBeGreaterThanOrEqual(3)); // no stream yet: polling
    await waitFor(() => expect(FakeEventSource.all).toHaveLength(1));
    act(() => FakeEventSource.all[0]!.emit('ready', { head: 1 }, '1'));
    await sleep(150); // a read already in flight may land
    const whileConnected = reads('/api/jobs/j1');
    const deliveries = reads('/api/notifications/deliveries?status=failed');
    await sleep(600);
    expect(reads('/api/jobs/j1')).toBe(whileConnected);
    expect(reads('/api/notifications/deliveries?status=failed')).toBeGreaterThanOrEqual(deliveries + 3);
    act(() => FakeEventSource.all[0]!.fail());
    await waitFor(() => expect(reads('/api/jobs/j1')).toBeGreaterThanOrEqual(whileConnected + 3));
  });

  it('a stored check result of job X reads X\'s check results again, a step event job X and the task list (a burst once), not job Y nor the inbox', async () => {
    renderHook(
      () => {
        useResource('/jobs/X');
        useResource('/jobs/X/checks');
        useResource('/jobs/Y');
        useResource('/notifications?limit=20');
        return usePagedList('/me/tasks', 50);
      },
      queryWrapper({ live: true }),
    );
    await waitFor(() => expect(FakeEventSource.all).toHaveLength(1));
    await waitFor(() => expect(reads('/api/me/tasks?limit=50')).toBe(1));
    const source = FakeEventSource.all[0]!;
    act(() => source.emit('ready', { head: 1 }, '1'));
    act(() => source.emit('check', { jobId: 'X', nodeId: 'auto', round: 1 }));
    await waitFor(() => expect(reads('/api/jobs/X/checks')).toBe(2));
    await sleep(150);
    expect([reads('/api/jobs/X'), reads('/api/me/tasks?limit=50')]).toEqual([1, 1]);
    act(() => {
      source.emit('submission', { jobId: 'X', type: 'submission.created' }, '2');
      source.emit('step', { jobId: 'X', type: 'step.completed' }, '3');
      source.emit('check', { jobId: 'X', nodeId: 'auto', round: 2 });
    });
    await waitFor(() => expect(reads('/api/jobs/X')).toBe(2));
    await sleep(300);
    expect([reads('/api/jobs/X'), reads('/api/jobs/X/checks'), reads('/api/me/tasks?limit=50')]).toEqual([2, 3, 2]);
    expect([reads('/api/jobs/Y'), reads('/api/notifications?limit=20')]).toEqual([1, 1]);
    act(() => source.emit('inbox', { userId: 'u1' }));
    await waitFor(() => expect(reads('/api/notifications?limit=20')).toBe(2));
    expect(reads('/api/jobs/Y')).toBe(1);
  });

  it('never polls a hidden tab, and polls again once it is shown', async () => {
    let visibility: DocumentVisibilityState = 'hidden';
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
    renderHook(() => useResource('/jobs/j1', 100), queryWrapper());
    await waitFor(() => expect(reads('/api/jobs/j1')).toBe(1)); // the page's first read
    await sleep(600);
    expect(reads('/api/jobs/j1')).toBe(1);
    visibility = 'visible';
    act(() => {
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await waitFor(() => expect(reads('/api/jobs/j1')).toBeGreaterThanOrEqual(3));
  });

  it('reads a path once for every component showing it, and a write reads again what it changed only', async () => {
    const { result } = renderHook(() => [useResource('/users'), useResource('/users'), useResource('/orgs')], queryWrapper());
    await waitFor(() => expect(result.current[2]!.data).toEqual({ url: '/api/orgs' }));
    await waitFor(() => expect(result.current[1]!.data).toEqual({ url: '/api/users' }));
    expect(reads('/api/users')).toBe(1);
    await act(() => apiRequest('/users/u1', { method: 'PATCH', body: { name: 'x' } }));
    await waitFor(() => expect(reads('/api/users')).toBe(2));
    await sleep(100);
    expect(reads('/api/orgs')).toBe(1);
  });

  it('maps events and writes to the reads they affect', () => {
    const hit = (scopes: ReturnType<typeof scopesForWrite>, path: string) => scopes.some((s) => inScope(path, s));
    const step = scopesForEvent({ name: 'step', data: { jobId: 'j 1', seq: 7 } });
    expect(['/jobs/j%201', '/jobs/j%201/checks', '/jobs?status=running', '/me/tasks?limit=1', '/analytics/overview'].filter((p) => hit(step, p))).toHaveLength(5);
    expect(['/jobs/j2', '/jobs/j%2010', '/notifications?limit=20', '/users'].filter((p) => hit(step, p))).toEqual([]);
    const auditedCheck = scopesForEvent({ name: 'check', data: { jobId: 'j 1', seq: 8 } });
    expect(['/jobs/j%201', '/jobs/j%201/events?limit=50', '/jobs?status=running', '/me/tasks?limit=1'].filter((p) => hit(auditedCheck, p))).toHaveLength(4);
    // a check result stored (the signal, no seq): the check results and the version comparison, nothing else
    const stored = scopesForEvent({ name: 'check', data: { jobId: 'j 1', nodeId: 'auto', round: 2 } });
    expect(['/jobs/j%201/checks', '/jobs/j%201/files/compare?deliverable=banner&a=1&b=2'].filter((p) => hit(stored, p))).toHaveLength(2);
    expect(['/jobs/j%201', '/jobs/j%201/events?limit=50', '/jobs?status=running', '/me/tasks?limit=1', '/analytics/overview', '/jobs/j2/checks'].filter((p) => hit(stored, p))).toEqual([]);
    expect(hit(scopesForEvent({ name: 'comment', data: { jobId: 'a' } }), '/jobs/a/comments?limit=200')).toBe(true);
    expect(hit(scopesForEvent({ name: 'comment', data: { jobId: 'a' } }), '/jobs/a')).toBe(false);
    expect(hit(scopesForEvent({ name: 'resync', data: {} }), '/anything')).toBe(true);
    expect(scopesForWrite('POST', '/events/ticket')).toEqual([]);
    expect(scopesForWrite('POST', '/auth/logout')).toEqual([]);
    expect(hit(scopesForWrite('POST', '/jobs/j1/steps/s/review'), '/me/tasks?kind=review&limit=50')).toBe(true);
    expect(hit(scopesForWrite('POST', '/invitations'), '/users')).toBe(true);
    expect(hit(scopesForWrite('DELETE', '/api-keys/k1'), '/api-keys?limit=200')).toBe(true);
  });
});
