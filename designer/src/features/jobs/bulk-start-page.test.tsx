import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi, type Mock } from 'vitest';
import { stubApi } from '../../test/api-stub';
import { person, renderWithSession } from '../../test/render-with-session';
import { BulkStartPage } from './bulk-start-page';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  localStorage.removeItem('sop.token');
});

const report = {
  dryRun: true, fileName: 'jobs.csv',
  summary: { rows: 3, ready: 2, existing: 0, invalid: 1 },
  rows: [{ row: 2, code: 'A-1', status: 'ready' }, { row: 3, code: 'A-2', status: 'invalid' }, { row: 4, code: 'A-3', status: 'ready' }],
  problems: [{ row: 3, column: 'vendor', code: 'vendor-unknown', message: 'No vendor organisation is named "Nobody".' }],
};
const runAt = (done: number) => ({
  id: 'run-1', fileName: 'jobs.csv', status: done === 3 ? 'done' : 'running', total: 3, done, createdAt: '2026-12-03T10:00:00.000Z',
  summary: { started: done === 3 ? 2 : 1, skipped: 0, failed: done === 3 ? 1 : 0 },
  rows: [
    { row: 2, code: 'A-1', status: 'started', jobId: 'job-1' },
    ...(done === 3 ? [
      { row: 3, code: 'A-2', status: 'failed', problems: [{ row: 3, column: 'vendor', code: 'vendor-unknown', message: 'No vendor organisation is named "Nobody".' }] },
      { row: 4, code: 'A-3', status: 'started', jobId: 'job-3' },
    ] : []),
  ],
});

describe('bulk start', () => {
  it('checks the sheet first, lists each problem by row and column, then starts and shows progress and each row\'s result', async () => {
    const user = userEvent.setup();
    let runReads = 0;
    const calls = stubApi((method, url) => {
      if (url === '/api/me') return { body: person(['owner']) };
      if (url === '/api/sops') return { body: { items: [{ key: 'banner', name: 'Banner', latestVersion: 1 }] } };
      if (method === 'POST' && url === '/api/jobs/bulk') return { body: calls.filter((c) => c.method === 'POST').length === 1 ? report : runAt(0) };
      if (url === '/api/jobs/bulk/runs/run-1') {
        runReads += 1;
        return { body: runAt(runReads === 1 ? 1 : 3) };
      }
      return undefined;
    });
    renderWithSession(<BulkStartPage />);
    await user.upload(screen.getByLabelText('Or: a zip of reference files (sent with the sheet, matched by file name)'), new File(['PK'], 'refs.zip', { type: 'application/zip' }));
    const sheet = new File(['code,title\n'], 'jobs.csv', { type: 'text/csv' });
    await user.upload(screen.getByLabelText('3. Upload the sheet (CSV or XLSX)'), sheet);

    expect(await screen.findByText('3 rows: 2 ready, 0 started before (skipped), 1 with problems')).toBeTruthy();
    const problems = screen.getByRole('table', { name: 'Problems' });
    expect(within(problems).getAllByRole('row').slice(1).map((r) => r.textContent)).toEqual(['3vendorNo vendor organisation is named "Nobody". (vendor-unknown)']);
    const posts = () => (globalThis.fetch as Mock).mock.calls.filter(([, init]) => (init as RequestInit | undefined)?.method === 'POST').map(([, init]) => (init as RequestInit).body as FormData);
    expect(posts().map((form) => [form.get('dryRun'), (form.get('file') as File).name, (form.get('references') as File).name])).toEqual([['true', 'jobs.csv', 'refs.zip']]);

    await user.click(screen.getByRole('button', { name: 'Start 2 jobs' }));
    const results = await screen.findByRole('table', { name: 'Result per row' });
    expect(posts().map((form) => [form.get('dryRun'), (form.get('references') as File).name])).toEqual([['true', 'refs.zip'], ['false', 'refs.zip']]);
    await waitFor(() => expect(screen.getByText('3 of 3 done — 2 started, 0 skipped, 1 failed')).toBeTruthy(), { timeout: 4000 });
    const progress = screen.getByRole('progressbar', { name: 'Progress' });
    expect([progress.getAttribute('value'), progress.getAttribute('max')]).toEqual(['3', '3']);
    expect(within(results).getAllByRole('row').slice(1).map((r) => r.textContent)).toEqual([
      '2A-1Started',
      '3A-2Failedvendor: No vendor organisation is named "Nobody".',
      '4A-3Started',
    ]);
    expect(within(results).getByRole('link', { name: 'A-1' }).getAttribute('href')).toBe('/jobs/job-1');
    const reads = runReads;
    await new Promise((r) => setTimeout(r, 1500));
    expect(runReads).toBe(reads); // a finished run is not read again
  });

  it('downloads the template of the chosen SOP', async () => {
    const user = userEvent.setup();
    stubApi((method, url) => {
      if (url === '/api/me') return { body: person(['owner']) };
      if (url === '/api/sops') return { body: { items: [{ key: 'banner', name: 'Banner', latestVersion: 1 }] } };
      if (url.startsWith('/api/jobs/bulk/template')) return { body: {} };
      return undefined;
    });
    URL.createObjectURL = vi.fn(() => 'blob:template');
    URL.revokeObjectURL = vi.fn();
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    renderWithSession(<BulkStartPage />);
    await screen.findByRole('option', { name: 'Banner' });
    expect((screen.getByRole('button', { name: 'Download XLSX template' }) as HTMLButtonElement).disabled).toBe(true);
    await user.selectOptions(screen.getByRole('combobox', { name: 'SOP' }), 'banner');
    await user.click(screen.getByRole('button', { name: 'Download XLSX template' }));
    await waitFor(() => expect(saved).toEqual(['bulk-start-banner.xlsx']));
    expect((globalThis.fetch as Mock).mock.calls.map(([url]) => url)).toContain('/api/jobs/bulk/template?sop=banner&format=xlsx');
  });
});
