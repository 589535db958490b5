/**
 * Group commit: concurrent callers whose writes would each take the audit lock
 * (platform/audit/audit-log.ts) one after the other are written together, in
 * one transaction per group, by a single loop per writer.
 *
 * - Idle, a call is written at once (after the current event-loop turn, so
 *   calls made in the same turn share the first group): no added latency.
 * - While a group is being written, new calls queue; the next group takes
 *   everything queued (up to `maxGroup`), so under load the cost of a
 *   transaction, the lock and its statements is shared by the whole group.
 * - Calls with the same `key` (e.g. the same job) never share a group: the
 *   second waits for the next one, so each group sees the effect of earlier
 *   calls of that key.
 * - If a group fails, each of its calls is retried alone, so one bad call
 *   fails only itself (and its caller retries it, as before).
 */
export interface GroupCommitOptions<I, R> {
  /** Writes a group (in one transaction) and returns one result per item, in order. */
  write(items: I[]): Promise<R[]>;
  /** Items with the same key go into different groups. */
  key(item: I): string;
  /** Most items per group (default 200). */
  maxGroup?: number;
}

interface Pending<I, R> {
  item: I;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/** Returns the function callers use instead of writing themselves. */
export function groupCommit<I, R>(options: GroupCommitOptions<I, R>): (item: I) => Promise<R> {
  const maxGroup = options.maxGroup ?? 200;
  let queue: Array<Pending<I, R>> = [];
  let draining = false;

  async function writeAlone(p: Pending<I, R>): Promise<void> {
    try {
      const [result] = await options.write([p.item]);
      p.resolve(result as R);
    } catch (error) {
      p.reject(error);
    }
  }

  async function drain(): Promise<void> {
    draining = true;
    try {
      while (queue.length > 0) {
        const group: Array<Pending<I, R>> = [];
        const keys = new Set<string>();
        const rest: Array<Pending<I, R>> = [];
        for (const p of queue) {
          const key = options.key(p.item);
          if (group.length < maxGroup && !keys.has(key)) {
            keys.add(key);
            group.push(p);
          } else {
            rest.push(p);
          }
        }
        queue = rest;
        if (group.length === 1) {
          await writeAlone(group[0]!);
          continue;
        }
        let results: R[] | undefined;
        try {
          results = await options.write(group.map((p) => p.item));
        } catch {
          // One bad item must not fail the others: each is written (or fails) on its own.
          for (const p of group) await writeAlone(p);
          continue;
        }
        group.forEach((p, i) => p.resolve(results[i] as R));
      }
    } finally {
      draining = false;
    }
  }

  return (item: I) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!draining) {
        draining = true;
        setImmediate(() => void drain());
      }
    });
}
