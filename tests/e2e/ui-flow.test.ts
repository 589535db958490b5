/**
 * The web UI end to end, by clicking, in a real Chromium against the real app
 * (real worker and notification dispatcher, real Temporal dev server, fresh
 * database on the embedded PostgreSQL test server). The whole story runs once per UI language — in zh-CN (the
 * default) and in English, switched on with the login page's language switch:
 *
 * an admin points a signed webhook at the ERP (which refuses for now) and
 * invites a new designer of Vendor A, who sets a password from the link in a
 * browser of their own and lands in the vendor portal, until the admin disables
 * the account and their next click signs them out; an owner
 * draws and publishes an SOP and starts two jobs; a vendor on a phone submits;
 * QA rejects with a reason; the vendor reads it and resubmits; QA approves and
 * the dashboard shows the job done; a manager sets their own time zone and
 * notification language, reassigns the other job's vendor step to another
 * designer and cancels that job; the admin finds the deliveries the ERP refused
 * and, once it is back, retries one, which arrives signed; the owner bulk-starts
 * two jobs from a spreadsheet, publishes version 2 of the SOP, moves both
 * running jobs to it after a dry run, and finds them on the portfolio Gantt.
 * Screens: test-output/e2e/<locale>-*.png.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, login, newSession, type UiLocale } from '../../designer/e2e/browser';
import { DEMO_PASSWORD } from '../support/app-harness';
import { STORY_DATA, STORY_TEXT } from './story-text';
import { dragEdge, E2E_SCREENS, IMAGES, localInputValue, refreshUntil, reloadUntil, shot } from './ui-helpers';
import { startWebApp, type WebApp } from './web-app';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

const stamp = Date.now().toString(36).toUpperCase();
const PHONE = { width: 375, height: 812 };
const INTERNAL_ORG = 'Demo Co 演示公司';
const VENDOR_A = { org: 'Vendor A', person: '外包方 A', email: 'vendor-a@demo.test' };
/** A second designer at Vendor A, created by the admin API before the story: the reassignment's target. */
const BEA = { name: '设计师 Bea', email: 'bea.designer@vendor-a.test' };
/** The vendor step of a new SOP (designer/src/features/sop-editor/new-sop.ts). */
const DRAFT_STEP = '提交设计稿';
const LOCALES: UiLocale[] = ['zh-CN', 'en'];

let web: WebApp;
let browser: Browser;
let erp: WebhookReceiver;
const pages: Page[] = [];

function png(file: string, name: string) {
  return { name, mimeType: 'image/png', buffer: readFileSync(path.join(IMAGES, file)) };
}

beforeAll(async () => {
  rmSync(E2E_SCREENS, { recursive: true, force: true });
  browser = await launchBrowser(); // first: a missing Chromium fails at once, naming the apt-get line
  web = await startWebApp();
  erp = await startWebhookReceiver();
  const token = await web.harness.login('admin');
  const res = await fetch(`${web.baseUrl}/api/users`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: BEA.email, name: BEA.name, orgId: web.harness.ids.orgs[VENDOR_A.org], roles: ['vendor'], password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await erp?.close();
  await web?.close();
});

describe.each(LOCALES.map((locale, index) => ({ locale, index })))('the web UI in $locale, clicked through in a real browser', ({ locale, index }) => {
  const T = STORY_TEXT[locale];
  const data = STORY_DATA[locale];
  const tag = locale === 'en' ? 'EN' : 'ZH';
  const sopKey = `e2e-banner-${stamp.toLowerCase()}-${tag.toLowerCase()}`;
  const code = `E2E-${stamp}-${tag}`;
  const cancelCode = `CXL-${stamp}-${tag}`;
  const phoneCode = `PHN-${stamp}-${tag}`;
  const secret = `whsec-${stamp}-${tag}-0123456789`;
  const shotName = (name: string) => `${locale}-${name}`;
  const people: { owner?: Page; vendor?: Page; qa?: Page; manager?: Page; admin?: Page } = {};
  let jobPath = '';
  let cancelPath = '';

  /** Signs in in a fresh browser context; the English run switches the language on the login page. */
  async function session(email: string, options: { viewport?: { width: number; height: number } } = {}): Promise<Page> {
    const { page } = await newSession(browser, { baseUrl: web.baseUrl, locale, presetLanguage: false, ...options });
    pages.push(page);
    page.setDefaultTimeout(15_000);
    await login(page, email, DEMO_PASSWORD, locale === 'zh-CN' ? undefined : locale);
    return page;
  }

  /** One chapter of the story: failed at once when an earlier chapter of this language failed, since it builds on it. */
  let broken = '';
  function step(name: string, run: () => Promise<void>, timeoutMs: number): void {
    test(
      name,
      async () => {
        if (broken) throw new Error(`not run: an earlier step failed (${broken})`);
        try {
          await run();
        } catch (error) {
          broken = name;
          for (const [i, page] of pages.entries()) await shot(page, shotName(`failed-${i}`), true).catch(() => undefined);
          throw error;
        }
      },
      timeoutMs,
    );
  }

  /** The owner's start-a-job form, with the reference file and Vendor A's designer bound to the vendor role. */
  async function startJob(owner: Page, jobCode: string, title: string, screen?: string, key = sopKey): Promise<string> {
    await owner.goto('/jobs/new');
    await owner.getByLabel('SOP', { exact: true }).selectOption(key);
    await owner.getByLabel(T.jobCode, { exact: true }).fill(jobCode);
    await owner.getByLabel(T.jobTitleLabel, { exact: true }).fill(title);
    await owner.getByLabel(T.vendorOrg, { exact: true }).selectOption({ label: VENDOR_A.org });
    await owner.getByLabel('vendor', { exact: true }).selectOption({ label: `${VENDOR_A.person} (${VENDOR_A.email})` });
    await owner.getByLabel('设计稿').setInputFiles(path.join(IMAGES, 'reference.png'));
    await owner.getByText(T.uploaded).waitFor();
    if (screen) await shot(owner, shotName(screen), true);
    await owner.getByRole('button', { name: T.startJob }).click();
    await owner.waitForURL(/\/jobs\/(?!new)[^/]+$/);
    await owner.getByRole('heading', { name: title }).waitFor();
    return new URL(owner.url()).pathname;
  }

  step('an admin adds a signed webhook for the ERP: a too-short secret is refused, then it is listed with "set" and neither URL path nor secret', async () => {
    erp.accepting = false;
    erp.secrets.push(secret);
    const admin = (people.admin = await session('admin@demo.test'));
    await admin.getByRole('link', { name: T.settings, exact: true }).click();
    await admin.getByRole('navigation', { name: T.sections }).getByRole('link', { name: T.channelsTab }).click();
    const form = admin.getByRole('form', { name: T.addChannel });
    await form.getByLabel(T.channel, { exact: true }).selectOption('webhook');
    await form.getByLabel(T.name, { exact: true }).fill(data.webhookName);
    await form.getByLabel(T.url, { exact: true }).fill(`${erp.origin}/erp/hooks/sop?key=k${stamp}`);
    await form.getByLabel(T.secret, { exact: true }).fill('too-short');
    await form.getByRole('button', { name: T.addChannel }).click();
    await form.getByText(T.secretShort(9)).waitFor();
    await shot(admin, shotName('admin-1-secret-too-short'), true);

    await form.getByLabel(T.secret, { exact: true }).fill(secret);
    await form.getByRole('button', { name: T.addChannel }).click();
    await admin.getByRole('status').filter({ hasText: T.channelAdded(data.webhookName) }).waitFor();
    const row = admin.getByRole('table', { name: T.channelsTable }).getByRole('row').filter({ hasText: data.webhookName });
    // The list reloads after the status line appears: wait for the new row before reading its cells (allInnerTexts does not wait).
    await row.getByRole('cell').first().waitFor();
    expect((await row.getByRole('cell').allInnerTexts()).slice(0, 4).map((c) => c.trim())).toEqual([T.webhookChannel, T.orgScope(INTERNAL_ORG), `${erp.origin}/…`, T.secretSet]);
    const html = await admin.content();
    expect(html).not.toContain(secret);
    expect(html).not.toContain(`k${stamp}`);
    await admin.evaluate('window.scrollTo(0, 0)');
    await shot(admin, shotName('admin-2-webhook-listed'));
  }, 60_000);

  step('an admin invites a new Vendor A designer in People; from the link, in a browser of their own, the designer sets a password and lands in the vendor portal; once the admin disables the account, their next click signs them out', async () => {
    const admin = people.admin!;
    const newcomer = { name: data.newcomer, email: `newcomer-${stamp.toLowerCase()}-${tag.toLowerCase()}@vendor-a.test` };
    await admin.getByRole('navigation', { name: T.sections }).getByRole('link', { name: T.peopleTab }).click();
    const invite = admin.getByRole('form', { name: T.invite });
    await invite.getByLabel(T.organisation, { exact: true }).selectOption({ label: VENDOR_A.org });
    await invite.getByLabel(T.emailField, { exact: true }).fill(newcomer.email);
    await invite.getByRole('button', { name: T.createLink }).click();
    const linkBox = invite.getByRole('textbox', { name: T.inviteLink });
    const link = new URL(await linkBox.inputValue());
    // A one-time token of 256 bits; the link's origin is the API's PUBLIC_URL (the harness's http://localhost, not this test server).
    expect(link.pathname).toMatch(/^\/invite\/[\w-]{43}$/);
    await invite.getByText(T.validUntil).waitFor();
    await shot(admin, shotName('admin-3-invitation-link'));

    const { page: designer } = await newSession(browser, { baseUrl: web.baseUrl, locale, presetLanguage: false, viewport: PHONE });
    pages.push(designer);
    designer.setDefaultTimeout(15_000);
    // The 401 that signs the disabled designer out is this chapter's point, not a console error worth printing.
    designer.removeAllListeners('console');
    designer.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('401 (Unauthorized)')) console.error(`[console] ${m.text()}`);
    });
    await designer.goto(link.pathname);
    if (locale !== 'zh-CN') await designer.getByLabel('Language / 语言').selectOption(locale);
    const accept = designer.getByRole('form', { name: T.acceptInvitation });
    await accept.getByLabel(T.yourName, { exact: true }).fill(newcomer.name);
    await accept.getByLabel(T.newPassword, { exact: true }).fill(DEMO_PASSWORD);
    await accept.getByRole('button', { name: T.createAccount }).click();
    await designer.waitForURL('**/vendor');
    await designer.getByRole('navigation', { name: T.mainNav }).getByRole('link', { name: T.myTasks }).waitFor();
    expect(await designer.locator('.user-chip').getAttribute('title')).toBe(newcomer.email);
    await shot(designer, shotName('newcomer-1-vendor-portal'));

    await admin.getByRole('button', { name: T.refresh }).click();
    const row = admin.getByRole('listitem', { name: newcomer.name });
    await row.getByRole('button', { name: T.disable(newcomer.name) }).click();
    await row.getByRole('button', { name: T.confirmDisable(newcomer.name) }).click();
    await admin.getByRole('status').filter({ hasText: T.disabledDone(newcomer.name) }).waitFor();
    await row.getByText(T.disabledBadge, { exact: true }).waitFor();

    await designer.getByRole('link', { name: T.settings, exact: true }).click();
    await designer.getByRole('status').filter({ hasText: T.signedOut }).waitFor();
    await designer.locator('input[type=email]').waitFor();
    await shot(designer, shotName('newcomer-2-signed-out'));
  }, 60_000);

  step('an owner draws an SOP with the mouse, fixes what the problems list reports, publishes it and starts two jobs', async () => {
    const owner = (people.owner = await session('owner@demo.test'));
    await owner.goto('/sops/new');
    const canvas = owner.getByRole('region', { name: T.canvas });
    await owner.getByTestId('node-qa').waitFor();

    // SOP settings: key, name, and the deliverable needs a reference file.
    const settings = owner.getByRole('complementary', { name: T.sopSettings });
    await settings.getByLabel(T.key).fill(sopKey);
    await settings.getByLabel(T.name).first().fill(data.sopName);
    await settings.getByLabel(T.needsReference).check();

    // Drag an automatic check from the palette onto the canvas: it is not wired in yet.
    const box = (await canvas.boundingBox())!;
    await owner.getByRole('button', { name: T.addCheck }).dragTo(canvas, { targetPosition: { x: box.width * 0.8, y: box.height * 0.42 } });
    await owner.getByTestId('node-check_1').waitFor();
    const problems = owner.getByRole('region', { name: T.problems });
    await expectText(problems.getByRole('button', { name: /check_1.*NODE_DEAD_END/ }));
    await owner.getByRole('complementary', { name: T.nodeProps }).getByLabel(T.title).fill('命名检查');
    await shot(owner, shotName('owner-1-dropped-node-problems'));

    // The vendor's task: instructions; its "submitted" edge will go through the check.
    await owner.getByTestId('node-draft').click();
    const props = owner.getByRole('complementary', { name: T.nodeProps });
    await props.getByLabel(T.instructionsLabel).fill(data.instructions);
    await props.getByRole('button', { name: T.deleteEdge('draft', 'qa') }).click();
    await dragEdge(owner, 'draft', 'submitted', 'check_1');
    await owner.getByTestId('rf__edge-draft->check_1:submitted').waitFor();
    await dragEdge(owner, 'check_1', 'passed', 'qa');
    await owner.getByTestId('rf__edge-check_1->qa:passed').waitFor();

    // One outcome is still unwired: the problems list says so, naming the node.
    await expectText(problems.getByRole('button', { name: /check_1.*OUTCOME_MISSING/ }));
    await owner.getByRole('toolbar', { name: 'SOP' }).getByRole('status').filter({ hasText: T.oneProblem }).waitFor();
    await shot(owner, shotName('owner-2-outcome-missing'));
    await dragEdge(owner, 'check_1', 'failed', 'draft');
    await owner.getByTestId('rf__edge-check_1->draft:failed').waitFor();
    await problems.getByText(T.noProblems).waitFor();
    await owner.getByRole('button', { name: T.autoLayout }).click();
    await owner.getByRole('toolbar', { name: 'SOP' }).getByRole('status').filter({ hasText: T.valid }).waitFor();
    await shot(owner, shotName('owner-3-sop-valid'));

    await owner.getByRole('button', { name: T.saveDraft }).click();
    await owner.waitForURL(`**/sops/${sopKey}`);
    await owner.getByRole('button', { name: T.publish, exact: true }).click();
    await owner.getByRole('status').filter({ hasText: T.published }).waitFor();
    await shot(owner, shotName('owner-4-published'));

    jobPath = await startJob(owner, code, data.jobTitle, 'owner-5-start-job');
    await owner.locator('.live-graph .sop-node.live-active').first().waitFor();

    // The owner moves the vendor's deadline with the picker (in the viewer's zone).
    const actions = owner.getByRole('region', { name: T.manage });
    const due = Date.now() + 5 * 24 * 3600_000;
    await actions.getByLabel(T.newDue('Asia/Shanghai')).fill(localInputValue(due, 'Asia/Shanghai'));
    await actions.locator('select[name="reason"] option:nth-child(2)').waitFor({ state: 'attached' });
    await actions.locator('select[name="reason"]').selectOption({ index: 1 });
    await actions.getByRole('button', { name: T.moveDeadline }).click();
    await actions.getByRole('status').filter({ hasText: T.deadlineMoved }).waitFor();
    await shot(owner, shotName('owner-6-job-started'), true);

    cancelPath = await startJob(owner, cancelCode, data.cancelTitle);
  }, 90_000);

  step('a vendor on a phone sees why a file name is wrong, then submits a correctly named draft', async () => {
    const vendor = (people.vendor = await session(VENDOR_A.email, { viewport: PHONE }));
    const card = () => vendor.getByRole('link', { name: new RegExp(code) });
    await reloadUntil(vendor, card);
    await shot(vendor, shotName('vendor-1-tasks'));
    await card().click();
    const form = vendor.getByRole('form', { name: T.submitForm });
    await form.getByText(data.instructions).waitFor();

    await form.getByLabel('设计稿', { exact: true }).setInputFiles(png('draft-colour.png', 'banner final.png'));
    await form.getByText(T.nameWrong).waitFor();
    await expectText(form.locator('.precheck .reasons li').first());
    await form.getByText(T.fixNames).waitFor();
    expect(await form.getByRole('button', { name: T.submit, exact: true }).isDisabled()).toBe(true);
    await shot(vendor, shotName('vendor-2-naming-reason'), true);

    await form.getByLabel('设计稿', { exact: true }).setInputFiles(png('draft-colour.png', `${code}_design_v01.png`));
    await form.getByText(T.nameOk).waitFor();
    await form.getByRole('button', { name: T.submit, exact: true }).click();
    await vendor.getByRole('status').filter({ hasText: T.submitted(1) }).first().waitFor();
    await shot(vendor, shotName('vendor-3-submitted'), true);
  }, 60_000);

  step('QA opens the review, swipes between reference and draft, and rejects with a reason', async () => {
    const qa = (people.qa = await session('qa@demo.test'));
    const item = () => qa.getByRole('option').filter({ hasText: code });
    await reloadUntil(qa, item);
    await shot(qa, shotName('qa-1-queue'));
    await item().getByRole('button').click();
    await imageLoaded(qa.getByAltText(T.reference, { exact: true }));
    await imageLoaded(qa.getByAltText(T.draft, { exact: true }).first());
    await shot(qa, shotName('qa-2-side-by-side'));

    await qa.getByRole('tab', { name: T.swipe }).click();
    const slider = qa.getByRole('slider', { name: T.split });
    const box = (await slider.boundingBox())!;
    await qa.mouse.click(box.x + box.width * 0.25, box.y + box.height / 2);
    await waitFor(async () => Number(await slider.inputValue()) < 40, 'the swipe slider to move left');
    await shot(qa, shotName('qa-3-swipe'));

    await qa.getByRole('button', { name: T.reject }).click();
    await qa.getByRole('alert').filter({ hasText: T.reasonRequired }).waitFor();
    await qa.getByRole('checkbox', { name: /颜色不符/ }).check();
    await qa.getByLabel(T.comment, { exact: true }).fill(data.qaComment);
    await qa.getByRole('button', { name: T.reject }).click();
    await qa.getByRole('status').filter({ hasText: T.rejectedSent }).waitFor();
    await shot(qa, shotName('qa-4-rejected'));
  }, 60_000);

  step('the vendor reads the QA comment and reason, resubmits, QA approves and the dashboard shows the job done', async () => {
    const vendor = people.vendor!;
    const qa = people.qa!;
    await vendor.goto(`/vendor${jobPath}`);
    const feedback = vendor.getByRole('region', { name: T.qaFeedback });
    await reloadUntil(vendor, () => vendor.getByRole('form', { name: T.submitForm }).getByText(T.rework(2)));
    await feedback.locator('.reason-chip', { hasText: '颜色不符' }).waitFor();
    await feedback.getByText(data.qaComment).waitFor();
    await shot(vendor, shotName('vendor-4-qa-feedback'), true);

    const form = vendor.getByRole('form', { name: T.submitForm });
    await form.getByLabel('设计稿', { exact: true }).setInputFiles(png('draft-identical.png', `${code}_design_v02.png`));
    await form.getByText(T.nameOk).waitFor();
    await form.getByRole('button', { name: T.submit, exact: true }).click();
    await vendor.getByRole('status').filter({ hasText: T.submitted(2) }).first().waitFor();

    await qa.goto('/qa');
    const item = () => qa.getByRole('option').filter({ hasText: code });
    await reloadUntil(qa, item);
    await item().getByRole('button').click();
    await imageLoaded(qa.getByAltText(T.draft, { exact: true }).first());
    await qa.getByLabel(T.comment, { exact: true }).fill(data.approveComment);
    await qa.getByRole('button', { name: T.approve }).click();
    await qa.getByRole('status').filter({ hasText: T.approvedSent }).waitFor();

    // Every run so far completed one job, after one rejection.
    const manager = (people.manager = await session('manager@demo.test'));
    const runsDone = new RegExp(`^${index + 1}$`);
    await manager.getByRole('heading', { name: T.dashboard }).waitFor();
    const completed = () => manager.locator('.stat', { hasText: T.completed }).filter({ has: manager.locator('.stat-value', { hasText: runsDone }) });
    await reloadUntil(manager, completed);
    await manager.getByRole('img', { name: T.burndown }).waitFor();
    await manager.locator('.stat', { hasText: T.rejections }).locator('.stat-value', { hasText: runsDone }).waitFor();
    await shot(manager, shotName('dashboard-1-job-done'), true);
    await manager.goto(jobPath);
    await manager.getByRole('heading', { name: T.whereTheJobIs }).waitFor();
    await manager.locator('.job-head .badge', { hasText: T.completed }).waitFor();
    await shot(manager, shotName('job-1-completed'), true);
  }, 90_000);

  step('a manager sets their own time zone and notification language, reassigns the other job’s vendor step to another designer and cancels that job', async () => {
    const manager = people.manager!;
    const other: UiLocale = locale === 'en' ? 'zh-CN' : 'en';
    await manager.getByRole('link', { name: T.settings, exact: true }).click();
    const prefs = manager.getByRole('form', { name: T.myNotifications });
    await prefs.getByRole('checkbox', { name: T.email('manager@demo.test') }).setChecked(false);
    await prefs.getByLabel(T.notificationLanguage).selectOption(other);
    await prefs.getByLabel(T.timezone, { exact: true }).fill(data.managerZone);
    await prefs.getByRole('button', { name: T.savePrefs }).click();
    await manager.getByRole('status').filter({ hasText: T.prefsSaved }).waitFor();
    await manager.locator('.topbar .zone-chip', { hasText: data.managerZone }).waitFor();
    await shot(manager, shotName('settings-1-preferences'));
    await manager.reload();
    expect(await prefs.getByRole('checkbox', { name: T.email('manager@demo.test') }).isChecked()).toBe(false);
    expect(await prefs.getByLabel(T.notificationLanguage).inputValue()).toBe(other);
    expect(await prefs.getByLabel(T.timezone, { exact: true }).inputValue()).toBe(data.managerZone);

    // The job to reassign and cancel, found in the job list; its times now read in the manager's new zone.
    await manager.getByRole('navigation').getByRole('link', { name: T.jobsNav, exact: true }).click();
    await manager.getByRole('row').filter({ hasText: cancelCode }).getByRole('link').click();
    await manager.waitForURL(`**${cancelPath}`);
    const head = manager.locator('.job-head');
    await head.getByText(T.assignedTo(VENDOR_A.person), { exact: true }).waitFor();
    const actions = manager.getByRole('region', { name: T.manage });
    await actions.getByLabel(T.newDue(data.managerZone)).waitFor();

    const reassign = actions.getByRole('form', { name: T.reassign });
    await reassign.getByLabel(T.role, { exact: true }).selectOption('vendor');
    await reassign.getByLabel(T.person, { exact: true }).selectOption({ label: `${BEA.name} (${BEA.email})` });
    await reassign.getByLabel(T.scope, { exact: true }).selectOption({ label: T.onlyStep(DRAFT_STEP) });
    await reassign.getByRole('button', { name: T.reassign }).click();
    await reassign.getByRole('status').filter({ hasText: T.reassigned }).waitFor();
    // The page looks again by itself while the workflow records the change.
    await head.getByText(T.assignedTo(BEA.name), { exact: true }).waitFor();
    await shot(manager, shotName('job-2-reassigned'), true);

    const cancel = manager.getByRole('region', { name: T.manage }).getByRole('form', { name: T.cancelJob });
    await cancel.getByLabel(T.cancelReason, { exact: true }).fill(data.cancelReason);
    await cancel.getByRole('button', { name: T.cancelJob }).click();
    await cancel.getByRole('button', { name: T.confirmCancel }).click();
    await head.locator('.badge', { hasText: T.cancelled }).waitFor();
    await manager.locator('.timeline .tl-text', { hasText: data.cancelReason }).first().waitFor();
    expect(await manager.getByRole('region', { name: T.manage }).count()).toBe(0);
    await shot(manager, shotName('job-3-cancelled'), true);
  }, 90_000);

  step('the admin finds the deliveries the ERP refused, with its answer, and once the ERP is back retries one, which arrives signed', async () => {
    const admin = people.admin!;
    await admin.getByRole('navigation', { name: T.sections }).getByRole('link', { name: T.deliveriesTab }).click();
    const table = admin.getByRole('table', { name: T.deliveriesTable });
    const completedRow = () => table.getByRole('row').filter({ hasText: data.webhookName }).filter({ hasText: 'job.completed' });
    const refresh = () => admin.getByRole('button', { name: T.refresh }).click();
    await refreshUntil(admin, completedRow, refresh);
    expect((await completedRow().getByRole('cell').nth(5).innerText()).trim()).toBe('the webhook receiver answered HTTP 410: endpoint retired');
    await shot(admin, shotName('admin-4-failed-deliveries'));

    erp.accepting = true;
    await completedRow().getByRole('button', { name: T.retry }).click();
    await admin.getByRole('status').filter({ hasText: T.retried }).waitFor();
    await waitFor(async () => (await completedRow().count()) === 0, 'the retried delivery to leave the failed list');
    await admin.getByLabel(T.statusFilter, { exact: true }).selectOption('sent');
    await refreshUntil(admin, completedRow, refresh);
    erp.accepting = false;
    expect(erp.accepted.filter((e) => e.type === 'job.completed' && e.jobCode === code)).toEqual([{ type: 'job.completed', jobCode: code, signatureOk: true }]);
    await shot(admin, shotName('admin-5-delivery-sent'));
  }, 60_000);

  step('a vendor on a phone accepts a new job, checks in twice, works from the reference and the naming rule, answers the task’s questions, submits and sees the check result arrive without reloading; QA reads the answers beside the files', async () => {
    const owner = people.owner!;
    const vendor = people.vendor!;
    const qa = people.qa!;
    const phoneSop = `${sopKey}-phone`;
    const published = await publishAsOwner(phoneSopDefinition(phoneSop, data.sopName));
    expect(published).toEqual([201, 200]);
    const phonePath = await startJob(owner, phoneCode, data.phoneJobTitle, undefined, phoneSop);

    // 接单: the job waits for the vendor's answer before any work is asked for.
    await vendor.goto('/vendor');
    const card = () => vendor.getByRole('link', { name: new RegExp(phoneCode) });
    await reloadUntil(vendor, card);
    await card().click();
    await shot(vendor, shotName('vendor-5-accept'), true);
    await vendor.getByRole('button', { name: T.accept }).click();

    // The task takes the answer's place once the workflow moves on; it asks for a check-in (打卡) every 8 s.
    const form = vendor.getByRole('form', { name: T.submitForm });
    await form.waitFor({ timeout: 20_000 });
    for (const period of [1, 2]) {
      const checkIn = vendor.getByRole('form', { name: T.checkInForm(DRAFT_STEP, period) });
      await checkIn.waitFor({ timeout: 20_000 }); // period 2 opens by itself, without a reload
      await checkIn.getByRole('button', { name: T.checkIn }).click();
      await vendor.getByRole('status').filter({ hasText: T.periodFiled(period) }).waitFor();
    }
    await shot(vendor, shotName('vendor-6-check-ins'), true);

    // The reference to match and a name that passes.
    await imageLoaded(form.getByAltText(T.referenceAlt('reference.png')));
    expect(await form.locator('.example-name').first().innerText()).toBe(`${phoneCode}_design_v01.png`);
    await form.getByLabel(PHONE_QUESTIONS.fonts).fill(data.fonts);
    await form.getByLabel(PHONE_QUESTIONS.hours).fill('6.5');
    await form.getByLabel('设计稿', { exact: true }).setInputFiles(png('draft-identical.png', `${phoneCode}_design_v01.png`));
    await form.getByText(T.nameOk).waitFor();
    await shot(vendor, shotName('vendor-7-questions'), true);

    // No reload from here on: the page keeps this mark until it is loaded again.
    await vendor.evaluate(() => Object.assign(globalThis, { storyMark: 'same page' }));
    await form.getByRole('button', { name: T.submit, exact: true }).click();
    await vendor.getByRole('status').filter({ hasText: T.submitted(1) }).first().waitFor();
    const checks = vendor.locator('section.card').filter({ has: vendor.getByRole('heading', { name: T.vendorChecks, exact: true }) });
    await checks.locator('.check-round .badge', { hasText: T.checkPassed }).waitFor({ timeout: 30_000 });
    expect(await checks.locator('.check-item.ok').count()).toBe(2);
    expect(await vendor.evaluate(() => (globalThis as { storyMark?: string }).storyMark)).toBe('same page');
    await shot(vendor, shotName('vendor-8-check-result-live'), true);

    // QA reads the answers next to the files.
    await qa.goto('/qa');
    const item = () => qa.getByRole('option').filter({ hasText: phoneCode });
    await reloadUntil(qa, item);
    await item().getByRole('button').click();
    const answers = qa.locator('.handed-answers');
    await answers.waitFor();
    expect(await answers.locator('dt').allInnerTexts()).toEqual([PHONE_QUESTIONS.fonts, PHONE_QUESTIONS.hours]);
    expect(await answers.locator('dd').allInnerTexts()).toEqual([data.fonts, '6.5']);
    await qa.getByRole('heading', { name: T.formAnswers }).waitFor();
    await shot(qa, shotName('qa-5-form-answers'), true);
    expect(phonePath).toMatch(/^\/jobs\//);
  }, 120_000);

  step('the owner bulk-starts two jobs from a spreadsheet (dry-run report first), publishes version 2 of the SOP, moves both running jobs to it after a dry run, and sees them on the portfolio Gantt', async () => {
    const owner = people.owner!;
    const bulkCodes = [1, 2].map((n) => `BLK-${stamp}-${tag}-${n}`);

    // The sheet is filled in from the SOP's template: two good rows and one naming a vendor that does not exist.
    await owner.goto('/jobs');
    await owner.getByRole('link', { name: T.bulkStart, exact: true }).click();
    await owner.getByLabel('SOP', { exact: true }).selectOption(sopKey);
    const [download] = await Promise.all([owner.waitForEvent('download'), owner.getByRole('button', { name: T.downloadCsv }).click()]);
    const header = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/u, '').split(/\r?\n/u)[0]!.split(',').map((c) => c.replace(/^"|"$/gu, ''));
    const cell = (column: string, code: string, vendor: string) =>
      ({ code, title: `${data.bulkTitle} ${code.slice(-1)}`, sop: sopKey, vendor, 'assignee:vendor': VENDOR_A.email, 'assignee:qa': 'qa@demo.test', 'reference:design': 'reference.png' })[column] ?? '';
    const rows = [[bulkCodes[0]!, VENDOR_A.org], [bulkCodes[1]!, VENDOR_A.org], [`BLK-${stamp}-${tag}-3`, 'Vendor Z']];
    const csv = [header.join(','), ...rows.map(([rowCode, vendor]) => header.map((column) => cell(column, rowCode!, vendor!)).join(','))].join('\n');
    await owner.getByLabel(T.sheetInput, { exact: true }).setInputFiles({ name: `bulk-${tag}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await owner.getByRole('status').filter({ hasText: T.bulkSummary(3, 2, 1) }).waitFor();
    const problem = owner.getByRole('table', { name: T.bulkProblems }).getByRole('row').filter({ hasText: 'Vendor Z' });
    expect((await problem.getByRole('cell').allInnerTexts()).slice(0, 2)).toEqual(['4', 'vendor']);
    await shot(owner, shotName('owner-7-bulk-dry-run'), true);
    await owner.getByRole('button', { name: T.bulkStartN(2) }).click();
    const results = owner.getByRole('table', { name: T.bulkResults });
    for (const bulkCode of bulkCodes) await results.getByRole('row').filter({ hasText: bulkCode }).getByText(T.rowStarted, { exact: true }).waitFor({ timeout: 30_000 });
    await shot(owner, shotName('owner-8-bulk-started'), true);

    // Version 2 gives the vendor's step three days instead of two.
    await owner.goto(`/sops/${sopKey}`);
    await owner.getByTestId('node-draft').click();
    await owner.getByRole('complementary', { name: T.nodeProps }).getByLabel(T.dueAfter, { exact: true }).fill('3');
    await owner.getByRole('button', { name: T.publish, exact: true }).click();
    await owner.getByRole('status').filter({ hasText: T.publishedVersion(2) }).waitFor();
    await owner.getByRole('toolbar', { name: 'SOP' }).getByRole('link', { name: T.migrateOpen }).click();
    await owner.waitForURL(`**/sops/${sopKey}/migrations`);

    // From version 1 to 2: the two jobs just started are the running jobs of version 1.
    expect(await owner.getByLabel(T.fromVersion, { exact: true }).inputValue()).toBe('1');
    expect(await owner.getByLabel(T.toVersion, { exact: true }).inputValue()).toBe('2');
    const running = owner.getByRole('region', { name: T.runningOn(1) });
    for (const bulkCode of bulkCodes) await running.getByRole('row').filter({ hasText: bulkCode }).waitFor();
    expect(await running.getByRole('row').count()).toBe(3); // the header and the two jobs
    await running.getByRole('checkbox', { name: T.selectAll }).check();
    await running.getByRole('button', { name: T.previewMigration }).click();
    const preview = owner.getByRole('table', { name: T.migrationPreview(2, 0) });
    for (const bulkCode of bulkCodes) {
      const row = preview.getByRole('row').filter({ hasText: bulkCode });
      await row.getByText(T.willMove, { exact: true }).waitFor();
      await row.getByText(T.deadlineChange).waitFor();
    }
    expect(await web.harness.test.db.prisma.job.count({ where: { code: { in: bulkCodes }, sopVersion: 2 } })).toBe(0);
    await shot(owner, shotName('owner-9-migration-dry-run'), true);
    await running.getByRole('button', { name: T.migrateN(2) }).click();
    const result = owner.getByRole('table', { name: T.migrationResult(2, 0) });
    for (const bulkCode of bulkCodes) await result.getByRole('row').filter({ hasText: bulkCode }).getByText(T.moved, { exact: true }).waitFor({ timeout: 30_000 });
    await running.getByText(T.noRunningJobs).waitFor();
    expect(await web.harness.test.db.prisma.job.count({ where: { code: { in: bulkCodes }, sopVersion: 2, status: 'running' } })).toBe(2);
    await shot(owner, shotName('owner-10-migrated'), true);

    // The portfolio Gantt of the SOP's running jobs shows both.
    await owner.getByRole('navigation', { name: T.mainNav }).getByRole('link', { name: T.portfolioNav }).click();
    await owner.getByLabel('SOP', { exact: true }).selectOption(sopKey);
    await owner.getByLabel(T.statusFilter, { exact: true }).selectOption('running');
    const gantt = owner.getByRole('list', { name: T.gantt });
    for (const bulkCode of bulkCodes) await gantt.getByTestId(`job-${bulkCode}`).waitFor();
    expect(await gantt.locator('.pf-job').count()).toBe(2);
    await shot(owner, shotName('owner-11-portfolio'), true);
  }, 150_000);
});

/** The questions the phone chapter's task asks (SOP content: the same in both UI languages). */
const PHONE_QUESTIONS = { fonts: '使用的字体', hours: '工时（小时）' };

/**
 * The SOP of the phone chapter: the vendor accepts (接单), then checks in (打卡)
 * every 8 s while delivering the design with two answers; naming and visual
 * checks run before QA.
 */
function phoneSopDefinition(key: string, name: string) {
  return {
    schemaVersion: 1, key, name: `${name} · 接单`, timezone: 'Asia/Shanghai', roles: ['owner', 'vendor', 'qa', 'manager'],
    deliverables: [{ id: 'design', label: '设计稿', naming: '{job.code}_design_v{version:2}.{ext:png|jpg}', accept: ['image/png', 'image/jpeg'], reference: true }],
    nodes: [
      { id: 'start', type: 'start', title: '开始' },
      { id: 'take', type: 'accept', title: '接单', assignee: 'vendor', due: { after: 'P1D' }, reasons: [{ code: 'capacity', label: '产能不足' }] },
      {
        id: 'draft', type: 'task', title: DRAFT_STEP, assignee: 'vendor', produces: ['design'], due: { after: 'P2D' }, reports: { every: 'PT8S', graceAfter: 'PT2M' },
        form: [{ id: 'fonts', label: PHONE_QUESTIONS.fonts, type: 'text', required: true }, { id: 'hours', label: PHONE_QUESTIONS.hours, type: 'number', min: 0, max: 200 }],
      },
      { id: 'checks', type: 'check', title: '自动检查', checks: [{ kind: 'naming', deliverable: 'design' }, { kind: 'visual', deliverable: 'design' }] },
      { id: 'qa', type: 'review', title: '质检审核', assignee: 'qa', reasons: [{ code: 'wrong-colour', label: '颜色不符' }] },
      { id: 'end', type: 'end', title: '完成' },
    ],
    edges: [
      { from: 'start', to: 'take' },
      { from: 'take', to: 'draft', on: 'accepted' },
      { from: 'take', to: 'end', on: 'declined' },
      { from: 'draft', to: 'checks', on: 'submitted' },
      { from: 'checks', to: 'qa', on: 'passed' },
      { from: 'checks', to: 'draft', on: 'failed' },
      { from: 'qa', to: 'end', on: 'approved' },
      { from: 'qa', to: 'draft', on: 'rejected' },
    ],
  };
}

/** Creates and publishes `definition` as the demo owner (the chapter is about the vendor and QA, not drawing): [create status, publish status]. */
async function publishAsOwner(definition: { key: string }): Promise<[number, number]> {
  const token = await web.harness.login('owner');
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const created = await fetch(`${web.baseUrl}/api/sops`, { method: 'POST', headers, body: JSON.stringify({ definition }) });
  const published = await fetch(`${web.baseUrl}/api/sops/${definition.key}/publish`, { method: 'POST', headers });
  return [created.status, published.status];
}

async function expectText(locator: Locator): Promise<void> {
  await locator.first().waitFor();
  expect((await locator.first().innerText()).trim()).not.toBe('');
}

/** Waits until an <img> has decoded pixels (blob URLs are fetched with the token first). */
async function imageLoaded(img: Locator): Promise<void> {
  await img.waitFor();
  await waitFor(async () => (await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)) > 0, `${img.toString()} to load`, 10_000);
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
