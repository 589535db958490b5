/**
 * The built web UI under the API's Content-Security-Policy, in a real Chromium,
 * served the production way (createApp with `webRoot`): a vendor submits an
 * SVG that carries a script, and the owner opens the review page, where the
 * draft is shown from its server-rendered PNG preview, then the job page and
 * the SOP designer. No CSP violation is reported
 * anywhere (the UI has no inline script), the draft image is displayed, the
 * SVG's script never runs, and a script injected into the page is refused.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { launchBrowser, login, newSession } from '../../designer/e2e/browser';
import { DEMO_PASSWORD, startAppHarness, type AppHarness } from '../support/app-harness';
import { auth, publishSop, startExtraApp, startJob, waitForActive } from '../support/api-fixtures';
import { minimalReviewSop } from '../support/sop-builder';
import { ensureWebBuild, WEB_ROOT } from './web-app';

jest.setTimeout(300_000);

const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="150"><rect width="300" height="150" fill="#0a0"/>' +
    '<script>window.parent.__svgRan = true; document.title = "pwned"</script></svg>',
);

let h: AppHarness;
let extra: { close(): Promise<void> };
let server: Server;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser(); // first: a missing Chromium fails at once, naming the apt-get line
  ensureWebBuild();
  h = await startAppHarness('embedded');
  const web = await startExtraApp(h, { webRoot: WEB_ROOT });
  extra = web;
  server = web.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 240_000);
afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await extra?.close();
  await h?.close();
});

/** Records every CSP violation the page reports (the listener is installed by the browser, outside the page's CSP). */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => { (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI); });`,
  });
  return seen;
}

test('the built UI runs under the strict CSP: the reviewer sees a vendor\'s SVG draft as a rendered image whose script never runs, the job page and the SOP designer work', async () => {
  const definition = { ...minimalReviewSop(), key: 'csp-svg', name: 'CSP SVG' };
  await publishSop(h, definition);
  const job = await startJob(h, 'csp-svg');
  const vendor = await h.login('vendor-a');
  const submitted = await request(h.app).post(`/api/jobs/${job.id}/steps/draft/submissions`).set(auth(vendor))
    .attach('banner', SVG, { filename: `${job.code}_banner_v01.svg`, contentType: 'image/svg+xml' });
  expect(submitted.status).toBe(201);
  await waitForActive(h, job.id, 'review');

  const home = await fetch(`${baseUrl}/`);
  expect(home.headers.get('content-security-policy')).toContain("script-src 'self';");
  const html = await home.text();
  expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/[^"]+\.js"><\/script>/);
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);

  const { context, page } = await newSession(browser, { baseUrl, locale: 'en' });
  try {
    const violations = await watchViolations(page);
    const files: Array<{ path: string; type: string }> = [];
    page.on('response', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/api/files/')) files.push({ path: url.pathname, type: r.headers()['content-type'] ?? '' });
    });
    page.on('pageerror', (e) => violations.push(e.message));
    await login(page, 'owner@demo.test', DEMO_PASSWORD);
    await page.goto(`/qa/jobs/${job.id}/review`);
    const draft = page.locator('img[src^="blob:"]').first();
    await draft.waitFor();
    // Strings, not functions: this file type-checks without the DOM lib.
    await page.waitForFunction(`[...document.querySelectorAll('img[src^="blob:"]')].some((i) => i.naturalWidth === 300)`);
    // The images came from previews (the SVG draft as a PNG), never from the files' own bytes.
    expect(files.filter((f) => f.path.endsWith('/content'))).toEqual([]);
    expect(files.filter((f) => f.path.endsWith('/preview')).map((f) => f.type)).toEqual(expect.arrayContaining(['image/png']));
    await page.goto(`/jobs/${job.id}`);
    await page.locator('.react-flow').first().waitFor();
    const inPage = (await page.evaluate(`({ csp: window.__csp ?? [], ran: window.__svgRan ?? false, title: document.title })`)) as { csp: string[]; ran: boolean; title: string };
    expect(violations).toEqual([]);
    expect(inPage).toEqual({ csp: [], ran: false, title: expect.not.stringContaining('pwned') });
    // The SOP designer validates as you draw, with the schema compiled ahead of time (no eval under this CSP).
    await page.goto('/sops/new');
    await page.getByTestId('node-qa').waitFor();
    expect(await page.evaluate(`window.__csp ?? []`)).toEqual([]);
    expect(violations).toEqual([]);
    // The policy is in force: a script injected into the page (as an XSS would) is refused and reported.
    const injected = await page.evaluate(`(() => { const s = document.createElement('script'); s.textContent = 'window.__inline = true'; document.body.appendChild(s); return new Promise((r) => setTimeout(() => r({ ran: window.__inline ?? false, csp: window.__csp ?? [] }), 200)); })()`);
    expect(injected).toEqual({ ran: false, csp: [expect.stringMatching(/^script-src-elem inline$/)] });
  } finally {
    await context.close();
  }
});
