import { renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useRefreshSoon } from './use-refresh-soon';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('refreshing a job page after an action', () => {
  it('reloads at once, then after 0.5, 1.5, 3 and 6 seconds', () => {
    const reload = vi.fn();
    const { result } = renderHook(() => useRefreshSoon(reload));
    result.current();
    expect(reload).toHaveBeenCalledTimes(1);
    let elapsed = 0;
    for (const [at, calls] of [[499, 1], [500, 2], [1500, 3], [3000, 4], [6000, 5], [60_000, 5]] as const) {
      vi.advanceTimersByTime(at - elapsed);
      elapsed = at;
      expect(reload).toHaveBeenCalledTimes(calls);
    }
  });

  it('starts over on a second action and stops when the page is left', () => {
    const reload = vi.fn();
    const { result, unmount } = renderHook(() => useRefreshSoon(reload));
    result.current();
    vi.advanceTimersByTime(1000);
    result.current();
    expect(reload).toHaveBeenCalledTimes(3);
    vi.advanceTimersByTime(600);
    expect(reload).toHaveBeenCalledTimes(4);
    unmount();
    vi.advanceTimersByTime(60_000);
    expect(reload).toHaveBeenCalledTimes(4);
  });
});
