import { authHeaders } from './api-client';
import { reportReachable, reportWaitingUpload, whenOnline } from './network-status';
import { ApiError, toProblem } from './problem';

export interface UploadOptions {
  /** True while the upload waits for the connection to return (kept in memory), false when it is sent again. */
  onWaiting?: (waiting: boolean) => void;
}

/** No answer at all (the connection dropped): the only failure an upload is retried after. */
class NoAnswer extends Error {}

/** 128 random bits as hex (crypto.randomUUID needs a secure context; a plain-http intranet install has none). */
function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `upload-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function sendOnce<T>(path: string, form: FormData, onProgress: (ratio: number) => void, key: string, headers: Record<string, string>): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api${path}`);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('Idempotency-Key', key);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      reportReachable();
      let body: unknown = xhr.responseText;
      try {
        body = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : undefined;
      } catch {
        /* not JSON: keep the text */
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as T);
      } else reject(new ApiError(xhr.status, toProblem(xhr.status, body, xhr.statusText)));
    };
    xhr.onerror = () => reject(new NoAnswer());
    xhr.send(form);
  });
}

/**
 * POSTs multipart `form` with XMLHttpRequest so upload progress can be shown
 * (fetch has no upload progress). `onProgress` gets 0..1.
 *
 * On a phone the connection comes and goes: when the request gets no answer
 * while the browser is offline, the form (with its files) stays in memory and
 * is sent again at the `online` event, as often as that happens, under the
 * same `Idempotency-Key`, so a first attempt that did reach the server is
 * answered again rather than submitted twice (api/http/idempotency.ts). The
 * offline banner shows the waiting upload (network-status.ts). No answer
 * while online rejects at once (status 0), as before.
 */
export async function uploadWithProgress<T>(path: string, form: FormData, onProgress: (ratio: number) => void, options: UploadOptions = {}): Promise<T> {
  const key = newIdempotencyKey();
  // The session of the person who pressed "submit": a retry never goes out as whoever is signed in later.
  const auth = authHeaders();
  for (;;) {
    try {
      return await sendOnce<T>(path, form, onProgress, key, auth);
    } catch (error) {
      if (!(error instanceof NoAnswer)) throw error;
      if (navigator.onLine !== false) throw new ApiError(0, { title: 'Network error', detail: 'The upload did not reach the server.' });
    }
    reportWaitingUpload(1);
    options.onWaiting?.(true);
    try {
      await whenOnline();
      if (authHeaders().Authorization !== auth.Authorization) throw new ApiError(401, { title: 'Signed out', detail: 'The upload was dropped: the person who started it signed out.' });
    } finally {
      reportWaitingUpload(-1);
      options.onWaiting?.(false);
    }
    onProgress(0);
  }
}
