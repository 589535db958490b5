/**
 * The installable app (vite-plugin-pwa, generateSW): the web app manifest, a
 * service worker that precaches the app shell (the built files), answers
 * navigations with the shell, and keeps the caller's own data readable
 * offline: GET /api/me (who is logged in, so the shell opens) and
 * GET /api/me/tasks (the vendor's task list), NetworkFirst: from the
 * network when it answers, from the cache otherwise. Those entries are keyed
 * by a hash of the request's Authorization header, so one person's cached
 * list is never answered to another session on the same device, and the UI
 * deletes the cache at logout (designer/src/lib/offline-cache.ts). Nothing
 * else under /api is cached. Registered by designer/src/app/register-sw.ts
 * (no inline script: the API's CSP allows none).
 */
import type { VitePWAOptions } from 'vite-plugin-pwa';
import { MY_DATA_CACHE } from './src/lib/offline-cache';

export const THEME_COLOUR = '#4f46e5';

export const pwaOptions: Partial<VitePWAOptions> = {
  registerType: 'autoUpdate',
  injectRegister: false,
  manifestFilename: 'manifest.webmanifest',
  includeAssets: ['icons/apple-touch-icon-180.png'],
  manifest: {
    id: '/',
    name: '外发跟进',
    short_name: '外发跟进',
    description: '外发任务跟进：任务、提交、审核 · Outsourced job follow-up: tasks, submissions, reviews',
    lang: 'zh-CN',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    orientation: 'any',
    theme_color: THEME_COLOUR,
    background_color: '#ffffff',
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{js,css,html,png,svg,ico,webmanifest}'],
    maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
    cleanupOutdatedCaches: true,
    clientsClaim: true,
    skipWaiting: true,
    navigateFallback: '/index.html',
    navigateFallbackDenylist: [/^\/api\//],
    runtimeCaching: [
      {
        urlPattern: ({ url, request }) => request.method === 'GET' && (url.pathname === '/api/me' || url.pathname === '/api/me/tasks'),
        handler: 'NetworkFirst',
        options: {
          cacheName: MY_DATA_CACHE,
          networkTimeoutSeconds: 8,
          cacheableResponse: { statuses: [200] },
          expiration: { maxEntries: 20, maxAgeSeconds: 14 * 24 * 3600 },
          plugins: [
            {
              // One entry per session: the URL plus a hash of the bearer token (the token itself is never stored as a key).
              cacheKeyWillBeUsed: async ({ request }) => {
                const token = request.headers.get('Authorization') || '';
                const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
                const viewer = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
                const url = new URL(request.url);
                url.searchParams.set('__viewer', viewer);
                return url.href;
              },
            },
          ],
        },
      },
    ],
  },
};
