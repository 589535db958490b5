/**
 * The retrying HTTP client of the fault drills (the chaos run, scripts/chaos/,
 * and the kill drill, tests/integration/npm-start-kills.test.ts): round-robins
 * over the product's API processes and retries a request until the product
 * answers for real. Connection errors (the API process was killed), 5xx, 408,
 * 425, 429 and 409 idempotency-in-progress are retried on the next API with the
 * same Idempotency-Key, after a backoff that grows to at most 2 s, so a write a
 * dead process had begun is finished or joined, never done twice. Every 5xx is
 * kept (time, API, route) for the chaos run's verify.ts to judge against the
 * faults' windows.
 */

export interface ServerError {
  at: number;
  port: number;
  method: string;
  path: string;
  status: number;
}

export interface ApiAnswer {
  status: number;
  body: any;
}

export interface RequestBody {
  json?: unknown;
  /** Made again for each attempt (a FormData body is consumed by a send). */
  form?: () => FormData;
}

/** The status the client records when no answer came (refused, reset or timed out). */
export const NO_ANSWER = 0;

/** Answers that mean "later" (408, 425, 429: the API does not remember them under the key, api/http/idempotency.ts). */
const LATER = new Set([408, 425, 429]);

/**
 * Whether an answer is "not yet" rather than the product's answer: no answer at
 * all, a 5xx, a 408/425/429, or 409 idempotency-in-progress (another process is
 * still running the request under the same key). Any other 4xx is the answer.
 */
export function shouldRetry(status: number, body: unknown): boolean {
  if (status === NO_ANSWER || status >= 500 || LATER.has(status)) return true;
  return status === 409 && (body as { type?: unknown } | null)?.type === 'urn:sop:problem:idempotency-in-progress';
}

/** The wait before retry `attempt` (1, 2, …) in milliseconds: 200 ms more each time, at most 2 s. */
export function backoffMs(attempt: number): number {
  return Math.min(2000, 200 * attempt);
}

export interface RetryingClientOptions {
  /** A request not answered for real within this long throws (default 300 s). */
  timeoutMs?: number;
  /** One attempt's time limit (default 60 s); a timed-out attempt counts as no answer. */
  attemptTimeoutMs?: number;
  /** The host the API ports are on (default 127.0.0.1). */
  host?: string;
}

export class RetryingClient {
  private next = 0;
  readonly serverErrors: ServerError[] = [];
  readonly answersByStatus: Record<string, number> = {};
  retries = 0;
  /** Set when the run is over: a request in its retry loop throws instead of trying again. */
  stopped = false;
  private readonly timeoutMs: number;
  private readonly attemptTimeoutMs: number;
  private readonly host: string;

  constructor(
    readonly ports: number[],
    options: RetryingClientOptions = {},
  ) {
    if (ports.length === 0) throw new Error('RetryingClient needs at least one API port');
    this.timeoutMs = options.timeoutMs ?? 300_000;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 60_000;
    this.host = options.host ?? '127.0.0.1';
  }

  /** One request, retried (same Idempotency-Key `key`) while `shouldRetry` says so; throws when stopped or out of time. */
  async call(method: string, url: string, token: string | undefined, body: RequestBody = {}, key?: string): Promise<ApiAnswer> {
    const deadline = Date.now() + this.timeoutMs;
    for (let attempt = 0; ; attempt += 1) {
      if (this.stopped) throw new Error('the run is over');
      if (attempt > 0) {
        this.retries += 1;
        if (Date.now() > deadline) throw new Error(`${method} ${url} got no answer within ${this.timeoutMs / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
      }
      const port = this.ports[this.next++ % this.ports.length]!;
      let status = NO_ANSWER;
      let answer: any = null;
      try {
        const res = await fetch(`http://${this.host}:${port}${url}`, {
          method,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(key ? { 'idempotency-key': key } : {}),
            ...(body.json !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          body: body.json !== undefined ? JSON.stringify(body.json) : body.form?.(),
          signal: AbortSignal.timeout(this.attemptTimeoutMs),
        });
        status = res.status;
        answer = await res.json().catch(() => null);
      } catch {
        status = NO_ANSWER; // refused or reset: the API process died, or the answer timed out
      }
      this.answersByStatus[status] = (this.answersByStatus[status] ?? 0) + 1;
      if (status >= 500) this.serverErrors.push({ at: Date.now(), port, method, path: url.split('?')[0]!, status });
      if (shouldRetry(status, answer)) continue;
      return { status, body: answer };
    }
  }

  async login(email: string, password: string): Promise<string> {
    const res = await this.call('POST', '/api/auth/login', undefined, { json: { email, password } });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  }
}
