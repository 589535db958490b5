/**
 * The visual check on the committed fixture images against the golden table
 * tests/fixtures/images/expected.json (regenerate deliberately with
 * `UPDATE=1 npx tsx scripts/make-fixtures.ts`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { closeBandWorkers } from '../../checks/parallel-compare';
import { runVisualCheck, type VisualCheckInput } from '../../checks/visual-check';

const DIR = join(__dirname, '..', 'fixtures', 'images');
const fixture = (name: string): string => join(DIR, name);

interface Golden {
  pairs: Array<{
    name: string;
    reference: string;
    draft: string;
    options?: Partial<VisualCheckInput>;
    expected: { passed: boolean; width: number; height: number; diffPixels: number; diffRatio: number; regionCount: number; regions: unknown[]; reasons: string[] };
  }>;
  bad: Array<{ file: string; code: string }>;
}
afterAll(() => closeBandWorkers());

const golden = JSON.parse(readFileSync(fixture('expected.json'), 'utf8')) as Golden;

describe('visual check on the golden fixtures', () => {
  it.each(golden.pairs.map((p) => [p.name, p] as const))('%s', async (_name, pair) => {
    const result = await runVisualCheck({ reference: fixture(pair.reference), draft: fixture(pair.draft), ...pair.options });
    expect({
      passed: result.passed, width: result.width, height: result.height, diffPixels: result.diffPixels,
      diffRatio: result.diffRatio, regionCount: result.regionCount, regions: result.regions, reasons: result.reasons.map((r) => r.code),
    }).toEqual(pair.expected);
  });

  it('has the behaviour the golden table claims for the key pairs', () => {
    const byName = new Map(golden.pairs.map((p) => [p.name, p.expected]));
    expect(byName.get('identical re-render passes with zero differing pixels')).toMatchObject({ passed: true, diffPixels: 0 });
    expect(byName.get('moved badge fails with a region around old and new position')).toMatchObject({ passed: false, regionCount: 1 });
    expect(byName.get('changed logo passes when the logo area is ignored')).toMatchObject({ passed: true, diffPixels: 0 });
    expect(byName.get('JPEG quality 90 re-encode passes')).toMatchObject({ passed: true });
    expect(byName.get('smaller draft fails on size without resize')).toMatchObject({ passed: false, reasons: ['DIMENSION_MISMATCH'] });
  });
});

describe('visual check results', () => {
  it('puts the changed word inside the largest region', async () => {
    const result = await runVisualCheck({ reference: fixture('reference.png'), draft: fixture('draft-word.png') });
    const box = result.regions[0]!;
    // "50%" → "60%": the digit sits at about x 490–520, y 300–350 in the 1200×600 banner
    expect(box.x).toBeGreaterThanOrEqual(480);
    expect(box.x + box.width).toBeLessThanOrEqual(530);
    expect(box.y).toBeGreaterThanOrEqual(295);
    expect(box.y + box.height).toBeLessThanOrEqual(360);
  });

  it('reports a size mismatch with both sizes when the draft is not scaled', async () => {
    const result = await runVisualCheck({ reference: fixture('reference.png'), draft: fixture('draft-small.png') });
    expect(result.passed).toBe(false);
    expect(result.reasons).toEqual([{
      code: 'DIMENSION_MISMATCH',
      message: 'draft is 1000×500 but the reference is 1200×600',
      reference: { width: 1200, height: 600 },
      draft: { width: 1000, height: 500 },
    }]);
  });

  it('scales the draft to the reference size with resize fit', async () => {
    const result = await runVisualCheck({ reference: fixture('reference.png'), draft: fixture('draft-small.png'), resize: 'fit', threshold: 0.2, maxDiffRatio: 0.05 });
    expect(result).toMatchObject({ resized: true, draftSize: { width: 1000, height: 500 }, width: 1200, height: 600, passed: true });
  });

  it('explains a failure with the figures', async () => {
    const result = await runVisualCheck({ reference: fixture('reference.png'), draft: fixture('draft-colour.png') });
    expect(result.reasons).toEqual([expect.objectContaining({
      code: 'TOO_MANY_DIFFERENT_PIXELS',
      diffPixels: result.diffPixels,
      maxDiffRatio: 0.005,
      message: expect.stringMatching(/^[\d,]+ pixels differ \([\d.]+ %\), more than the 0\.5 % allowed$/),
    })]);
  });

  it('returns a diff PNG and an overlay PNG of the reference size', async () => {
    const result = await runVisualCheck({ reference: fixture('reference.png'), draft: fixture('draft-moved.png'), returnImages: true });
    for (const png of [result.images!.diff, result.images!.overlay]) {
      const meta = await sharp(png).metadata();
      expect(meta).toMatchObject({ format: 'png', width: 1200, height: 600 });
    }
    // the overlay draws a red box edge just left of the region
    const region = result.regions[0]!;
    const { data, info } = await sharp(result.images!.overlay).raw().toBuffer({ resolveWithObject: true });
    const at = ((region.y + 20) * info.width + (region.x - 2)) * info.channels;
    expect([data[at], data[at + 1], data[at + 2]]).toEqual([230, 0, 0]);
  });

  it('accepts file bytes as well as paths', async () => {
    const result = await runVisualCheck({ reference: readFileSync(fixture('reference.png')), draft: readFileSync(fixture('draft-identical.png')) });
    expect(result).toMatchObject({ passed: true, diffPixels: 0 });
  });
});

describe('visual check on unusable files', () => {
  it.each(golden.bad.map((b) => [b.file, b.code] as const))('rejects %s with %s', async (file, code) => {
    const error = await runVisualCheck({ reference: fixture('reference.png'), draft: fixture(file) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'CheckInputError', code });
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).not.toContain('\n');
  });
});
