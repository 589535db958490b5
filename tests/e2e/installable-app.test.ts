/**
 * The installable app in a real Chromium on a 375 px phone viewport, served
 * the production way (createApp with `webRoot`, under the API's CSP): the
 * manifest is linked and served, the service worker registers and controls
 * the page, and after going offline a reload still opens the app shell with
 * the vendor's task list from the cache and the offline banner. Signing out
 * deletes the cached data.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { launchBrowser, login, newSession } from '../../designer/e2e/browser';
import { DEMO_PASSWORD, startAppHarness, type AppHarness } from '../support/app-harness';
import { publishSop, startExtraApp, startJob, strictSop } from '../support/api-fixtures';
import { ensureWebBuild, WEB_ROOT } from './web-app';

jest.setTimeout(300_000);

let h: AppHarness;
let extra: { close(): Promise<void> };
let server: Server;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  ensureWebBuild();
  h = await startAppHarness('embedded');
  const web = await startExtraApp(h, { webRoot: WEB_ROOT });
  extra = web;
  server = web.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await extra?.close();
  await h?.close();
});

test('a vendor on a phone installs nothing by hand: manifest linked, worker registered, task list and shell readable offline, cache gone after sign-out', async () => {
  await publishSop(h, strictSop('pwa-offline'));
  const job = await startJob(h, 'pwa-offline');

  const manifest = await fetch(`${baseUrl}/manifest.webmanifest`);
  expect([manifest.status, manifest.headers.get('content-type')]).toEqual([200, 'application/manifest+json; charset=utf-8']);
  const body = (await manifest.json()) as { name: string; display: string; theme_color: string; icons: Array<{ src: string; sizes: string }> };
  expect([body.name, body.display, body.theme_color]).toEqual(['外发跟进', 'standalone', '#4f46e5']);
  for (const icon of body.icons) expect([icon.src, (await fetch(`${baseUrl}${icon.src}`)).headers.get('content-type')]).toEqual([icon.src, 'image/png']);

  const { context, page } = await newSession(browser, { baseUrl, locale: 'en', viewport: { width: 375, height: 740 } });
  try {
    const csp: string[] = [];
    page.setDefaultTimeout(30_000);
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) csp.push(m.text());
    });
    await login(page, 'vendor-a@demo.test', DEMO_PASSWORD);
    expect(await page.locator('link[rel="manifest"]').getAttribute('href')).toBe('/manifest.webmanifest');
    // Strings, not functions: this file type-checks without the DOM lib.
    // Bounded: a worker that never registers fails here with how many registrations there are, rather than hanging.
    const scope = await page.evaluate(`Promise.race([navigator.serviceWorker.ready.then((r) => r.scope), new Promise((r) => setTimeout(() => navigator.serviceWorker.getRegistrations().then((all) => r('not ready: ' + all.length)), 20000))])`);
    expect(scope).toBe(`${baseUrl}/`);
    await page.waitForFunction(`navigator.serviceWorker.controller !== null`);
    // Online once under the worker: the caller's data goes into its cache.
    await page.reload();
    await page.getByText(job.code).first().waitFor();
    await page.waitForFunction(`caches.open('sop-my-data').then((c) => c.keys()).then((k) => k.some((r) => r.url.includes('/api/me/tasks')))`);

    await context.setOffline(true);
    await page.reload();
    await page.getByText(job.code).first().waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Offline' }).textContent()).toBe('Offline — showing what was saved last; it updates when you are back online.');
    await context.setOffline(false);
    await page.getByRole('status').filter({ hasText: 'Offline' }).waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('input[type=email]').waitFor();
    await page.waitForFunction(`caches.has('sop-my-data').then((has) => !has)`);
    expect(csp).toEqual([]);
  } finally {
    await context.close();
  }
});
