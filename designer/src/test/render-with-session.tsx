import { render } from '@testing-library/react';
import type { QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { SessionProvider } from '../features/auth/session-context';
import { LocaleProvider } from '../lib/i18n';
import { createQueryClient } from '../lib/query-client';
import { QueryProvider } from '../lib/query-provider';
import { RouterProvider } from '../lib/router';

export const HQ = { id: 'o-hq', name: 'HQ', kind: 'internal' as const };
export const VENDOR_A = { id: 'o-va', name: 'Vendor A', kind: 'vendor' as const };

export function person(roles: string[], extra: Record<string, unknown> = {}) {
  const vendor = roles.includes('vendor');
  return { id: `u-${roles[0]}`, email: `${roles[0]}@demo.test`, name: `${roles[0]} person`, roles, orgId: vendor ? VENDOR_A.id : HQ.id, org: vendor ? VENDOR_A : HQ, locale: 'en', timezone: 'Asia/Shanghai', ...extra };
}

/**
 * Renders `ui` signed in (a token in storage; the stubbed API answers /api/me), in English, with the router
 * and a fresh query cache (returned as `queryClient`), so no test reads another's cached answers.
 */
export function renderWithSession(ui: ReactNode, queryClient: QueryClient = createQueryClient()) {
  localStorage.setItem('sop.token', 'test-token');
  const wrapped = (node: ReactNode) => (
    <QueryProvider client={queryClient}>
      <LocaleProvider locale="en">
        <RouterProvider initialPath="/settings">
          <SessionProvider>{node}</SessionProvider>
        </RouterProvider>
      </LocaleProvider>
    </QueryProvider>
  );
  const view = render(wrapped(ui));
  /** Renders `node` in place of `ui`, inside the same providers and query cache. */
  const rerenderWithSession = (node: ReactNode) => view.rerender(wrapped(node));
  return { ...view, queryClient, rerenderWithSession };
}
