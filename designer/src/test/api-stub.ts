import { vi } from 'vitest';

export interface ApiCall {
  method: string;
  url: string;
  body: unknown;
}

type Answer = { status?: number; body?: unknown } | undefined;

/**
 * Replaces fetch with `answer(method, url, body)`: JSON for 2xx, problem+json for errors,
 * a 404 problem when it returns undefined. Returns every call, in order.
 */
export function stubApi(answer: (method: string, url: string, body: unknown) => Answer): ApiCall[] {
  const calls: ApiCall[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
      calls.push({ method, url, body });
      const a = answer(method, url, body) ?? { status: 404, body: { title: 'Not Found', status: 404, detail: `${method} ${url}` } };
      const status = a.status ?? 200;
      if (status === 204) return new Response(null, { status });
      return new Response(JSON.stringify(a.body ?? {}), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
    }),
  );
  return calls;
}

/** The calls that changed something (not GETs). */
export function writes(calls: ApiCall[]): ApiCall[] {
  return calls.filter((c) => c.method !== 'GET');
}
