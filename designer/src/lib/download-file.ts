import { authHeaders, fileContentPath } from './api-client';
import { ApiError, toProblem } from './problem';

/**
 * Downloads a stored file under `name`: its bytes are fetched with the bearer
 * token (a plain link would carry none) and saved through a temporary object URL.
 */
export async function downloadStoredFile(fileId: string, name: string): Promise<void> {
  await downloadUrl(fileContentPath(fileId), name);
}

/** Downloads what an API URL answers (an export) under `name`, with the bearer token. */
export async function downloadUrl(source: string, name: string): Promise<void> {
  const res = await fetch(source, { headers: authHeaders() });
  if (!res.ok) throw new ApiError(res.status, toProblem(res.status, undefined, res.statusText));
  const url = URL.createObjectURL(await res.blob());
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.rel = 'noopener';
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
