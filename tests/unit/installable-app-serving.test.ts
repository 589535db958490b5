/**
 * The built UI as the API serves it (createApp with `webRoot`): the
 * installable app's service worker and manifest come with their own content
 * types, are never answered from an HTTP cache, and sit under a CSP that lets
 * this origin register a worker and read a manifest (default-src 'self', no
 * stricter worker-src or manifest-src), while hashed assets stay cacheable.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../api/app';
import type { AppDeps } from '../../api/deps';

const webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-web-'));
fs.mkdirSync(path.join(webRoot, 'assets'));
fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><link rel="manifest" href="/manifest.webmanifest">');
fs.writeFileSync(path.join(webRoot, 'sw.js'), 'self.addEventListener("fetch", () => {});');
fs.writeFileSync(path.join(webRoot, 'workbox-9504f110.js'), 'define([], () => {});');
fs.writeFileSync(path.join(webRoot, 'manifest.webmanifest'), JSON.stringify({ name: '外发跟进' }));
fs.writeFileSync(path.join(webRoot, 'assets', 'index-abc.js'), 'export {};');

// Routes are declared but never called here; the live hub opens only with a stream.
const app = createApp({ db: { prisma: {} }, temporal: { client: {}, connection: {}, taskQueue: 'q' }, config: { taskQueue: 'q', publicUrl: 'http://localhost' }, webRoot } as unknown as AppDeps);

afterAll(() => fs.rmSync(webRoot, { recursive: true, force: true }));

test('the service worker, its Workbox runtime and the manifest are served with their types and Cache-Control: no-cache', async () => {
  const sw = await request(app).get('/sw.js');
  expect([sw.status, sw.headers['content-type'], sw.headers['cache-control']]).toEqual([200, 'text/javascript; charset=utf-8', 'no-cache']);
  const runtime = await request(app).get('/workbox-9504f110.js');
  expect([runtime.status, runtime.headers['cache-control']]).toEqual([200, 'no-cache']);
  const manifest = await request(app).get('/manifest.webmanifest');
  expect([manifest.status, manifest.headers['content-type'], manifest.headers['cache-control']]).toEqual([200, 'application/manifest+json; charset=utf-8', 'no-cache']);
  const asset = await request(app).get('/assets/index-abc.js');
  expect(asset.headers['cache-control']).toBe('public, max-age=3600');
});

test('the CSP lets this origin register the worker and read the manifest, and nothing else', async () => {
  const csp = (await request(app).get('/')).headers['content-security-policy'] as string;
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/worker-src|manifest-src|child-src/);
});
