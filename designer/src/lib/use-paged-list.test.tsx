import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubApi } from '../test/api-stub';
import { queryWrapper } from '../test/query-wrapper';
import { pagePath, usePagedList } from './use-paged-list';

afterEach(() => vi.unstubAllGlobals());

const row = (id: string) => ({ id });

describe('a server-paged list', () => {
  it('adds limit and cursor to the path whether or not it has a query', () => {
    expect(pagePath('/jobs', 50)).toBe('/jobs?limit=50');
    expect(pagePath('/jobs?q=横幅', 50, 'a/b')).toBe('/jobs?q=横幅&limit=50&cursor=a%2Fb');
  });

  it('appends the next page, each id once, and a refresh reads every page shown again from the start', async () => {
    const calls = stubApi((_m, url) => {
      if (url === '/api/x?limit=2') return { body: { items: [row('a'), row('b')], nextCursor: 'k1' } };
      if (url === '/api/x?limit=2&cursor=k1') return { body: { items: [row('b'), row('c')], nextCursor: null } };
      return undefined;
    });
    const { result } = renderHook(() => usePagedList<{ id: string }>('/x', 2), queryWrapper());
    await waitFor(() => expect(result.current.items.map((i) => i.id)).toEqual(['a', 'b']));
    expect(result.current.hasMore).toBe(true);
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.items.map((i) => i.id)).toEqual(['a', 'b', 'c']));
    expect(result.current.hasMore).toBe(false);
    act(() => result.current.reload());
    await waitFor(() => expect(calls).toHaveLength(4));
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.items.map((i) => i.id)).toEqual(['a', 'b', 'c']);
    expect(calls.map((c) => c.url)).toEqual(['/api/x?limit=2', '/api/x?limit=2&cursor=k1', '/api/x?limit=2', '/api/x?limit=2&cursor=k1']);
  });

  it('reads a list once however many components show it', async () => {
    const calls = stubApi(() => ({ body: { items: [row('a')], nextCursor: null } }));
    const { result } = renderHook(() => [usePagedList<{ id: string }>('/x', 2), usePagedList<{ id: string }>('/x', 2)], queryWrapper());
    await waitFor(() => expect(result.current[1]!.items.map((i) => i.id)).toEqual(['a']));
    expect(result.current[0]!.items.map((i) => i.id)).toEqual(['a']);
    expect(calls.map((c) => c.url)).toEqual(['/api/x?limit=2']);
  });
});
