/**
 * How live events become cache invalidations over time: a debounce with a
 * ceiling. Events are gathered until the stream has been quiet for `quietMs`
 * (one write sends a submission, a step and an inbox event within a few
 * milliseconds: they become one re-read of the page), but never longer than
 * `maxWaitMs` after the first of them (a steady flood is read again once per
 * `maxWaitMs`). A lone event — the step event that carries a verdict, a
 * reviewer's decision — is flushed `quietMs` after it arrives.
 */
export interface LiveBatcher<T> {
  add(items: readonly T[]): void;
  /** Drops what is gathered and stops the timer. */
  stop(): void;
}

export function createLiveBatcher<T>(flush: (items: T[]) => void, quietMs: number, maxWaitMs: number): LiveBatcher<T> {
  let pending: T[] = [];
  let timer: number | undefined;
  let firstAt = 0;
  const fire = (): void => {
    timer = undefined;
    const items = pending;
    pending = [];
    if (items.length > 0) flush(items);
  };
  return {
    add(items) {
      pending.push(...items);
      const now = performance.now();
      if (timer === undefined) firstAt = now;
      else if (firstAt + maxWaitMs - now <= quietMs) return; // the ceiling comes first: its timer stands
      else window.clearTimeout(timer);
      timer = window.setTimeout(fire, Math.max(0, Math.min(quietMs, firstAt + maxWaitMs - now)));
    },
    stop() {
      pending = [];
      if (timer !== undefined) window.clearTimeout(timer);
      timer = undefined;
    },
  };
}
