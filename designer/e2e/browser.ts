import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** Debian chromium with the flags measured in RECIPES.md (no sandbox, no GPU, no background traffic). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const SCREENS_DIR = path.resolve(__dirname, '../../test-output/screens');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No chromium at ${CHROMIUM_PATH}: run \`apt-get install -y chromium fonts-noto-cjk\` or set CHROMIUM_PATH.`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export type UiLocale = 'zh-CN' | 'en';

export interface SessionOptions {
  baseUrl: string;
  viewport?: { width: number; height: number };
  /** The browser's language; also the UI language unless `presetLanguage` is false. */
  locale?: UiLocale;
  timezoneId?: string;
  /** false: the UI starts in its default language and is switched by clicking (see `login`'s `language`). */
  presetLanguage?: boolean;
}

/** A fresh browser context (own localStorage), by default with the UI language preset. */
export async function newSession(browser: Browser, o: SessionOptions): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: o.baseUrl,
    viewport: o.viewport ?? { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    timezoneId: o.timezoneId ?? 'Asia/Shanghai',
    locale: o.locale ?? 'zh-CN',
  });
  // A script string (not a function) so this file type-checks without the DOM lib too (tests/e2e imports it).
  if (o.presetLanguage !== false) await context.addInitScript({ content: `localStorage.setItem('sop.locale', ${JSON.stringify(o.locale ?? 'zh-CN')});` });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`[console] ${m.text()}`);
  });
  return { context, page };
}

/**
 * Signs in through the login form and waits for the app shell; with `language`,
 * first picks that language with the login page's language switch (it sticks for the session).
 */
export async function login(page: Page, email: string, password: string, language?: UiLocale): Promise<void> {
  await page.goto('/');
  if (language) {
    await page.getByLabel('Language / 语言').selectOption(language);
    await page.locator(`html[lang="${language}"]`).waitFor({ state: 'attached' });
  }
  await page.locator('input[type=email]').fill(email);
  await page.locator('input[type=password]').fill(password);
  await page.locator('form button[type=submit]').click();
  await page.locator('.topbar').waitFor();
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  const file = path.join(SCREENS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}
