/**
 * The OpenAPI document without a running server: built from the route list
 * with inert dependencies (route factories only keep them for their handlers,
 * which are never called here). `npm run gen:api-types` turns it into the UI's
 * types (designer/src/lib/api-schema.d.ts).
 */
import { apiRoutes } from './app';
import type { AppDeps } from './deps';
import { openApiDocument } from './http/openapi';
import type { RouteDef } from './http/route';

const INERT_DEPS = { db: { prisma: {} }, temporal: { client: {} }, config: {} } as unknown as AppDeps;

/** Every route as declared; calling a handler of these fails (no database, no engine). */
export const declaredRoutes = (): RouteDef[] => apiRoutes(INERT_DEPS);

export function offlineOpenApiDocument(serverUrl = 'http://localhost:3000'): Record<string, unknown> {
  return openApiDocument(declaredRoutes(), serverUrl);
}
