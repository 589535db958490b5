import { useEffect } from 'react';
import { Loading } from '../components/empty-state';
import { ForgotPasswordPage } from '../features/auth/forgot-password-page';
import { InvitePage } from '../features/auth/invite-page';
import { ResetPasswordPage } from '../features/auth/reset-password-page';
import { LoginPage } from '../features/auth/login-page';
import { SessionProvider, useSession } from '../features/auth/session-context';
import { LocaleProvider, useLocale } from '../lib/i18n';
import { LiveEventsProvider } from '../lib/live-events';
import { LiveQuerySync } from '../lib/live-query-sync';
import { QueryProvider } from '../lib/query-provider';
import { matchPath, RouterProvider, useRouter } from '../lib/router';
import { AppRoutes } from './app-routes';
import { AppShell } from './app-shell';
import { useShellT } from './shell-messages';

function Gate() {
  const t = useShellT();
  const { me, checking } = useSession();
  const { locale } = useLocale();
  const { path } = useRouter();
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const invite = matchPath('/invite/:token', path);
  const reset = matchPath('/reset-password/:token', path);
  if (checking) return <Loading label={t('loading')} />;
  if (!me && invite) return <InvitePage token={invite.token as string} />;
  if (reset) return <ResetPasswordPage token={reset.token as string} />;
  if (!me && path === '/forgot-password') return <ForgotPasswordPage />;
  if (!me) return <LoginPage />;
  return (
    <LiveEventsProvider>
      <LiveQuerySync />
      <AppShell>
        <AppRoutes />
      </AppShell>
    </LiveEventsProvider>
  );
}

/** The app: one query cache (cleared when the signed-in person changes), locale, router, session. */
export function App() {
  return (
    <QueryProvider>
      <LocaleProvider>
        <RouterProvider>
          <SessionProvider>
            <Gate />
          </SessionProvider>
        </RouterProvider>
      </LocaleProvider>
    </QueryProvider>
  );
}
