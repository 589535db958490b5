/**
 * The service worker keeps the caller's own data (who is logged in, their
 * task list) readable offline in one cache (designer/pwa-options.ts). It is
 * deleted whenever the session token changes hands (login, logout, expiry),
 * so nothing of one person stays on a shared phone for the next.
 */
export const MY_DATA_CACHE = 'sop-my-data';

export async function clearMyDataCache(): Promise<void> {
  if (typeof caches === 'undefined') return;
  try {
    await caches.delete(MY_DATA_CACHE);
  } catch {
    /* storage unavailable (private mode): nothing cached either */
  }
}
