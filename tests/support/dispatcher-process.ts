/**
 * A notification dispatcher in a process of its own, so a test can kill it
 * (SIGKILL) between a receiver's acknowledgment and the row being recorded as
 * sent, or check that it wakes on another process's writes (LISTEN/NOTIFY).
 *
 *   node --import tsx tests/support/dispatcher-process.ts
 *
 * Environment:
 *  - DISPATCHER_DATABASE: the database's `postgres://` URL;
 *  - DISPATCHER_OPTIONS: JSON of dispatcher settings (`leaseMs`, `pollMs`, …);
 *  - DISPATCHER_LISTEN=1: LISTEN for outbox rows on the PostgreSQL URL;
 *  - DISPATCHER_HANG_AFTER_SEND=1: after each receiver acknowledged a message,
 *    print `sent <channel> <row id>` and never record it (wait to be killed).
 * Prints `ready <pid>` once started and the dispatcher's log lines as `log …`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { openDatabase } from '../../platform/db/database';
import { createDispatcher, type DispatcherOptions } from '../../platform/notifications/dispatcher';
import { signalControls } from './child-signals';

export interface DispatcherProcess {
  child: ChildProcess;
  /** Every stdout line so far. */
  lines: string[];
  /** Resolves with the first line (past or future) that `match` accepts. */
  waitForLine(match: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  /** SIGKILL: no shutdown, nothing recorded, connections dropped. Resolves once it is gone. */
  kill(): Promise<void>;
  /** SIGTERM: the dispatcher stops cleanly. */
  stop(): Promise<void>;
}

export async function spawnDispatcherProcess(options: {
  database: string;
  settings?: Partial<DispatcherOptions>;
  listen?: boolean;
  hangAfterSend?: boolean;
}): Promise<DispatcherProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename], {
    cwd: path.resolve(__dirname, '..', '..'),
    env: {
      ...process.env,
      DISPATCHER_DATABASE: options.database,
      DISPATCHER_OPTIONS: JSON.stringify(options.settings ?? {}),
      DISPATCHER_LISTEN: options.listen ? '1' : '',
      DISPATCHER_HANG_AFTER_SEND: options.hangAfterSend ? '1' : '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const watchers = new Set<(line: string) => void>();
  let stderr = '';
  let partial = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => {
    partial += chunk.toString();
    const parts = partial.split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const w of watchers) w(line);
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waitForLine = (match: (line: string) => boolean, timeoutMs = 60_000) =>
    new Promise<string>((resolve, reject) => {
      const found = lines.find(match);
      if (found !== undefined) return resolve(found);
      const timer = setTimeout(() => {
        watchers.delete(watch);
        reject(new Error(`dispatcher process: no matching line within ${timeoutMs} ms; lines: ${lines.join(' | ')}; stderr: ${stderr}`));
      }, timeoutMs);
      const watch = (line: string) => {
        if (!match(line)) return;
        clearTimeout(timer);
        watchers.delete(watch);
        resolve(line);
      };
      watchers.add(watch);
      void exited.then(() => {
        if (!watchers.has(watch)) return;
        clearTimeout(timer);
        watchers.delete(watch);
        reject(new Error(`dispatcher process exited (${child.exitCode ?? child.signalCode}); stderr: ${stderr}`));
      });
    });
  await waitForLine((l) => l.startsWith('ready '));
  return {
    child,
    lines,
    waitForLine,
    ...signalControls(child, exited),
  };
}

async function main(): Promise<void> {
  const target = process.env.DISPATCHER_DATABASE ?? '';
  const db = await openDatabase({ url: target });
  const settings = JSON.parse(process.env.DISPATCHER_OPTIONS || '{}') as Partial<DispatcherOptions>;
  const hang = process.env.DISPATCHER_HANG_AFTER_SEND === '1';
  const dispatcher = createDispatcher({
    ...settings,
    db,
    publicUrl: 'http://localhost',
    listenUrl: process.env.DISPATCHER_LISTEN === '1' ? target : undefined,
    log: (line) => process.stdout.write(`log ${line}\n`),
    afterSend: hang
      ? (message) => {
        process.stdout.write(`sent ${message.channel} ${message.id}\n`);
        return new Promise<void>(() => undefined);
      }
      : undefined,
  });
  dispatcher.start();
  process.once('SIGTERM', () => {
    void dispatcher.stop().then(() => db.close()).then(() => process.exit(0));
  });
  process.stdout.write(`ready ${process.pid}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
