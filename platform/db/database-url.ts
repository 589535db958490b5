/**
 * Which database a process of the product uses: `DATABASE_URL` when set;
 * otherwise the embedded server of `DATA_DIR` (its credentials file), which
 * `npm start` runs. Commands that can run while the product is stopped
 * (backup, restore, sop-admin) start that server themselves
 * (platform/db/embedded-postgres-server.ts).
 */
import fs from 'node:fs';
import type { AppConfig } from '../config';
import { clusterExists, connectionUrl, layoutFor, type EmbeddedPostgresCredentials } from './embedded-postgres';

/** Thrown when neither DATABASE_URL nor an embedded cluster exists. */
export class NoDatabaseError extends Error {
  override readonly name = 'NoDatabaseError';
}

/** The embedded server's URL for `dataDir`, if its cluster exists (running or not). */
export function embeddedDatabaseUrl(dataDir: string): string | undefined {
  const layout = layoutFor(dataDir);
  if (!clusterExists(layout.clusterDir) || !fs.existsSync(layout.credentialsFile)) return undefined;
  return connectionUrl(JSON.parse(fs.readFileSync(layout.credentialsFile, 'utf8')) as EmbeddedPostgresCredentials);
}

/** DATABASE_URL, or the embedded server's URL; throws {@link NoDatabaseError} when there is neither. */
export function resolveDatabaseUrl(config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>): string {
  if (config.databaseUrl) return config.databaseUrl;
  const embedded = embeddedDatabaseUrl(config.dataDir);
  if (embedded) return embedded;
  throw new NoDatabaseError(
    `No database: DATABASE_URL is not set and ${config.dataDir} holds no embedded PostgreSQL cluster. ` +
      'Run "npm start" (it creates and runs the embedded server), or set DATABASE_URL=postgres://…',
  );
}
