/**
 * The chaos run's HTTP client: round-robins over the cluster's API processes
 * and retries a request until the product answers for real. Connection errors
 * (the API process was killed), 5xx, 429 and 409 idempotency-in-progress are
 * retried on the next API with the same Idempotency-Key, so a write the dead
 * process had begun is finished or joined, never done twice. Every 5xx is kept
 * (time, API, route) for verify.ts to judge against the faults' windows.
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

export class ApiClient {
  private next = 0;
  readonly serverErrors: ServerError[] = [];
  readonly answersByStatus: Record<string, number> = {};
  retries = 0;
  stopped = false;

  constructor(
    readonly ports: number[],
    private readonly timeoutMs = 300_000,
  ) {}

  /** One request, retried (same Idempotency-Key) until an answer that is neither a network error, 5xx, 429 nor in-progress. */
  async call(method: string, url: string, token: string | undefined, body: RequestBody = {}, key?: string): Promise<ApiAnswer> {
    const deadline = Date.now() + this.timeoutMs;
    for (let attempt = 0; ; attempt += 1) {
      if (this.stopped) throw new Error('the chaos run is over');
      if (attempt > 0) {
        this.retries += 1;
        if (Date.now() > deadline) throw new Error(`${method} ${url} got no answer within ${this.timeoutMs / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 200 * attempt)));
      }
      const port = this.ports[this.next++ % this.ports.length]!;
      let status = 0;
      let answer: any = null;
      try {
        const res = await fetch(`http://127.0.0.1:${port}${url}`, {
          method,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(key ? { 'idempotency-key': key } : {}),
            ...(body.json !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          body: body.json !== undefined ? JSON.stringify(body.json) : body.form?.(),
          signal: AbortSignal.timeout(60_000),
        });
        status = res.status;
        answer = await res.json().catch(() => null);
      } catch {
        status = 0; // refused or reset: the API process died, or the answer timed out
      }
      this.answersByStatus[status] = (this.answersByStatus[status] ?? 0) + 1;
      if (status >= 500) this.serverErrors.push({ at: Date.now(), port, method, path: url.split('?')[0]!, status });
      // 429 (uploads-in-flight: the organisation's upload slots on that API are taken while S3 restarts) is "later"
      // too: the API does not remember it under the key (api/http/idempotency.ts), so the same key is tried again.
      if (status === 0 || status >= 500 || status === 429 || (status === 409 && answer?.type === 'urn:sop:problem:idempotency-in-progress')) continue;
      return { status, body: answer };
    }
  }

  async login(email: string, password: string): Promise<string> {
    const res = await this.call('POST', '/api/auth/login', undefined, { json: { email, password } });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  }
}
