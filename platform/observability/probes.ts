/**
 * Liveness and readiness (docs/OPERATIONS.md): `/livez` answers 200 while the
 * process runs (restart it when it does not); `/readyz` answers 200 when the
 * database and Temporal answer within 3 s and the process is not shutting
 * down, 503 otherwise (take it out of the load balancer, do not restart it).
 * Status words only: why a part is down goes to the log.
 */
export type PartState = 'ok' | 'down';

export interface Readiness {
  status: 'ready' | 'not-ready';
  db: PartState;
  temporal: PartState;
  /** Present while the process drains before stopping. */
  draining?: true;
}

export interface ReadinessProbes {
  db: () => Promise<unknown>;
  temporal: () => Promise<unknown>;
  /** True once shutdown has begun. */
  draining?: () => boolean;
  log?: (line: string) => void;
}

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export async function readiness(probes: ReadinessProbes, timeoutMs = 3000): Promise<Readiness> {
  const probe = (part: string, work: () => Promise<unknown>): Promise<PartState> =>
    within(timeoutMs, Promise.resolve().then(work)).then(
      () => 'ok' as const,
      (error: Error) => {
        probes.log?.(`readiness: ${part} down (${error?.message?.split('\n')[0] ?? String(error)})`);
        return 'down' as const;
      },
    );
  const [db, temporal] = await Promise.all([probe('database', probes.db), probe('temporal', probes.temporal)]);
  const draining = probes.draining?.() === true;
  return { status: db === 'ok' && temporal === 'ok' && !draining ? 'ready' : 'not-ready', db, temporal, ...(draining ? { draining: true as const } : {}) };
}
