import { useEffect, useState } from 'react';
import { authHeaders, filePreviewPath } from './api-client';

/** An object URL for a stored file's preview image (fetched with the bearer token; never the file's own SVG), revoked on unmount. */
export function useFileUrl(fileId: string | undefined): { url?: string; failed: boolean } {
  return useImageUrl(fileId ? filePreviewPath(fileId) : undefined);
}

/** An object URL for the image an API path answers (fetched with the bearer token), revoked on unmount. */
export function useImageUrl(path: string | undefined): { url?: string; failed: boolean } {
  const [url, setUrl] = useState<string>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!path) return;
    let objectUrl: string | undefined;
    const controller = new AbortController();
    setFailed(false);
    fetch(path, { headers: authHeaders(), signal: controller.signal })
      .then(async (res) => {
        if (!res.ok) throw new Error(String(res.status));
        objectUrl = URL.createObjectURL(await res.blob());
        setUrl(objectUrl);
      })
      .catch(() => {
        if (!controller.signal.aborted) setFailed(true);
      });
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      setUrl(undefined);
    };
  }, [path]);
  return { url, failed };
}
