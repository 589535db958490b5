import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CheckResult, FileComparison, JobDetail, JobFiles } from '../../lib/api-types';
import { stubApi } from '../../test/api-stub';
import { person, renderWithSession } from '../../test/render-with-session';
import { QaReviewPage } from './qa-review-page';

afterEach(() => vi.unstubAllGlobals());

const JOB: JobDetail = {
  id: 'job-1', code: 'J1', title: 'Banner', status: 'running', workflowId: 'wf-1', sop: { key: 's', version: 1 }, vendorOrg: { id: 'o-va', name: 'Vendor A' },
  ownerId: 'u-o', assignees: { vendor: 'u-va', qa: 'u-qa' }, createdAt: '2026-11-27T08:00:00.000Z', completedAt: null, fields: {}, activeSteps: ['review'],
  steps: [{
    nodeId: 'review', type: 'review', status: 'active', round: 3, activatedAt: '2026-11-27T08:00:00Z', dueAt: null, completedAt: null,
    outcome: null, assigneeRole: 'qa', assigneeUserId: null, title: 'QA',
  }],
  definition: null,
};
const version = (n: number) => ({
  deliverable: 'banner', version: n, fileId: `f-v${n}`, name: `J1_banner_v0${n}.png`, sha256: `sha${n}`, size: 100, mime: 'image/png',
  uploadedBy: { id: 'u-vendor', name: 'vendor person' }, at: '2026-12-01T02:00:00.000Z', nodeId: 'draft', round: n, naming: { passed: true, reasons: [] },
});
const FILES: JobFiles = {
  versions: [version(1), version(2), version(3)],
  references: [{ deliverable: 'banner', fileId: 'f-ref', name: 'banner-ref.png', sha256: 'shaR', size: 100, mime: 'image/png' }],
};
// The checks of round 3: one changed region against the reference, and the OCR text.
const CHECKS: CheckResult[] = [
  {
    id: 'c-vis', nodeId: 'auto', round: 3, kind: 'visual', deliverable: 'banner', passed: false, reasons: [], createdAt: '2026-12-01T02:01:00.000Z',
    figures: { width: 40, height: 30, diffPixels: 12, regions: [{ x: 1, y: 2, width: 3, height: 4, pixels: 12 }] }, artefacts: [{ kind: 'diff', url: '/api/jobs/job-1/checks/c-vis/artefacts/diff' }],
  },
];

function comparison(a: string, b: string): FileComparison {
  const side = (id: string) => ({ fileId: id, kind: 'version' as const, deliverable: 'banner', version: Number(id.slice(-1)), round: Number(id.slice(-1)), name: id });
  return {
    a: side(a), b: side(b), cached: false, settings: { resize: 'fit' },
    visual: {
      passed: true, reasons: [], artefacts: [{ kind: 'diff', fileId: 'f-diff-compare' }],
      figures: { width: 40, height: 30, diffPixels: 99, regions: [{ x: 10, y: 11, width: 12, height: 13, pixels: 70 }, { x: 20, y: 21, width: 2, height: 2, pixels: 29 }] },
    },
    ocr: { figures: { text: '新品 上市', comparison: { identical: false, similarity: 0.8, referenceText: '新品', ops: [{ op: 'equal', text: '新品' }, { op: 'insert', text: '上市' }] } } },
  };
}

function show() {
  const calls = stubApi((method, url) => {
    if (url === '/api/me') return { body: person(['qa']) };
    if (url === '/api/jobs/job-1') return { body: JOB };
    if (url === '/api/jobs/job-1/checks') return { body: { items: CHECKS } };
    if (url === '/api/jobs/job-1/files') return { body: FILES };
    if (url.startsWith('/api/me/tasks')) return { body: { items: [], nextCursor: null } };
    const m = /^\/api\/jobs\/job-1\/files\/compare\?a=([\w-]+)&b=([\w-]+)$/.exec(url);
    if (method === 'GET' && m) return { body: comparison(m[1]!, m[2]!) };
    return undefined;
  });
  renderWithSession(<QaReviewPage jobId="job-1" nodeId="review" />);
  const compares = () => calls.filter((c) => c.url.includes('/files/compare')).map((c) => c.url.replace('/api/jobs/job-1/files/compare?', ''));
  const images = () => calls.filter((c) => c.url.includes('/artefacts/') || c.url.endsWith('/preview')).map((c) => c.url);
  return { compares, images };
}

const regionList = () => screen.getByRole('heading', { name: /Changed regions/ }).closest('section')!;

describe('the QA review page\'s version pickers', () => {
  it('start on the reference and the latest draft with the checks\' own regions, and ask the server for nothing', async () => {
    const { compares, images } = show();
    const pickers = await screen.findByRole('group', { name: 'Compare versions' });
    expect((within(pickers).getByLabelText('A (base)') as HTMLSelectElement).value).toBe('f-ref');
    expect((within(pickers).getByLabelText('B (compared)') as HTMLSelectElement).value).toBe('f-v3');
    await waitFor(() => expect(within(regionList()).getAllByRole('listitem')).toHaveLength(1));
    expect(within(regionList()).getByText('12 px')).toBeTruthy();
    expect(compares()).toEqual([]);
    // the heatmap is the check's diff image, asked for at its artefact URL (built there on the first open)
    await waitFor(() => expect(images()).toContain('/api/jobs/job-1/checks/c-vis/artefacts/diff'));
  });

  it('compare v1 with v3 once A is set to v1: the regions and the OCR text diff are the server\'s comparison of those two', async () => {
    const { compares, images } = show();
    const pickers = await screen.findByRole('group', { name: 'Compare versions' });
    await userEvent.selectOptions(within(pickers).getByLabelText('A (base)'), 'f-v1');
    await waitFor(() => expect(within(regionList()).getAllByRole('listitem')).toHaveLength(2));
    expect(compares()).toEqual(['a=f-v1&b=f-v3']);
    await waitFor(() => expect(images()).toContain('/api/files/f-diff-compare/preview'));
    expect(within(regionList()).getByText('70 px')).toBeTruthy();
    expect(screen.getByText('上市').tagName).toBe('INS');
  });

  it('compare v2 with v1 after B is set to v1 and the two are swapped', async () => {
    const { compares } = show();
    const pickers = await screen.findByRole('group', { name: 'Compare versions' });
    await userEvent.selectOptions(within(pickers).getByLabelText('A (base)'), 'f-v2');
    await userEvent.selectOptions(within(pickers).getByLabelText('B (compared)'), 'f-v1');
    await userEvent.click(within(pickers).getByRole('button', { name: 'Swap A and B' }));
    await waitFor(() => expect(compares().at(-1)).toBe('a=f-v1&b=f-v2'));
    expect((within(pickers).getByLabelText('A (base)') as HTMLSelectElement).value).toBe('f-v1');
  });
});
