/** An RFC 9457 problem document as the API sends it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  /** Field errors; `messages` (both languages) when the server localises them (form answers, job fields). */
  errors?: Array<{ path?: string; message: string; code?: string; messages?: { en: string; 'zh-CN': string } }>;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

export function toProblem(status: number, body: unknown, statusText: string): Problem {
  if (body && typeof body === 'object') {
    const b = body as Problem;
    if (b.title || b.detail || b.errors) return { ...b, status: b.status ?? status };
  }
  return { status, title: statusText || `HTTP ${status}`, detail: typeof body === 'string' && body ? body.slice(0, 300) : undefined };
}

/** A readable problem for anything thrown (network errors included). */
export function problemOf(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  if (error instanceof Error) return { title: error.message };
  return { title: String(error) };
}
