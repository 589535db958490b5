/**
 * At most `concurrency` pieces of work run at once; the rest wait in line, first
 * come first served. When `maxWaiting` are already waiting, `busy()` is thrown
 * instead of queueing more (callers turn it into a 503 with Retry-After).
 * `completed` counts finished work (tests count with it).
 */
export interface WorkGate {
  run<T>(work: () => Promise<T>): Promise<T>;
  readonly completed: number;
  readonly running: number;
  readonly waiting: number;
}

export function createWorkGate(options: { concurrency: number; maxWaiting?: number; busy?: () => Error }): WorkGate {
  const { concurrency, maxWaiting = Infinity } = options;
  if (!(concurrency >= 1)) throw new Error(`a work gate needs concurrency ≥ 1 (got ${concurrency})`);
  let running = 0;
  let completed = 0;
  const queue: Array<() => void> = [];
  const release = (): void => {
    completed += 1;
    const next = queue.shift();
    if (next) next(); // the slot passes to the next in line
    else running -= 1;
  };
  return {
    get completed() {
      return completed;
    },
    get running() {
      return running;
    },
    get waiting() {
      return queue.length;
    },
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (running < concurrency) running += 1;
      else if (queue.length >= maxWaiting) throw (options.busy ?? (() => new Error('too much work is waiting')))();
      else await new Promise<void>((resolve) => queue.push(resolve));
      try {
        return await work();
      } finally {
        release();
      }
    },
  };
}
