import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { freePort } from '../net';

export interface DevServerOptions {
  cli: string;
  /** gRPC port; a free one when omitted. */
  port?: number;
  /** Web UI port; the UI is disabled when `headless`. */
  uiPort?: number;
  headless?: boolean;
  /** SQLite file that persists the server's state; in memory when omitted. */
  dbFile?: string;
  namespace?: string;
  /** Where the server's output goes (a file path); ignored when omitted. */
  logFile?: string;
  /** How long to wait for the server to answer health checks. */
  readyTimeoutMs?: number;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Polls the frontend's gRPC health service until it reports SERVING. */
export async function waitForTemporal(address: string, timeoutMs: number, isDead: () => string | undefined = () => undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    const dead = isDead();
    if (dead) throw new Error(`Temporal server exited before it was ready: ${dead}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        const health = await connection.healthService.check({});
        if (health.status === 1) return; // SERVING
        lastError = `health status ${String(health.status)}`;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Temporal at ${address} not ready after ${timeoutMs} ms (${lastError})`);
}

/** The dev server's command line and where it will answer (gRPC address, Web UI URL). */
export interface DevServerCommand {
  args: string[];
  address: string;
  uiUrl?: string;
}

/** The arguments of `temporal server start-dev` for `options` (ports fixed: pass them, or free ones are picked). */
export async function devServerCommand(options: DevServerOptions): Promise<DevServerCommand> {
  const port = options.port ?? (await freePort());
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'warn'];
  args.push('--namespace', options.namespace ?? 'default');
  // Short search-attribute cache so attributes registered at start are usable at once.
  args.push('--dynamic-config-value', 'system.forceSearchAttributesCacheRefreshOnRead=true');
  let uiUrl: string | undefined;
  if (options.headless) {
    args.push('--headless');
  } else {
    const uiPort = options.uiPort ?? (await freePort());
    args.push('--ui-port', String(uiPort));
    uiUrl = `http://localhost:${uiPort}`;
  }
  if (options.dbFile) {
    fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  return { args, address: `127.0.0.1:${port}`, uiUrl };
}

/**
 * Starts `temporal server start-dev` and resolves once it serves requests
 * (tests; `npm start` runs the same command under its supervisor).
 * `stop()` sends SIGTERM and waits for the process to exit (SIGKILL after 10 s).
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const { args, address, uiUrl } = await devServerCommand(options);
  const out = options.logFile ? fs.openSync(options.logFile, 'a') : 'ignore';
  const child = spawn(options.cli, args, { stdio: ['ignore', out, out] });
  if (typeof out === 'number') fs.closeSync(out);
  let exited: string | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `code ${code ?? '-'} signal ${signal ?? '-'}`;
      resolve();
    });
    child.once('error', (error) => {
      exited = error.message;
      resolve();
    });
  });
  const stop = async (): Promise<void> => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exitPromise;
    clearTimeout(timer);
  };
  try {
    await waitForTemporal(address, options.readyTimeoutMs ?? 60_000, () => exited);
  } catch (error) {
    await stop();
    throw error;
  }
  return { address, uiUrl, process: child, stop };
}
