/**
 * `npm start`: the whole product on embedded defaults.
 *
 *  1. a Temporal dev server persisted in DATA_DIR (unless TEMPORAL_ADDRESS is set),
 *     its CLI found or built from the Go module on first run;
 *  2. the web UI built into designer/dist when missing or older than its sources;
 *  3. the app: with embedded PGlite one process runs API + worker (PGlite is
 *     single-process); with DATABASE_URL the API and a worker run as separate
 *     processes. Migrations and the demo seed run inside them.
 *
 * A child that dies is restarted (jobs continue: their state lives in
 * Temporal). Ctrl-C (SIGINT) or SIGTERM stops every child and waits for them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../platform/config';
import { isListening } from '../platform/net';
import { ensureTemporalCli, PROJECT_ROOT } from '../platform/temporal/cli-binary';
import { startDevServer, type DevServer } from '../platform/temporal/dev-server';

const log = (line: string) => process.stdout.write(`[start] ${line}\n`);
const config = loadConfig();
const children = new Set<ChildProcess>();
let stopping = false;
let temporal: DevServer | undefined;

async function portOr(preferred: number): Promise<number | undefined> {
  return (await isListening(preferred)) ? undefined : preferred;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function buildWebIfStale(): void {
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

function launch(name: string, script: string, args: string[], env: NodeJS.ProcessEnv): void {
  const tsx = require.resolve('tsx/cli');
  const start = (attempt: number): void => {
    const child = spawn(process.execPath, [tsx, script, ...args], { cwd: PROJECT_ROOT, env, stdio: 'inherit' });
    children.add(child);
    const startedAt = Date.now();
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (stopping) return;
      const quick = Date.now() - startedAt < 10_000;
      const delay = quick ? Math.min(30_000, 1000 * 2 ** attempt) : 1000;
      log(`${name} exited (${signal ?? `code ${code}`}); restarting in ${Math.round(delay / 1000)} s — running jobs continue where they were.`);
      setTimeout(() => start(quick ? attempt + 1 : 0), delay);
    });
  };
  start(0);
}

async function stopAll(signal: string, exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping ${children.size} process(es)${temporal ? ' and the Temporal dev server' : ''}…`);
  const exits = [...children].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      }),
  );
  await Promise.all(exits);
  await temporal?.stop();
  log('stopped.');
  process.exit(exitCode);
}

async function main(): Promise<void> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  process.on('SIGINT', () => void stopAll('SIGINT'));
  process.on('SIGTERM', () => void stopAll('SIGTERM'));
  process.on('SIGHUP', () => void stopAll('SIGHUP'));

  let temporalAddress = config.temporalAddress;
  let temporalUi = 'the UI of your Temporal service';
  if (!temporalAddress) {
    const cli = await ensureTemporalCli((line) => log(line));
    temporal = await startDevServer({
      cli,
      port: await portOr(7233),
      uiPort: await portOr(8233),
      dbFile: path.join(config.dataDir, 'temporal.db'),
      namespace: config.temporalNamespace,
      logFile: path.join(config.dataDir, 'temporal.log'),
    });
    temporalAddress = temporal.address;
    temporalUi = temporal.uiUrl ?? temporalUi;
    log(`Temporal dev server on ${temporalAddress} (state in ${path.join(config.dataDir, 'temporal.db')})`);
    temporal.process.on('exit', () => {
      if (!stopping) {
        log('the Temporal dev server exited; stopping everything (start again to resume: all data is kept).');
        void stopAll('temporal-exit', 1);
      }
    });
  }
  if (stopping) return;
  buildWebIfStale();
  const env = { ...process.env, TEMPORAL_ADDRESS: temporalAddress, DATA_DIR: config.dataDir };
  if (config.databaseUrl) {
    launch('api', 'api/main.ts', [], env);
    launch('worker', 'worker/main.ts', [], env);
  } else {
    launch('app (API + worker, embedded PostgreSQL)', 'api/main.ts', ['--with-worker'], env);
  }
  log(`app:         http://localhost:${config.port}`);
  log(`Temporal UI: ${temporalUi}`);
  log(`health:      http://localhost:${config.port}/api/health    Ctrl-C stops everything.`);
}

main().catch((error: Error) => {
  process.stderr.write(`[start] ${error.message}\n`);
  void stopAll('error', 1);
});
