import { ApiError, toProblem } from './problem';
import { readToken, SESSION_EXPIRED_EVENT } from './session';
import { reportReachable, reportUnreachable } from './network-status';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

export function authHeaders(): Record<string, string> {
  const token = readToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

type WriteListener = (method: string, path: string) => void;
const writeListeners = new Set<WriteListener>();

/** Calls `listener` after every successful write (not GET) through {@link apiRequest}: the data layer invalidates what it changed. */
export function onApiWrite(listener: WriteListener): () => void {
  writeListeners.add(listener);
  return () => {
    writeListeners.delete(listener);
  };
}

/** Calls the API under `/api`; throws {@link ApiError} with the problem document on failure. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...authHeaders() };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let res: Response;
  try {
    res = await fetch(`/api${path}`, { method: options.method ?? 'GET', headers, body, signal: options.signal });
  } catch (error) {
    if (!options.signal?.aborted) reportUnreachable(); // no answer at all: the offline banner says so
    throw error;
  }
  reportReachable();
  const data = await readBody(res);
  if (!res.ok) {
    if (res.status === 401 && path !== '/auth/login') window.dispatchEvent(new Event(SESSION_EXPIRED_EVENT));
    throw new ApiError(res.status, toProblem(res.status, data, res.statusText));
  }
  const method = options.method ?? 'GET';
  if (method !== 'GET') for (const listener of [...writeListeners]) listener(method, path);
  return data as T;
}

/** The URL of a stored file's bytes; images need the token, so they are fetched as blobs (see use-file-url). */
export function fileContentPath(fileId: string): string {
  return `/api/files/${encodeURIComponent(fileId)}/content`;
}

/**
 * The URL of a stored file as a displayable image: passive images as stored, SVG and TIFF
 * rendered to PNG by the server, so no file's own markup ever runs in this origin.
 */
export function filePreviewPath(fileId: string): string {
  return `/api/files/${encodeURIComponent(fileId)}/preview`;
}
