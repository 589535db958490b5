/**
 * A small work gate in front of argon2: at most `concurrency` hashes or
 * verifications run at once (each takes ~19 MiB and a core for ~60 ms), the
 * rest wait in line; when `maxWaiting` are already waiting the request is
 * refused with 503 and Retry-After instead of piling up memory.
 * `completed` counts finished password operations (tests count checks with it).
 */
import os from 'node:os';
import { createWorkGate } from '../../platform/work-gate';
import { HttpProblem } from '../http/problem';

export interface PasswordGate {
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Password operations finished through this gate. */
  readonly completed: number;
}

export function createPasswordGate(concurrency = Math.max(1, Math.min(4, os.availableParallelism())), maxWaiting = 200): PasswordGate {
  return createWorkGate({
    concurrency,
    maxWaiting,
    busy: () => new HttpProblem(503, 'busy', 'Service unavailable', 'Too many password checks are waiting; try again in a moment.', undefined, { 'Retry-After': '2' }),
  });
}
