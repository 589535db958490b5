import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HandedIn } from '../../lib/api-types';
import { LocaleProvider, type Locale } from '../../lib/i18n';
import { SessionProvider } from '../auth/session-context';
import { HandedInPanel } from './handed-in';

const vendor = { id: 'u-va', name: 'Vera Vendor' };
const round1: HandedIn = {
  id: 's1', nodeId: 'draft', stepTitle: 'Draft', round: 1, submittedBy: vendor, at: '2026-11-30T08:00:00.000Z', note: 'first try',
  checklist: [{ id: 'size', label: 'Size 1920×600', required: true, ticked: true }], form: [], files: [{ deliverable: 'banner', version: 1, fileId: 'f-b1', name: 'DD11-042_banner_v01.png' }],
};
const round2: HandedIn = {
  id: 's2', nodeId: 'draft', stepTitle: 'Draft', round: 2, submittedBy: vendor, at: '2026-12-01T02:05:00.000Z', note: 'colours per brand book',
  checklist: [
    { id: 'size', label: 'Size 1920×600', required: true, ticked: true },
    { id: 'fonts', label: 'Fonts licensed', required: false, ticked: false },
  ],
  form: [
    { id: 'fontsUsed', label: 'Fonts used', type: 'multiSelect', answer: ['Noto Sans', 'Source Han Sans'] },
    { id: 'proofDate', label: 'Proof date', type: 'date', answer: '2026-12-01' },
    { id: 'cost', label: 'Cost', type: 'money', answer: 1234.5 },
    { id: 'coloursChecked', label: 'Colours checked', type: 'checkbox', answer: true },
    { id: 'rush', label: 'Rush', type: 'checkbox', answer: false },
    { id: 'remarks', label: 'Remarks', type: 'longText', answer: null },
    { id: 'proof', label: 'Print proof', type: 'file', answer: 'f-proof', file: { id: 'f-proof', name: 'proof.pdf' } },
  ],
  files: [{ deliverable: 'banner', version: 2, fileId: 'f-b2', name: 'DD11-042_banner_v02.png' }],
};
const other: HandedIn = { ...round1, id: 's3', nodeId: 'copy', stepTitle: 'Copy text', round: 1, at: '2026-12-01T03:00:00.000Z', note: 'copy done', checklist: [], files: [] };

/** The API: the submissions in two pages (oldest first), `/api/me` in Shanghai, file bytes. */
function stubApi() {
  const calls: Array<{ url: string; auth: string | null }> = [];
  const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    calls.push({ url, auth: new Headers(init?.headers).get('authorization') });
    if (url === '/api/me') return json({ id: 'u-qa', email: 'qa@demo.test', name: 'QA', roles: ['qa'], orgId: 'o-1', org: { id: 'o-1', name: 'Org', kind: 'internal' }, timezone: 'Asia/Shanghai' });
    if (url === '/api/jobs/job-1/submissions?limit=200') return json({ items: [round1, round2], nextCursor: 'c1' });
    if (url === '/api/jobs/job-1/submissions?limit=200&cursor=c1') return json({ items: [other], nextCursor: null });
    if (url === '/api/files/f-proof/content') return new Response('%PDF', { status: 200, headers: { 'content-type': 'application/pdf' } });
    return new Response('{}', { status: 404 });
  }));
  return calls;
}

function renderPanel(props: Parameters<typeof HandedInPanel>[0], locale: Locale = 'en') {
  render(
    <LocaleProvider locale={locale}>
      <SessionProvider>
        <HandedInPanel {...props} />
      </SessionProvider>
    </LocaleProvider>,
  );
}

beforeEach(() => localStorage.setItem('sop.token', 't'));
afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.removeItem('sop.token');
});

describe('what the vendor handed in', () => {
  it('shows QA the latest submission of the reviewed step: note, checklist ticks, answers per type, submitter and time in the viewer zone', async () => {
    stubApi();
    renderPanel({ jobId: 'job-1', latestOf: ['draft'] });
    const article = await screen.findByRole('article', { name: 'Draft · Round 2' });
    expect(screen.getAllByRole('article')).toHaveLength(1);
    await waitFor(() => expect(within(article).getByText(/Submitted by Vera Vendor at 12\/01\/2026, 10:05/)).toBeTruthy());
    expect(within(article).getByText('colours per brand book')).toBeTruthy();
    const ticks = within(article).getAllByRole('listitem').slice(0, 2).map((li) => li.textContent);
    expect(ticks).toEqual(['✓ Size 1920×600 · required', '✗ Fonts licensed']);
    const answers = Object.fromEntries([...article.querySelectorAll('.handed-answers > div')].map((d) => [d.querySelector('dt')?.textContent, d.querySelector('dd')?.textContent]));
    expect(answers).toEqual({
      'Fonts used': 'Noto Sans, Source Han Sans', 'Proof date': 'December 1, 2026', Cost: '1,234.50', 'Colours checked': 'Yes', Rush: 'No', Remarks: 'Not answered', 'Print proof': 'proof.pdf',
    });
  });

  it('says 是/否 and joins choices with 、 in Chinese', async () => {
    stubApi();
    renderPanel({ jobId: 'job-1', latestOf: ['draft'] }, 'zh-CN');
    const article = await screen.findByRole('article', { name: 'Draft · 第 2 轮' });
    const answers = Object.fromEntries([...article.querySelectorAll('.handed-answers > div')].map((d) => [d.querySelector('dt')?.textContent, d.querySelector('dd')?.textContent]));
    expect([answers['Fonts used'], answers['Colours checked'], answers.Rush, answers['Proof date']]).toEqual(['Noto Sans、Source Han Sans', '是', '否', '2026年12月1日']);
  });

  it('downloads a file answer with the session token', async () => {
    const calls = stubApi();
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:proof'), revokeObjectURL: vi.fn() }));
    const user = userEvent.setup();
    renderPanel({ jobId: 'job-1', latestOf: ['draft'] });
    await user.click(await screen.findByRole('button', { name: 'proof.pdf' }));
    await waitFor(() => expect(calls).toContainEqual({ url: '/api/files/f-proof/content', auth: 'Bearer t' }));
  });

  it('lists every submission of the job newest first on the job page, across pages', async () => {
    stubApi();
    renderPanel({ jobId: 'job-1' });
    await screen.findByRole('article', { name: 'Copy text · Round 1' });
    expect(screen.getAllByRole('article').map((a) => a.getAttribute('aria-label'))).toEqual(['Copy text · Round 1', 'Draft · Round 2', 'Draft · Round 1']);
  });
});
