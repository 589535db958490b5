/** Small page helpers for the browser story: mouse drags on React Flow handles, reload-until polling, screenshots. */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';

export const E2E_SCREENS = path.resolve(__dirname, '..', '..', 'test-output', 'e2e');
export const IMAGES = path.resolve(__dirname, '..', 'fixtures', 'images');

export async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  fs.mkdirSync(E2E_SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(E2E_SCREENS, `${name}.png`), fullPage });
}

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  await locator.waitFor({ state: 'visible' });
  const box = await locator.boundingBox();
  if (!box) throw new Error(`no box for ${locator.toString()}`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags an edge with the mouse from a node's outcome handle to another node's input handle. */
export async function dragEdge(page: Page, from: string, outcome: string, to: string): Promise<void> {
  const source = page.locator(`.react-flow__handle.source[data-nodeid="${from}"][data-handleid="${outcome}"]`);
  const target = page.locator(`.react-flow__handle.target[data-nodeid="${to}"]`);
  const a = await centre(source);
  const b = await centre(target);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 8 });
  await page.mouse.move(b.x, b.y, { steps: 8 });
  await page.mouse.up();
}

/**
 * Reloads the page until `ready` finds what it waits for (the server moves the
 * job on asynchronously: workflow → activity → read model). After each load it
 * gives the page `settleMs` to render what it fetched before reloading again.
 */
export async function reloadUntil(page: Page, ready: () => Locator, timeoutMs = 45_000, settleMs = 1500): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await ready().first().waitFor({ state: 'attached', timeout: settleMs });
      return;
    } catch {
      // not there yet
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${ready().toString()} on ${page.url()}`);
    await page.reload();
    await page.locator('.topbar').waitFor();
  }
}

/** `yyyy-MM-ddTHH:mm` of `ms` in `zone`, as a datetime-local input expects. */
export function localInputValue(ms: number, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** Clicks `refresh` (a list's own refresh, which keeps its filters) until `ready` finds something. */
export async function refreshUntil(page: Page, ready: () => Locator, refresh: () => Promise<void>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await ready().count()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${ready().toString()} on ${page.url()}`);
    await page.waitForTimeout(500);
    await refresh();
  }
}
