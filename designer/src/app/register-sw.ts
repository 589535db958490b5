/**
 * Registers the service worker the build generates (/sw.js, see
 * designer/pwa-options.ts) with workbox-window: the app shell is then
 * precached and the caller's task list readable offline. Built UIs only (the
 * dev server, mode `development`, serves no worker; a build's `PROD` follows
 * NODE_ENV, which tests set), and only where the browser has service workers
 * (a secure context: https or localhost).
 */
import { Workbox } from 'workbox-window';

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.MODE === 'development') return;
  const wb = new Workbox('/sw.js', { scope: '/' });
  wb.register().catch(() => undefined);
}
