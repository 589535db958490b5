/**
 * Bounds CPU-heavy work done inside a request (image comparisons): at most
 * `concurrency` run at once, at most `maxWaiting` wait; beyond that the caller
 * is told to come back (503 with Retry-After). Calls with the same key while
 * one is running share its result instead of computing it twice.
 */
import { HttpProblem } from '../http/problem';

export interface ComputeLimiter {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

export function createComputeLimiter(concurrency: number, maxWaiting: number): ComputeLimiter {
  let running = 0;
  const waiting: Array<() => void> = [];
  const inFlight = new Map<string, Promise<unknown>>();

  async function slot(): Promise<void> {
    if (running < concurrency) {
      running += 1;
      return;
    }
    if (waiting.length >= maxWaiting) {
      throw new HttpProblem(503, 'compare-busy', 'Service unavailable', 'Too many comparisons are being computed; try again in a few seconds.', undefined, { 'Retry-After': '5' });
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  function release(): void {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }

  return {
    run<T>(key: string, work: () => Promise<T>): Promise<T> {
      const existing = inFlight.get(key);
      if (existing) return existing as Promise<T>;
      const promise = (async () => {
        await slot();
        try {
          return await work();
        } finally {
          release();
        }
      })().finally(() => inFlight.delete(key));
      inFlight.set(key, promise);
      return promise;
    },
  };
}
