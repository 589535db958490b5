import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { invalidateScopesLive } from './query-scopes';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A query on screen (an observer) whose reads take `ms`; records when each read started and whether it finished. */
function slowRead(client: QueryClient, path: string, ms: number) {
  const reads: Array<{ startedAt: number; done: boolean; aborted: boolean }> = [];
  const observer = new QueryObserver(client, {
    queryKey: ['api', path],
    queryFn: async ({ signal }) => {
      const read = { startedAt: performance.now(), done: false, aborted: false };
      reads.push(read);
      signal.addEventListener('abort', () => { read.aborted = true; });
      await sleep(ms);
      read.done = !read.aborted;
      return reads.length;
    },
    staleTime: Infinity,
  });
  const unsubscribe = observer.subscribe(() => undefined);
  return { reads, unsubscribe };
}

describe('invalidateScopesLive', () => {
  it('never aborts a read in flight, so events coming faster than a read takes do not starve it, and reads once more after the last event', async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const list = slowRead(client, '/jobs', 50);
    await sleep(70); // the first read
    let lastEventAt = 0;
    for (let i = 0; i < 15; i++) { // an event every 20 ms for 300 ms
      lastEventAt = performance.now();
      void invalidateScopesLive(client, [{ path: '/jobs' }]);
      await sleep(20);
    }
    await sleep(200);
    list.unsubscribe();
    expect(list.reads.filter((r) => r.aborted)).toEqual([]);
    expect(list.reads.every((r) => r.done)).toBe(true);
    expect(list.reads.length).toBeGreaterThanOrEqual(5); // ~300 ms of events / 50 ms reads, one after the other
    expect(list.reads.length).toBeLessThanOrEqual(10);
    expect(list.reads.at(-1)!.startedAt).toBeGreaterThanOrEqual(lastEventAt);
  });

  it('leaves reads outside the scopes alone', async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const job = slowRead(client, '/jobs/a/checks', 5);
    const other = slowRead(client, '/jobs/b', 5);
    await sleep(30);
    await invalidateScopesLive(client, [{ path: '/jobs/a', under: true }]);
    job.unsubscribe();
    other.unsubscribe();
    expect([job.reads.length, other.reads.length]).toEqual([2, 1]);
  });
});
