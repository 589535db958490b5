/**
 * For commands that work on the product's database whether or not the
 * product runs (`npm run db:migrate`, `npm run backup`, `npm run restore`,
 * `sop-admin`): with DATABASE_URL they use it; with the embedded default they
 * use the server `npm start` runs, or — when the product is stopped — take
 * the data directory's lock and run the embedded server themselves for the
 * length of the command.
 */
import type { AppConfig } from '../config';
import { DataDirLockedError, lockDataDir } from '../process/data-dir-lock';
import { embeddedDatabaseUrl } from './database-url';
import { runEmbeddedPostgres } from './embedded-postgres-server';

export interface WithDatabaseOptions {
  log: (line: string) => void;
  /** Refuse while `npm start` runs on the data directory (a restore must not run under a live product). */
  requireStopped?: boolean;
}

/** Thrown when the command needs the product stopped and `npm start` runs. */
export class ProductRunningError extends Error {
  override readonly name = 'ProductRunningError';
}

export async function withDatabaseUrl<T>(config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>, options: WithDatabaseOptions, work: (url: string) => Promise<T>): Promise<T> {
  if (config.databaseUrl) return work(config.databaseUrl);
  let lock;
  try {
    lock = await lockDataDir(config.dataDir);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    if (options.requireStopped) throw new ProductRunningError(`${error.message.replace(/\. Stop it first.*$/, '')}: stop it first (Ctrl-C), then run this again.`);
    const url = embeddedDatabaseUrl(config.dataDir);
    if (!url) throw new Error(`npm start runs on ${config.dataDir} but its database is not there yet: wait until it has started`);
    return work(url);
  }
  try {
    const server = await runEmbeddedPostgres({ dataDir: config.dataDir, log: options.log });
    try {
      return await work(server.url());
    } finally {
      await server.stop();
    }
  } finally {
    await lock.release();
  }
}
