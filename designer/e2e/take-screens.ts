/**
 * Screenshots of every screen into test-output/screens/, against the mock API
 * (or a real server with BASE_URL and DEMO_PASSWORD). Run after `npm run build:web`:
 *   npx tsx designer/e2e/take-screens.ts [only-name-prefix]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, login, newSession, screenshot } from './browser';
import { startMockApi } from './mock-api';

async function main() {
  const only = process.argv[2];
  const server = process.env.BASE_URL ? undefined : await startMockApi(4173);
  const baseUrl = process.env.BASE_URL ?? 'http://localhost:4173';
  const password = process.env.DEMO_PASSWORD ?? 'demo';
  const browser = await launchBrowser();
  const shots: Array<[string, (s: { baseUrl: string }) => Promise<void>]> = [
    ['login', async () => {
      const { page, context } = await newSession(browser, { baseUrl });
      await page.goto('/');
      await page.locator('input[type=email]').waitFor();
      await screenshot(page, 'login');
      await context.close();
    }],
    ['editor', async () => {
      const { page, context } = await newSession(browser, { baseUrl });
      await login(page, 'owner@demo.test', password);
      await page.goto('/sops');
      await page.locator('table').waitFor();
      await screenshot(page, 'sop-list');
      await page.goto('/sops/store-decoration');
      await page.locator('.sop-node').first().waitFor();
      await page.waitForTimeout(400);
      await screenshot(page, 'editor-settings');
      await page.locator('[data-testid=node-draft]').click();
      await page.waitForTimeout(200);
      await screenshot(page, 'editor-task');
      await page.locator('[data-testid=node-auto]').click();
      await page.waitForTimeout(200);
      await screenshot(page, 'editor-check');
      await page.getByRole('button', { name: /添加任务节点/ }).click();
      await page.waitForTimeout(300);
      await screenshot(page, 'editor-invalid');
      await page.getByRole('button', { name: '版本' }).click();
      await page.locator('.diff-canvas .sop-node').first().waitFor();
      await page.getByRole('radio', { name: /旧 v1/ }).check();
      await page.getByRole('radio', { name: /新 v2/ }).check();
      await page.waitForTimeout(600);
      await screenshot(page, 'editor-versions-diff');
      await context.close();
    }],
    ['vendor', async () => {
      const { page, context } = await newSession(browser, { baseUrl, locale: 'en', timezoneId: 'Europe/Berlin' });
      await login(page, 'vendor-a@demo.test', password);
      await page.locator('.task-card').first().waitFor();
      await screenshot(page, 'vendor-tasks');
      await page.locator('.task-card').first().click();
      await page.locator('.dropzone').first().waitFor();
      await screenshot(page, 'vendor-job', true);
      const png = readFileSync(path.resolve(__dirname, '../../tests/fixtures/images/draft-colour.png'));
      await page.locator('.dropzone input[type=file]').first().setInputFiles({ name: 'banner final.png', mimeType: 'image/png', buffer: png });
      await page.locator('.precheck').waitFor();
      await screenshot(page, 'vendor-naming-precheck');
      await page.locator('.precheck .btn').click();
      await page.locator('.precheck.ok').waitFor();
      for (const box of await page.locator('.checklist input[type=checkbox]').all()) await box.check();
      await page.locator('form.submission button[type=submit]').click();
      await page.locator('.page > .success').waitFor();
      await screenshot(page, 'vendor-submitted');
      await context.close();
      const mobile = await newSession(browser, { baseUrl, locale: 'zh-CN', viewport: { width: 375, height: 812 } });
      await login(mobile.page, 'vendor-a@demo.test', password);
      await mobile.page.locator('.task-card').first().waitFor();
      await screenshot(mobile.page, 'vendor-tasks-375', true);
      await mobile.page.locator('.task-card').first().click();
      await mobile.page.locator('.dropzone').first().waitFor();
      await screenshot(mobile.page, 'vendor-job-375', true);
      await mobile.context.close();
    }],
    ['qa', async () => {
      const { page, context } = await newSession(browser, { baseUrl });
      await login(page, 'qa@demo.test', password);
      await page.locator('.queue-item, .empty').first().waitFor();
      await screenshot(page, 'qa-queue');
      await page.locator('.queue-item').first().click();
      await page.locator('.compare-stage img').first().waitFor();
      await page.waitForTimeout(500);
      await screenshot(page, 'qa-review-side');
      for (const mode of ['overlay', 'swipe', 'heatmap']) {
        await page.locator(`[data-mode=${mode}]`).click();
        await page.waitForTimeout(300);
        await screenshot(page, `qa-review-${mode}`);
      }
      await context.close();
    }],
    ['job', async () => {
      const { page, context } = await newSession(browser, { baseUrl });
      await login(page, 'manager@demo.test', password);
      await page.locator('.page').first().waitFor();
      await page.waitForTimeout(400);
      await screenshot(page, 'dashboard', true);
      await page.goto('/jobs/job-1');
      await page.locator('.sop-node').first().waitFor();
      await page.waitForTimeout(500);
      await screenshot(page, 'job-page', true);
      await page.locator('.bell').click();
      await page.locator('.inbox-panel').waitFor();
      await screenshot(page, 'inbox');
      await context.close();
      const owner = await newSession(browser, { baseUrl });
      await login(owner.page, 'owner@demo.test', password);
      await owner.page.goto('/jobs/new');
      await owner.page.locator('form select').first().selectOption('store-decoration');
      await owner.page.locator('form select').nth(1).selectOption('o-va');
      await owner.page.locator('input[type=file]').first().waitFor();
      await screenshot(owner.page, 'start-job', true);
      await owner.context.close();
    }],
    ['settings', async () => {
      const { page, context } = await newSession(browser, { baseUrl });
      await login(page, 'admin@demo.test', password);
      await page.goto('/settings');
      await page.getByRole('form', { name: '我的通知' }).waitFor();
      await screenshot(page, 'settings-preferences', true);
      await page.getByRole('navigation', { name: '设置分区' }).getByRole('link', { name: '通知渠道' }).click();
      await page.getByRole('table', { name: '通知渠道' }).waitFor();
      await page.getByRole('form', { name: '添加渠道' }).getByLabel('渠道').selectOption('webhook');
      await page.getByRole('form', { name: '添加渠道' }).getByLabel('密钥').fill('too-short');
      await page.getByRole('form', { name: '添加渠道' }).getByRole('button', { name: '添加渠道' }).click();
      await screenshot(page, 'settings-channels', true);
      await page.getByRole('navigation', { name: '设置分区' }).getByRole('link', { name: '发送记录' }).click();
      await page.getByRole('table', { name: '发送记录' }).waitFor();
      await screenshot(page, 'settings-deliveries', true);
      await context.close();
      const phone = await newSession(browser, { baseUrl, locale: 'en', viewport: { width: 375, height: 812 }, timezoneId: 'Europe/Berlin' });
      await login(phone.page, 'vendor-a@demo.test', password);
      await phone.page.getByRole('link', { name: 'Settings' }).click();
      await phone.page.getByRole('form', { name: 'My notifications' }).waitFor();
      await screenshot(phone.page, 'settings-vendor-375', true);
      await phone.context.close();
    }],
    ['people', async () => {
      const { page, context } = await newSession(browser, { baseUrl });
      await login(page, 'admin@demo.test', password);
      await page.goto('/settings/people');
      const invite = page.getByRole('form', { name: '邀请' });
      await invite.getByLabel('邮箱', { exact: true }).fill(`designer-${Date.now().toString(36)}@vendor-a.test`);
      await invite.getByRole('button', { name: '生成邀请链接' }).click();
      await invite.getByRole('textbox', { name: '邀请链接' }).waitFor();
      await page.getByRole('button', { name: /^编辑 赵经理/ }).click();
      await page.getByRole('button', { name: /^停用 王流程/ }).click();
      await screenshot(page, 'settings-people', true);
      await context.close();
      const phone = await newSession(browser, { baseUrl, locale: 'en', viewport: { width: 375, height: 812 } });
      await login(phone.page, 'admin@demo.test', password);
      await phone.page.goto('/settings/people');
      await phone.page.getByRole('form', { name: 'Invite' }).waitFor();
      await phone.page.getByRole('listitem', { name: 'Bob (Vendor B)' }).waitFor();
      await screenshot(phone.page, 'settings-people-375', true);
      await phone.context.close();
    }],
  ];
  try {
    for (const [name, run] of shots) {
      if (only && !name.startsWith(only)) continue;
      try {
        await run({ baseUrl });
        console.log(`✓ ${name}`);
      } catch (e) {
        console.error(`✗ ${name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  } finally {
    await browser.close();
    server?.close();
  }
}

void main();
