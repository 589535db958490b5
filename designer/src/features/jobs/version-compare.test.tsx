import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FileComparison, JobFiles } from '../../lib/api-types';
import { stubApi } from '../../test/api-stub';
import { person, renderWithSession } from '../../test/render-with-session';
import { defaultPair, versionOptions } from '../qa-review/version-options';
import { VersionCompare } from './version-compare';

afterEach(() => vi.unstubAllGlobals());

const version = (n: number) => ({
  deliverable: 'banner', version: n, fileId: `f-v${n}`, name: `J1_banner_v0${n}.png`, sha256: `sha${n}`, size: 100, mime: 'image/png',
  uploadedBy: { id: 'u-vendor', name: 'vendor person' }, at: '2026-12-01T02:00:00.000Z', nodeId: 'draft', round: n, naming: { passed: true, reasons: [] },
});
const FILES: JobFiles = {
  versions: [version(1), version(3), version(2)],
  references: [{ deliverable: 'banner', fileId: 'f-ref', name: 'banner-ref.png', sha256: 'shaR', size: 100, mime: 'image/png' }],
};

function comparisonOf(a: string, b: string, diffPixels: number): FileComparison {
  const side = (id: string) => (id === 'f-ref'
    ? { fileId: id, kind: 'reference' as const, deliverable: 'banner', version: null, round: null, name: 'banner-ref.png' }
    : { fileId: id, kind: 'version' as const, deliverable: 'banner', version: Number(id.slice(-1)), round: Number(id.slice(-1)), name: id });
  return {
    a: side(a), b: side(b), cached: false, settings: { resize: 'fit' },
    visual: { passed: true, figures: { width: 40, height: 30, diffPixels, regions: [{ x: 5, y: 8, width: 10, height: 5, pixels: 50 }] }, reasons: [], artefacts: [{ kind: 'diff', fileId: 'f-diff' }] },
    ocr: { figures: { text: '新品 上市', comparison: { identical: false, similarity: 0.8, referenceText: '新品', ops: [{ op: 'equal', text: '新品' }, { op: 'insert', text: '上市' }] } } },
  };
}

function show(answer: (comparison: FileComparison) => FileComparison = (c) => c, checksRunning = false) {
  const calls = stubApi((method, url) => {
    if (url === '/api/me') return { body: person(['qa']) };
    const m = /^\/api\/jobs\/job-1\/files\/compare\?a=([\w-]+)&b=([\w-]+)$/.exec(url);
    if (method === 'GET' && m) return { body: answer(comparisonOf(m[1]!, m[2]!, m[1] === 'f-ref' ? 50 : 7)) };
    return undefined;
  });
  const view = renderWithSession(<VersionCompare jobId="job-1" files={FILES} definition={null} checksRunning={checksRunning} />);
  const compares = () => calls.filter((c) => c.url.includes('/files/compare')).map((c) => c.url.replace('/api/jobs/job-1/files/compare?', ''));
  return { compares, view };
}

describe('version options', () => {
  it('offer the reference first, then the versions newest first; the default compares the latest with the reference', () => {
    const options = versionOptions(FILES, 'banner');
    expect(options.map((o) => o.fileId)).toEqual(['f-ref', 'f-v3', 'f-v2', 'f-v1']);
    expect(defaultPair(options)).toEqual({ a: 'f-ref', b: 'f-v3' });
  });

  it('compare the latest with the version before it when the deliverable has no reference', () => {
    expect(defaultPair(versionOptions({ ...FILES, references: [] }, 'banner'))).toEqual({ a: 'f-v2', b: 'f-v3' });
  });

  it('start with nothing picked when the reference is a PDF, which the visual check cannot read', () => {
    const pdfReference = { ...FILES, references: [{ ...FILES.references[0]!, name: 'brief.pdf', mime: 'application/pdf' }] };
    expect(defaultPair(versionOptions(pdfReference, 'banner'))).toEqual({});
  });
});

describe('VersionCompare', () => {
  it('asks the server for the reference against the latest version and shows its pixel count, regions and OCR text diff', async () => {
    const { compares } = show();
    expect(await screen.findByText('50 pixels differ · 1 changed regions')).toBeTruthy();
    expect(compares()).toEqual(['a=f-ref&b=f-v3']);
    expect(screen.getByText('上市').tagName).toBe('INS');
    expect(screen.getByText('similarity 80%')).toBeTruthy();
  });

  it('compares v1 with v3 once A is set to v1, and v3 with v1 after a swap', async () => {
    const { compares } = show();
    await screen.findByText('50 pixels differ · 1 changed regions');
    const pickers = screen.getByRole('group', { name: 'Compare versions' });
    await userEvent.selectOptions(within(pickers).getByLabelText('A (base)'), 'f-v1');
    expect(await screen.findByText('7 pixels differ · 1 changed regions')).toBeTruthy();
    expect((within(pickers).getByLabelText('B (compared)') as HTMLSelectElement).value).toBe('f-v3');
    await userEvent.click(within(pickers).getByRole('button', { name: 'Swap A and B' }));
    await waitFor(() => expect(compares()).toEqual(['a=f-ref&b=f-v3', 'a=f-v1&b=f-v3', 'a=f-v3&b=f-v1']));
    expect((within(pickers).getByLabelText('A (base)') as HTMLSelectElement).value).toBe('f-v3');
    expect(within(pickers).getAllByRole('option', { name: /v1 · J1_banner_v01.png/ })).toHaveLength(2);
  });

  it('does not compare the default pair while the job\'s checks run, compares it once they are done, on "Compare now", and a pair someone picks', async () => {
    const { compares, view } = show(undefined, true);
    expect(await screen.findByText('Compared once the running checks are done.', { exact: false })).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(compares()).toEqual([]);
    view.rerenderWithSession(<VersionCompare jobId="job-1" files={FILES} definition={null} checksRunning={false} />);
    expect(await screen.findByText('50 pixels differ · 1 changed regions')).toBeTruthy();
    expect(compares()).toEqual(['a=f-ref&b=f-v3']);
    view.rerenderWithSession(<VersionCompare jobId="job-1" files={FILES} definition={null} checksRunning />);
    await userEvent.click(await screen.findByRole('button', { name: 'Compare now' }));
    expect(await screen.findByText('50 pixels differ · 1 changed regions')).toBeTruthy();
    const pickers = screen.getByRole('group', { name: 'Compare versions' });
    await userEvent.selectOptions(within(pickers).getByLabelText('A (base)'), 'f-v1');
    expect(await screen.findByText('7 pixels differ · 1 changed regions')).toBeTruthy();
    expect(compares()).toEqual(['a=f-ref&b=f-v3', 'a=f-v1&b=f-v3']);
  });

  it('names the sides of the viewer after the picked versions', async () => {
    show();
    await screen.findByText('50 pixels differ · 1 changed regions');
    expect(screen.getByText('A · Reference')).toBeTruthy();
    expect(screen.getByText('B · v3')).toBeTruthy();
  });

  it('says no text was read when neither side holds any, instead of an empty diff', async () => {
    show((c) => ({ ...c, ocr: { figures: { text: '', comparison: { identical: true, similarity: 1, referenceText: '', ops: [] } } } }));
    expect(await screen.findByText('No text was read on either side')).toBeTruthy();
  });
});
