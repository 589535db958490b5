/**
 * Steps shared by `npm start` (scripts/start.ts) and `npm run cluster`
 * (scripts/cluster.ts): the web UI build, the demo password, migrations and
 * demo data, and ending what a killed supervisor left running.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { StorageConfig } from '../platform/config';
import { openDatabase } from '../platform/db/database';
import { isListening } from '../platform/net';
import { ProcessRecord } from '../platform/process/data-dir-lock';
import { endGroup } from '../platform/process/process-table';
import { generateDemoPassword, seedDemoTenant } from '../platform/seed/demo-tenant';
import { openFileStorage } from '../platform/storage/open-file-storage';
import { PROJECT_ROOT } from '../platform/temporal/cli-binary';

type Log = (line: string) => void;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the web UI into designer/dist when it is missing or older than its sources. */
export function buildWebIfStale(log: Log): void {
  const designer = path.join(PROJECT_ROOT, 'designer');
  const index = path.join(designer, 'dist', 'index.html');
  if (!fs.existsSync(path.join(designer, 'vite.config.mts'))) return;
  const sources = Math.max(newestMtime(designer), newestMtime(path.join(PROJECT_ROOT, 'core')));
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) return;
  log('building the web UI (vite)…');
  // vite's package exports do not include its bin script: resolve it from package.json.
  const viteBin = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [viteBin, 'build', '--config', 'designer/vite.config.mts'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  if (result.status !== 0) log(`the web UI did not build${result.error ? ` (${result.error.message})` : ''}; the API still starts (see the output above).`);
}

/** The demo password: the configured one, or one generated at first seed and kept in `dataDir` (mode 600). */
export function demoPassword(dataDir: string, configured: string | undefined): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'demo-password.txt');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const generated = generateDemoPassword();
  fs.writeFileSync(file, generated + '\n', { mode: 0o600 });
  return generated;
}

/** Migrations, then the demo tenant into an empty database; answers the demo password. */
export async function prepareDatabase(databaseUrl: string, options: { dataDir: string; demoPassword?: string; storage: StorageConfig; log: Log }): Promise<string> {
  const db = await openDatabase({ url: databaseUrl });
  try {
    await db.migrate({ log: (line) => options.log(`[db] ${line}`) });
    const password = demoPassword(options.dataDir, options.demoPassword);
    const storage = openFileStorage(options.storage);
    if (await seedDemoTenant(db, storage, password, { demoMode: true })) options.log('seeded the demo tenant (accounts *@demo.test, SOP store-decoration)');
    return password;
  } finally {
    await db.close();
  }
}

/** Ends the process groups a killed earlier supervisor of `dataDir` left running. */
export async function endLeftovers(dataDir: string, log: Log): Promise<void> {
  const leftovers = ProcessRecord.read(dataDir);
  await Promise.all(
    Object.entries(leftovers).map(async ([name, ref]) => {
      if (await endGroup(ref, ref.stopSignal ?? 'SIGTERM', 30_000)) log(`ended ${name} (pid ${ref.pid}), left running by an earlier start that was killed`);
    }),
  );
}

/** Resolves once something listens on `port` (the API's readiness as a supervisor sees it). */
export async function waitForPort(port: number, isDead: () => string | undefined): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const dead = isDead();
    if (dead) throw new Error(`the API exited before it listened: ${dead}`);
    if (await isListening(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the API did not listen on port ${port} within 120 s`);
}
