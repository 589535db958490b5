/**
 * One supervisor per data directory. The lock is a Unix socket in Linux's
 * abstract namespace named after the directory's real path: binding it is
 * atomic, and the kernel releases it the moment its holder dies, even by
 * SIGKILL — no stale lock file to guess about. The holder answers a connection
 * with its pid, so a second start can say who holds the directory.
 *
 * Beside it, `run/processes.json` records the process groups the holder
 * started, so that a supervisor that finds the lock free can end what a
 * killed predecessor left running (platform/process/process-table.ts).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { ProcessRef } from './process-table';

/** Thrown when another supervisor holds the data directory. */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly holderPid: number | undefined,
  ) {
    super(
      `Another "npm start" already runs on ${dataDir}${holderPid ? ` (pid ${holderPid})` : ''}. ` +
        'Stop it first (Ctrl-C in its terminal), or give this one another DATA_DIR.',
    );
  }
}

export interface DataDirLock {
  release(): Promise<void>;
}

function socketName(dataDir: string): string {
  const real = fs.realpathSync(dataDir);
  return `\0waifa-sop-supervisor-${createHash('sha256').update(real).digest('hex').slice(0, 32)}`;
}

/** Takes the data directory's lock, or throws {@link DataDirLockedError}. */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const name = socketName(dataDir);
  const server = net.createServer((socket) => socket.end(JSON.stringify({ pid: process.pid })));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(name, () => resolve());
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new DataDirLockedError(dataDir, await holderPid(name));
  }
  server.unref();
  return { release: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function holderPid(name: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect(name);
    let text = '';
    socket.setTimeout(1000, () => socket.destroy());
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('close', () => {
      try {
        resolve((JSON.parse(text) as { pid: number }).pid);
      } catch {
        resolve(undefined);
      }
    });
    socket.on('error', () => resolve(undefined));
  });
}

/** What a supervisor started: service name → process, written as it changes. */
export class ProcessRecord {
  private readonly file: string;
  private readonly entries: Record<string, ProcessRef & { stopSignal?: NodeJS.Signals }> = {};

  /** Starts an empty record (end what {@link ProcessRecord.read} returns first: the first write replaces it). */
  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'run', 'processes.json');
  }

  /** The processes a previous supervisor recorded (possibly still running). */
  static read(dataDir: string): Record<string, ProcessRef & { stopSignal?: NodeJS.Signals }> {
    try {
      return JSON.parse(fs.readFileSync(path.join(dataDir, 'run', 'processes.json'), 'utf8')) as Record<string, ProcessRef>;
    } catch {
      return {};
    }
  }

  set(name: string, ref: (ProcessRef & { stopSignal?: NodeJS.Signals }) | undefined): void {
    if (ref) this.entries[name] = ref;
    else delete this.entries[name];
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const partial = `${this.file}.partial`;
    fs.writeFileSync(partial, JSON.stringify(this.entries, null, 2));
    fs.renameSync(partial, this.file);
  }
}
