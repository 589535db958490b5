/**
 * The product as a browser sees it: the app harness (a fresh database on the embedded PostgreSQL test server,
 * demo tenant, real worker on the real Temporal dev server) and the
 * notification dispatcher (as in every worker of `npm start`) behind an HTTP
 * server on a free port that also serves the built web UI (designer/dist).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { createDispatcher } from '../../platform/notifications/dispatcher';
import { startAppHarness, type AppHarness } from '../support/app-harness';

const ROOT = path.resolve(__dirname, '..', '..');
export const WEB_ROOT = path.join(ROOT, 'designer', 'dist');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds designer/dist with vite when it is missing or older than the UI or core sources. */
export function ensureWebBuild(): void {
  const index = path.join(WEB_ROOT, 'index.html');
  const sources = Math.max(newestMtime(path.join(ROOT, 'designer')), newestMtime(path.join(ROOT, 'core')));
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) return;
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'designer/vite.config.mts', '--logLevel', 'warn'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`vite build failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
}

export interface WebApp {
  baseUrl: string;
  harness: AppHarness;
  close(): Promise<void>;
}

export async function startWebApp(): Promise<WebApp> {
  ensureWebBuild();
  const harness = await startAppHarness('embedded', { notifyAllowedHosts: ['127.0.0.1'] }); // the story's ERP receiver listens on loopback
  const web = express();
  web.use(harness.app);
  web.use(express.static(WEB_ROOT, { index: false }));
  web.get(/^(?!\/api\/).*/, (_req, res) => {
    res.set('Cache-Control', 'no-cache').sendFile('index.html', { root: WEB_ROOT });
  });
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = web.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const dispatcher = createDispatcher({ db: harness.test.db, publicUrl: baseUrl, pollMs: 200, allowedHosts: ['127.0.0.1'] });
  dispatcher.start();
  return {
    baseUrl,
    harness,
    async close() {
      await dispatcher.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await harness.close();
    },
  };
}
