/**
 * One job through the real UI against a running server (npm start):
 * owner starts a job with a reference; the vendor submits a draft whose colour
 * differs (after the naming pre-check), the pixel check fails and sends it back;
 * the vendor resubmits a faithful draft; QA approves; the job completes.
 *   BASE_URL=http://localhost:3000 DEMO_PASSWORD=… npx tsx designer/e2e/smoke-flow.ts
 * Screens go to test-output/screens/flow-*.png.
 */
import path from 'node:path';
import { launchBrowser, login, newSession, screenshot } from './browser';

const IMAGES = path.resolve(__dirname, '../../tests/fixtures/images');

async function main() {
  const baseUrl = process.env.BASE_URL ?? 'http://localhost:3000';
  const password = process.env.DEMO_PASSWORD ?? '';
  const code = `UI-${Date.now().toString(36).toUpperCase()}`;
  const browser = await launchBrowser();
  try {
    // 1. the owner starts a job
    const owner = await newSession(browser, { baseUrl, locale: 'en' });
    await login(owner.page, 'owner@demo.test', password);
    await owner.page.goto('/jobs/new');
    await owner.page.getByLabel('SOP', { exact: true }).selectOption('store-decoration');
    await owner.page.getByLabel('Job code', { exact: true }).fill(code);
    await owner.page.getByLabel('Job title', { exact: true }).fill('Double 11 banner (UI smoke)');
    await owner.page.getByLabel('Vendor', { exact: true }).selectOption({ label: 'Vendor A' });
    await owner.page.locator('input[type=file]').first().setInputFiles(path.join(IMAGES, 'reference.png'));
    await owner.page.getByText(/Uploaded reference\.png/).waitFor();
    await screenshot(owner.page, 'flow-1-start-job', true);
    await owner.page.getByRole('button', { name: 'Start job' }).click();
    await owner.page.waitForURL(/\/jobs\/(?!new)/);
    await owner.page.locator('.sop-node').first().waitFor();
    const jobUrl = new URL(owner.page.url()).pathname;
    console.log(`job started: ${jobUrl}`);
    await screenshot(owner.page, 'flow-2-job-started', true);

    // 2. the vendor submits a wrong draft, sees the failed check, resubmits
    const vendor = await newSession(browser, { baseUrl, locale: 'en', timezoneId: 'Europe/Berlin' });
    await login(vendor.page, 'vendor-a@demo.test', password);
    await vendor.page.locator('.task-card', { hasText: code }).click();
    const submit = async (file: string, shot?: string) => {
      await vendor.page.locator('.dropzone input[type=file]').first().setInputFiles(path.join(IMAGES, file));
      await vendor.page.locator('.precheck').waitFor();
      if (shot) await screenshot(vendor.page, shot);
      const fix = vendor.page.getByRole('button', { name: /Use the correct name/ });
      if (await fix.count()) await fix.click();
      for (const box of await vendor.page.locator('.checklist input[type=checkbox]').all()) await box.check();
      await vendor.page.getByRole('button', { name: 'Submit' }).click();
      await vendor.page.locator('.page > .success, form.submission .problem').first().waitFor();
      if (await vendor.page.locator('form.submission .problem').count()) {
        await screenshot(vendor.page, 'flow-x-submit-problem', true);
        throw new Error(`submission refused: ${await vendor.page.locator('form.submission .problem').innerText()}`);
      }
    };
    await submit('draft-colour.png', 'flow-3-vendor-precheck');
    console.log('vendor submitted round 1');
    for (let i = 0; i < 60; i++) {
      await vendor.page.waitForTimeout(2000);
      await vendor.page.reload();
      await vendor.page.locator('.job-head').waitFor();
      if (await vendor.page.locator('form.submission .badge', { hasText: 'Rework' }).count()) break;
    }
    await screenshot(vendor.page, 'flow-4-vendor-rework', true);
    await submit('draft-identical.png');
    console.log('vendor submitted round 2');

    // 3. QA reviews once the automatic checks ran
    const qa = await newSession(browser, { baseUrl, locale: 'zh-CN' });
    await login(qa.page, 'qa@demo.test', password);
    const item = qa.page.locator('.queue-item', { hasText: code });
    for (let i = 0; i < 60 && !(await item.count()); i++) {
      await qa.page.waitForTimeout(2000);
      await qa.page.reload();
      await qa.page.locator('.page').waitFor();
    }
    if (!(await item.count())) {
      await owner.page.goto(jobUrl);
      await owner.page.waitForTimeout(1000);
      await screenshot(owner.page, 'flow-x-no-review', true);
      throw new Error('no review step appeared (did the automatic check fail?) — see flow-x-no-review.png');
    }
    await item.click();
    await qa.page.locator('.compare-stage img').first().waitFor();
    await qa.page.waitForTimeout(500);
    await screenshot(qa.page, 'flow-5-qa-review');
    await qa.page.locator('[data-mode=swipe]').click();
    await qa.page.waitForTimeout(300);
    await screenshot(qa.page, 'flow-6-qa-swipe');
    await qa.page.getByLabel('意见').fill('与参考稿一致，通过');
    await qa.page.getByRole('button', { name: /通过/ }).click();
    await qa.page.getByRole('status').filter({ hasText: /已提交/ }).waitFor();
    console.log('QA approved');

    // 4. the job completes
    for (let i = 0; i < 30; i++) {
      await owner.page.goto(jobUrl);
      await owner.page.locator('.job-head').waitFor();
      if (await owner.page.locator('.job-head .badge', { hasText: 'Completed' }).count()) break;
      await owner.page.waitForTimeout(1000);
    }
    await owner.page.waitForTimeout(800);
    await screenshot(owner.page, 'flow-7-job-completed', true);
    await vendor.page.goto('/vendor');
    await vendor.page.locator('.page').waitFor();
    await screenshot(vendor.page, 'flow-8-vendor-tasks');
    console.log('flow complete');
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
