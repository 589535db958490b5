import type { QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { LiveEventsProvider } from '../lib/live-events';
import { LiveQuerySync } from '../lib/live-query-sync';
import { createQueryClient } from '../lib/query-client';
import { QueryProvider } from '../lib/query-provider';

/** A `renderHook` wrapper with a fresh query cache (and, with `live`, the event stream feeding it, as in the app). */
export function queryWrapper(options: { live?: boolean; client?: QueryClient } = {}) {
  const client = options.client ?? createQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryProvider client={client}>
      {options.live ? (
        <LiveEventsProvider>
          <LiveQuerySync />
          {children}
        </LiveEventsProvider>
      ) : (
        children
      )}
    </QueryProvider>
  );
  return { client, wrapper };
}
