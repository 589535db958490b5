import { useCallback, useEffect, useRef } from 'react';

/** After an action: now, then again at these delays (ms). */
export const REFRESH_DELAYS = [500, 1500, 3000, 6000];

/**
 * The effect of an owner/manager action reaches the read model a moment after
 * the API answered (API → workflow → recorded transition): reloads at once and
 * a few more times soon, so the page shows the result without a manual reload.
 */
export function useRefreshSoon(reload: () => void): () => void {
  const timers = useRef<number[]>([]);
  useEffect(() => () => timers.current.forEach((id) => window.clearTimeout(id)), []);
  return useCallback(() => {
    reload();
    timers.current.forEach((id) => window.clearTimeout(id));
    timers.current = REFRESH_DELAYS.map((ms) => window.setTimeout(reload, ms));
  }, [reload]);
}
