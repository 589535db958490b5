/**
 * Runs `npm start` (scripts/start.ts) as a user's terminal does, for the
 * supervision tests: its own process group, a private DATA_DIR and port, and
 * a look into /proc for the processes that belong to that DATA_DIR.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderDemoBanner } from '../../platform/seed/demo-tenant';
import { waitFor } from './wait-for';

const ROOT = path.resolve(__dirname, '..', '..');

/** "pid: command line" of every process whose command line or environment mentions `text`. */
export function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const env = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
      if (cmd.includes(text) || env.includes(text)) found.push(`${pid}: ${cmd}`);
    } catch {
      // process gone or not ours to read
    }
  }
  return found;
}

/** The pid of this data dir's process whose command line includes `marker` (api/main.ts, worker/main.ts, scripts/start.ts, postgres -D). */
export function processOrNone(dataDir: string, marker: string): number | undefined {
  const line = processesMentioning(dataDir).find((p) => p.includes(marker) && !p.includes('guard.cjs'));
  return line ? Number(line.split(':')[0]) : undefined;
}

export function processOf(dataDir: string, marker: string): number {
  const pid = processOrNone(dataDir, marker);
  if (pid === undefined) throw new Error(`no process with ${marker} found for ${dataDir}`);
  return pid;
}

/** A fresh DATA_DIR in the temp folder, open to other users for traversal: as root the database server runs as the "postgres" user. */
export function makeDataDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return dir;
}

/** The marker of the embedded PostgreSQL server's command line for `dataDir`. */
export const postgresMarker = (dataDir: string) => `-D ${path.join(dataDir, 'postgres')}`;

/** SIGKILLs the process and waits until a new one (another pid) runs in its place. */
export async function killAndWaitForReplacement(dataDir: string, marker: string, timeoutMs = 60_000): Promise<void> {
  const old = processOf(dataDir, marker);
  process.kill(old, 'SIGKILL');
  await waitFor(async () => {
    const now = processOrNone(dataDir, marker);
    return now !== undefined && now !== old ? true : undefined;
  }, timeoutMs);
}

export interface StartedProduct {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  exited: Promise<number | null>;
}

/** `npm start` as package.json runs it (one node process, no wrapper), in a process group of its own like a terminal's foreground job. */
export function startProduct(dataDir: string, port: number, env: NodeJS.ProcessEnv = {}, script = 'scripts/start.ts'): StartedProduct {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), TEMPORAL_ADDRESS: '', DATABASE_URL: '', ...env },
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Ctrl-C as a terminal sends it: SIGINT to the whole process group; resolves with the exit code. */
export async function ctrlC(product: StartedProduct): Promise<number | null> {
  if (product.child.exitCode !== null) return product.child.exitCode;
  process.kill(-product.child.pid!, 'SIGINT');
  return product.exited;
}

/** Last resort in `finally`: nothing of this start keeps running. */
export function killProduct(product: StartedProduct | undefined): void {
  if (product && product.child.exitCode === null && product.child.signalCode === null) {
    try {
      process.kill(-product.child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** A JSON call to the product's API; never throws on HTTP errors (status 0 when the connection failed). */
export async function callApi(port: number, method: string, url: string, token?: string, body?: unknown): Promise<{ status: number; body: Record<string, any> }> {
  try {
    const res = await fetch(`http://localhost:${port}${url}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, any> };
  } catch {
    return { status: 0, body: {} };
  }
}

/** Waits until /api/health answers 200; fails at once (with its output) if the start exits meanwhile. */
export async function waitForHealth(product: StartedProduct, port: number, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (product.child.exitCode !== null) throw new Error(`npm start exited with code ${product.child.exitCode}:\n${product.output()}`);
    if ((await callApi(port, 'GET', '/api/health')).status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`/api/health did not answer 200 within ${timeoutMs} ms`);
}

/** Uploads a reference banner through the API, as an owner would; answers the file id. */
export async function uploadReference(port: number, token: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([await renderDemoBanner()], { type: 'image/png' }), 'reference.png');
  const res = await fetch(`http://localhost:${port}/api/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  if (res.status !== 201) throw new Error(`upload of the reference answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}
