import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { SessionProvider } from '../features/auth/session-context';
import { LocaleProvider } from '../lib/i18n';
import { RouterProvider } from '../lib/router';

export const HQ = { id: 'o-hq', name: 'HQ', kind: 'internal' as const };
export const VENDOR_A = { id: 'o-va', name: 'Vendor A', kind: 'vendor' as const };

export function person(roles: string[], extra: Record<string, unknown> = {}) {
  const vendor = roles.includes('vendor');
  return { id: `u-${roles[0]}`, email: `${roles[0]}@demo.test`, name: `${roles[0]} person`, roles, orgId: vendor ? VENDOR_A.id : HQ.id, org: vendor ? VENDOR_A : HQ, locale: 'en', timezone: 'Asia/Shanghai', ...extra };
}

/** Renders `ui` signed in (a token in storage; the stubbed API answers /api/me), in English, with the router. */
export function renderWithSession(ui: ReactNode) {
  localStorage.setItem('sop.token', 'test-token');
  return render(
    <LocaleProvider locale="en">
      <RouterProvider initialPath="/settings">
        <SessionProvider>{ui}</SessionProvider>
      </RouterProvider>
    </LocaleProvider>,
  );
}
