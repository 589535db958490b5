/**
 * Runs the embedded PostgreSQL server as a supervised service: the cluster is
 * created on first use, a server left running by a killed supervisor is
 * stopped first, the port is kept from start to start (chosen anew only when
 * something else took it), and the product's database exists when this
 * resolves. The service restarts the server if it dies (WAL redo brings back
 * every committed row). Used by `npm start`, the backup and restore commands
 * when the product is stopped, and the test suite.
 */
import fs from 'node:fs';
import path from 'node:path';
import { freePort, isListening } from '../net';
import { Service, type ServiceHooks } from '../process/supervised';
import {
  connectionUrl,
  ensureDatabase,
  initCluster,
  layoutFor,
  loadCredentials,
  postgresBinaries,
  saveCredentials,
  serverCommand,
  stopLeftoverServer,
  waitForPostgres,
  type EmbeddedPostgresCredentials,
} from './embedded-postgres';

export interface RunEmbeddedPostgresOptions {
  /** The product's data directory (the cluster is `<dataDir>/postgres`). */
  dataDir: string;
  /** Throwaway clusters only (tests): fsync and friends off. */
  unsafeFast?: boolean;
  log: (line: string) => void;
  /** Where the supervisor records the server's process (cleanup after a supervisor crash). */
  record?: ServiceHooks['record'];
}

export interface RunningPostgres {
  credentials: EmbeddedPostgresCredentials;
  /** URL of a database on the server (default: the product's). */
  url(database?: string): string;
  service: Service;
  stop(): Promise<void>;
}

/** Starts (creating on first use) the embedded server of `dataDir` and resolves once the product's database exists. */
export async function runEmbeddedPostgres(options: RunEmbeddedPostgresOptions): Promise<RunningPostgres> {
  const layout = layoutFor(options.dataDir);
  const { version } = postgresBinaries();
  await stopLeftoverServer(layout.clusterDir, options.log);
  let credentials = loadCredentials(layout, await freePort());
  if (await isListening(credentials.port)) {
    credentials = { ...credentials, port: await freePort() };
    saveCredentials(layout, credentials);
  }
  if (initCluster(layout.clusterDir, credentials).created) options.log(`created a PostgreSQL ${version} cluster in ${layout.clusterDir}`);
  const command = serverCommand({ clusterDir: layout.clusterDir, port: credentials.port, unsafeFast: options.unsafeFast });
  const service = new Service(
    {
      name: 'PostgreSQL',
      program: { kind: 'native', command: command.command, args: command.args, uid: command.uid, gid: command.gid, stopSignal: 'SIGINT', logFile: layout.logFile },
      env: { ...process.env, LC_ALL: 'C' },
      graceMs: 30_000,
      ready: (isDead) => waitForPostgres(credentials, 60_000, isDead),
    },
    {
      projectRoot: path.resolve(__dirname, '..', '..'),
      log: options.log,
      record: options.record ?? (() => undefined),
    },
  );
  fs.mkdirSync(path.dirname(layout.logFile), { recursive: true });
  await service.start();
  await ensureDatabase(credentials);
  return {
    credentials,
    url: (database) => connectionUrl(credentials, database),
    service,
    stop: () => service.stop(),
  };
}
