import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { onApiWrite } from './api-client';
import { createQueryClient } from './query-client';
import { invalidateScopes, scopesForWrite } from './query-scopes';

/**
 * Provides the UI's query cache (one per app, or the given `client`) and keeps it
 * honest about the app's own writes: after a successful POST/PUT/PATCH/DELETE the
 * reads it affects are invalidated (query-scopes), so every page showing them updates.
 */
export function QueryProvider({ client, children }: { client?: QueryClient; children: ReactNode }) {
  const [own] = useState(() => client ?? createQueryClient());
  const active = client ?? own;
  useEffect(() => onApiWrite((method, path) => void invalidateScopes(active, scopesForWrite(method, path))), [active]);
  return <QueryClientProvider client={active}>{children}</QueryClientProvider>;
}
