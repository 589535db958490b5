import { QueryClientContext } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { apiRequest } from '../../lib/api-client';
import { createQueryClient } from '../../lib/query-client';
import { QueryProvider } from '../../lib/query-provider';
import type { AccountRole, Me } from '../../lib/api-types';
import { readToken, SESSION_EXPIRED_EVENT, writeToken } from '../../lib/session';
import { browserZone } from '../../lib/time';

interface SessionState {
  me: Me | null;
  /** True until the stored token has been checked against `/api/me`. */
  checking: boolean;
  /** The API ended the session (401: expired, revoked, or the account was disabled); the login page says so. */
  ended: boolean;
  /** The viewer's IANA zone: the profile's, else the browser's. */
  zone: string;
  login: (email: string, password: string) => Promise<void>;
  logout: () => void;
  /** Starts a session from a token obtained elsewhere (an accepted invitation). */
  adopt: (token: string) => Promise<void>;
  /**
   * Applies a change of the person's own time zone or language at once (from the preferences the API
   * just answered with): `/api/me` may serve the previous values for a moment (the API caches sessions).
   */
  updateMe: (patch: Partial<Pick<Me, 'timezone' | 'locale'>>) => void;
}

const SessionContext = createContext<SessionState | null>(null);

/**
 * The signed-in person. The query cache belongs to the session: when the person signs
 * out (or the session ends) every cached read is dropped, so nothing one person saw is
 * shown to the next. Mounted without the app's QueryProvider (a component test), it
 * provides a fresh cache of its own.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const outer = useContext(QueryClientContext);
  const [own] = useState(() => (outer ? undefined : createQueryClient()));
  const client = outer ?? own!;
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(() => readToken() !== null);
  const [ended, setEnded] = useState(false);

  useEffect(() => {
    if (!readToken()) return;
    apiRequest<Me>('/me')
      .then(setMe)
      .catch(() => writeToken(null))
      .finally(() => setChecking(false));
  }, []);

  useEffect(() => {
    const onExpired = () => {
      writeToken(null);
      setMe(null);
      setEnded(true);
    };
    window.addEventListener(SESSION_EXPIRED_EVENT, onExpired);
    return () => window.removeEventListener(SESSION_EXPIRED_EVENT, onExpired);
  }, []);

  const login = useCallback(async (email: string, password: string) => {
    const res = await apiRequest<{ token: string; user?: Me }>('/auth/login', { method: 'POST', body: { email, password } });
    writeToken(res.token);
    setMe(await apiRequest<Me>('/me'));
    setEnded(false);
  }, []);

  const logout = useCallback(() => {
    // Revoke the token server-side; the local session ends either way.
    apiRequest('/auth/logout', { method: 'POST' })
      .catch(() => undefined)
      .finally(() => {
        writeToken(null);
        setMe(null);
        setEnded(false);
      });
  }, []);

  const adopt = useCallback(async (token: string) => {
    writeToken(token);
    setMe(await apiRequest<Me>('/me'));
    setEnded(false);
  }, []);

  // After the screens of the previous person have gone (this runs after the commit), forget what they read.
  const userId = me?.id ?? null;
  const shownUser = useRef<string | null>(null);
  useEffect(() => {
    if (shownUser.current !== null && shownUser.current !== userId) {
      void client.cancelQueries();
      client.clear();
    }
    shownUser.current = userId;
  }, [client, userId]);

  const updateMe = useCallback((patch: Partial<Pick<Me, 'timezone' | 'locale'>>) => {
    setMe((m) => (m && (Object.keys(patch) as Array<keyof typeof patch>).some((k) => m[k] !== patch[k]) ? { ...m, ...patch } : m));
  }, []);

  const value = useMemo<SessionState>(
    () => ({ me, checking, ended, zone: me?.timezone || browserZone(), login, logout, adopt, updateMe }),
    [me, checking, ended, login, logout, adopt, updateMe],
  );
  const provided = <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
  return own ? <QueryProvider client={own}>{provided}</QueryProvider> : provided;
}

export function useSession(): SessionState {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

export function hasRole(me: Me | null, ...roles: AccountRole[]): boolean {
  return !!me && me.roles.some((r) => roles.includes(r));
}

/** A vendor account: sees only the vendor portal. */
export function isVendor(me: Me | null): boolean {
  return !!me && (me.org.kind === 'vendor' || (me.roles.length > 0 && me.roles.every((r) => r === 'vendor')));
}
