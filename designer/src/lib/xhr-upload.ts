import { authHeaders } from './api-client';
import { ApiError, toProblem } from './problem';

/**
 * POSTs multipart `form` with XMLHttpRequest so upload progress can be shown
 * (fetch has no upload progress). `onProgress` gets 0..1.
 */
export function uploadWithProgress<T>(path: string, form: FormData, onProgress: (ratio: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api${path}`);
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
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
    xhr.onerror = () => reject(new ApiError(0, { title: 'Network error', detail: 'The upload did not reach the server.' }));
    xhr.send(form);
  });
}
