/**
 * Bounds CPU-heavy work done inside a request (image comparisons): at most
 * `concurrency` run at once, at most `maxWaiting` wait; beyond that the caller
 * is told to come back (503 with Retry-After). Calls with the same key while
 * one is running share its result instead of computing it twice.
 */
import { createWorkGate } from '../../platform/work-gate';
import { HttpProblem } from '../http/problem';

export interface ComputeLimiter {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

export function createComputeLimiter(concurrency: number, maxWaiting: number): ComputeLimiter {
  const gate = createWorkGate({
    concurrency,
    maxWaiting,
    busy: () => new HttpProblem(503, 'compare-busy', 'Service unavailable', 'Too many comparisons are being computed; try again in a few seconds.', undefined, { 'Retry-After': '5' }),
  });
  const inFlight = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, work: () => Promise<T>): Promise<T> {
      const existing = inFlight.get(key);
      if (existing) return existing as Promise<T>;
      const promise = gate.run(work).finally(() => inFlight.delete(key));
      inFlight.set(key, promise);
      return promise;
    },
  };
}
