import { clearMyDataCache } from './offline-cache';

const TOKEN_KEY = 'sop.token';

export function readToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function writeToken(token: string | null): void {
  // A new or ended session: the offline copy of the previous one's data goes (offline-cache.ts).
  // A read still in flight may store the previous person's answer after the first delete: delete again once it has landed.
  if (readToken() !== token) void clearMyDataCache().then(() => setTimeout(() => void clearMyDataCache(), 5_000));
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

/** Fired when the API answers 401: the app drops the session and shows the login page. */
export const SESSION_EXPIRED_EVENT = 'sop:session-expired';
