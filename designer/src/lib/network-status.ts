/**
 * Whether the app can reach the server, for the offline banner: the
 * browser's own `navigator.onLine` and its `online`/`offline` events, API
 * requests that failed without an answer (api-client.ts reports them; the
 * next answered request clears it) and uploads waiting for the connection
 * (xhr-upload.ts). A tiny store with `useSyncExternalStore`.
 */
import { useSyncExternalStore } from 'react';

export interface NetworkStatus {
  /** The browser says it has no network. */
  offline: boolean;
  /** The last API request got no answer (server or network down) and none answered since. */
  unreachable: boolean;
  /** Uploads kept in memory until the connection returns. */
  waitingUploads: number;
}

const listeners = new Set<() => void>();
let status: NetworkStatus = { offline: typeof navigator !== 'undefined' && navigator.onLine === false, unreachable: false, waitingUploads: 0 };

function update(patch: Partial<NetworkStatus>): void {
  const next = { ...status, ...patch };
  if (next.offline === status.offline && next.unreachable === status.unreachable && next.waitingUploads === status.waitingUploads) return;
  status = next;
  for (const l of [...listeners]) l();
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => update({ offline: false, unreachable: false }));
  window.addEventListener('offline', () => update({ offline: true }));
}

export const networkStatus = (): NetworkStatus => status;
/** An API request got no answer. */
export const reportUnreachable = (): void => update({ unreachable: true });
/** An API request was answered (any status). */
export const reportReachable = (): void => update({ unreachable: false });
/** An upload starts (+1) or stops (-1) waiting for the connection. */
export const reportWaitingUpload = (delta: 1 | -1): void => update({ waitingUploads: Math.max(0, status.waitingUploads + delta) });

/** Re-reads `navigator.onLine` (tests, and after the page was hidden a long time). */
export const recheckOnline = (): void => update({ offline: navigator.onLine === false });

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useNetworkStatus(): NetworkStatus {
  return useSyncExternalStore(subscribe, networkStatus, networkStatus);
}

/** Resolves at the next `online` event (at once when the browser is already online again). */
export function whenOnline(): Promise<void> {
  return new Promise((resolve) => {
    window.addEventListener('online', () => resolve(), { once: true });
    if (navigator.onLine) resolve();
  });
}
