/**
 * Generates the image fixtures of the check engines under
 * tests/fixtures/images/ and their golden table expected.json.
 *
 *   UPDATE=1 npx tsx scripts/make-fixtures.ts
 *
 * Without UPDATE=1 nothing is overwritten: the script only reports what is
 * missing. Banners are rendered from SVG by sharp (librsvg) and need the
 * Noto CJK fonts (Debian `fonts-noto-cjk`) or Chinese renders as boxes;
 * generated files are committed, so tests never render.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { runVisualCheck } from '../checks/visual-check';
import type { Rect } from '../core/sop/types';

/** Where the fixtures live. */
export const FIXTURE_DIR = join(__dirname, '..', 'tests', 'fixtures', 'images');

const WIDTH = 1200;
const HEIGHT = 600;
const FONT = "'Noto Sans CJK SC', 'Noto Sans CJK', sans-serif";

/** What differs between banner variants. */
interface BannerOptions {
  badgeX?: number;
  badgeColour?: string;
  subtitle?: string;
  logoText?: string;
  width?: number;
  height?: number;
}

/** A design-like sale banner as SVG (1200×600 user units). */
export function bannerSvg(o: BannerOptions = {}): string {
  const badgeX = o.badgeX ?? 860;
  const width = o.width ?? WIDTH;
  const height = o.height ?? HEIGHT;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${WIDTH} ${HEIGHT}">
  <rect width="${WIDTH}" height="${HEIGHT}" fill="#d7261e"/>
  <rect x="0" y="500" width="${WIDTH}" height="100" fill="#9e1a14"/>
  <rect x="24" y="20" width="176" height="56" rx="8" fill="#ffffff"/>
  <text x="112" y="58" text-anchor="middle" font-family="${FONT}" font-size="28" font-weight="bold" fill="#d7261e">${o.logoText ?? 'ACME 商城'}</text>
  <text x="80" y="230" font-family="${FONT}" font-size="96" font-weight="bold" fill="#ffffff">双十一 全场5折</text>
  <text x="80" y="350" font-family="${FONT}" font-size="64" fill="#ffe9a8">${o.subtitle ?? 'Summer Sale 50% OFF'}</text>
  <circle cx="${badgeX + 120}" cy="${150 + 120}" r="120" fill="${o.badgeColour ?? '#ffd23f'}"/>
  <text x="${badgeX + 120}" y="${150 + 140}" text-anchor="middle" font-family="${FONT}" font-size="56" font-weight="bold" fill="#d7261e">限时</text>
  <text x="80" y="562" font-family="${FONT}" font-size="30" fill="#ffffff">活动时间 11.01 – 11.11  www.example.com</text>
</svg>`;
}

async function renderPng(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).png({ compressionLevel: 9, palette: false }).toBuffer();
}

/** One generated file. */
interface FixtureFile { name: string; make: () => Promise<Buffer> }

/** A visual comparison in the golden table. */
interface PairCase {
  name: string;
  reference: string;
  draft: string;
  options?: { threshold?: number; maxDiffRatio?: number; ignore?: Rect[]; resize?: 'fit' | 'none' };
}

const FILES: FixtureFile[] = [
  { name: 'reference.png', make: () => renderPng(bannerSvg()) },
  { name: 'draft-identical.png', make: () => renderPng(bannerSvg()) },
  { name: 'draft-moved.png', make: () => renderPng(bannerSvg({ badgeX: 800 })) },
  { name: 'draft-colour.png', make: () => renderPng(bannerSvg({ badgeColour: '#ff8a1f' })) },
  { name: 'draft-word.png', make: () => renderPng(bannerSvg({ subtitle: 'Summer Sale 60% OFF' })) },
  { name: 'draft-logo.png', make: () => renderPng(bannerSvg({ logoText: 'ACME 旗舰' })) },
  { name: 'draft-small.png', make: () => renderPng(bannerSvg({ width: 1000, height: 500 })) },
  { name: 'ocr-small.png', make: () => renderPng(bannerSvg({ width: 480, height: 240 })) },
  { name: 'draft-q90.jpg', make: async () => sharp(await renderPng(bannerSvg())).jpeg({ quality: 90 }).toBuffer() },
  { name: 'draft-q50.jpg', make: async () => sharp(await renderPng(bannerSvg())).jpeg({ quality: 50 }).toBuffer() },
  // bad input
  { name: 'empty.png', make: async () => Buffer.alloc(0) },
  { name: 'truncated.png', make: async () => { const png = await renderPng(bannerSvg()); return png.subarray(0, Math.floor(png.length / 2)); } },
  { name: 'corrupt.png', make: async () => { const png = Buffer.from(await renderPng(bannerSvg())); for (let i = 200; i < png.length - 100; i += 97) png[i] = 0xa5; return png; } },
  { name: 'gif-named.png', make: () => sharp(Buffer.from(bannerSvg({ width: 300, height: 150 }))).gif().toBuffer() },
  { name: 'text-named.png', make: async () => Buffer.from('This is not an image, only text with a .png name.\n') },
  { name: 'over-limit.png', make: () => sharp({ create: { width: 7000, height: 6000, channels: 3, background: '#ffffff' } }).png({ palette: true, colours: 2, compressionLevel: 9 }).toBuffer() },
];

/** The visual pairs whose figures the golden table records. */
export const PAIR_CASES: PairCase[] = [
  { name: 'identical re-render passes with zero differing pixels', reference: 'reference.png', draft: 'draft-identical.png' },
  { name: 'moved badge fails with a region around old and new position', reference: 'reference.png', draft: 'draft-moved.png' },
  { name: 'changed badge colour fails', reference: 'reference.png', draft: 'draft-colour.png' },
  { name: 'changed word is a small region within the default 0.5 % ratio', reference: 'reference.png', draft: 'draft-word.png' },
  { name: 'changed word fails a strict 0.01 % ratio', reference: 'reference.png', draft: 'draft-word.png', options: { maxDiffRatio: 0.0001 } },
  { name: 'changed logo fails a strict 0.01 % ratio', reference: 'reference.png', draft: 'draft-logo.png', options: { maxDiffRatio: 0.0001 } },
  { name: 'changed logo passes when the logo area is ignored', reference: 'reference.png', draft: 'draft-logo.png', options: { maxDiffRatio: 0.0001, ignore: [{ x: 0, y: 0, width: 220, height: 90 }] } },
  { name: 'JPEG quality 90 re-encode passes', reference: 'reference.png', draft: 'draft-q90.jpg' },
  { name: 'JPEG quality 50 re-encode at the default threshold', reference: 'reference.png', draft: 'draft-q50.jpg' },
  { name: 'JPEG quality 50 re-encode at threshold 0.2', reference: 'reference.png', draft: 'draft-q50.jpg', options: { threshold: 0.2 } },
  { name: 'smaller draft fails on size without resize', reference: 'reference.png', draft: 'draft-small.png' },
  { name: 'smaller draft scaled to fit', reference: 'reference.png', draft: 'draft-small.png', options: { resize: 'fit', threshold: 0.2, maxDiffRatio: 0.05 } },
];

/** Bad files and the error code each must produce. */
export const BAD_CASES = [
  { file: 'empty.png', code: 'IMAGE_EMPTY' },
  { file: 'truncated.png', code: 'IMAGE_DECODE_FAILED' },
  { file: 'corrupt.png', code: 'IMAGE_DECODE_FAILED' },
  { file: 'gif-named.png', code: 'IMAGE_UNSUPPORTED_FORMAT' },
  { file: 'text-named.png', code: 'IMAGE_UNSUPPORTED_FORMAT' },
  { file: 'over-limit.png', code: 'IMAGE_TOO_LARGE' },
] as const;

/** Text the OCR must find in each image (normalised comparison). */
export const OCR_CASES = [
  { image: 'reference.png', languages: ['chi_sim', 'eng'], contains: ['双十一', '全场5折', 'Summer Sale 50% OFF', '活动时间'] },
  { image: 'draft-word.png', languages: ['chi_sim', 'eng'], contains: ['双十一', 'Summer Sale 60% OFF'] },
  { image: 'draft-q50.jpg', languages: ['chi_sim', 'eng'], contains: ['双十一', 'Summer Sale'] },
  { image: 'ocr-small.png', languages: ['eng', 'chi_sim'], contains: ['双十一', '全场5折', 'Summer Sale 50% OFF', 'www.example.com'] },
];

async function main(): Promise<void> {
  const update = process.env.UPDATE === '1';
  await mkdir(FIXTURE_DIR, { recursive: true });
  const missing = FILES.filter((f) => !existsSync(join(FIXTURE_DIR, f.name)));
  if (!update) {
    const golden = existsSync(join(FIXTURE_DIR, 'expected.json'));
    console.log(missing.length === 0 && golden
      ? 'fixtures present; UPDATE=1 regenerates them and expected.json'
      : `missing: ${[...missing.map((f) => f.name), ...(golden ? [] : ['expected.json'])].join(', ')}; run with UPDATE=1`);
    return;
  }
  for (const file of FILES) {
    const bytes = await file.make();
    await writeFile(join(FIXTURE_DIR, file.name), bytes);
    console.log(`${file.name.padEnd(20)} ${String(bytes.length).padStart(8)} bytes`);
  }
  const pairs = [];
  for (const c of PAIR_CASES) {
    const r = await runVisualCheck({ reference: join(FIXTURE_DIR, c.reference), draft: join(FIXTURE_DIR, c.draft), ...c.options });
    pairs.push({
      ...c,
      expected: {
        passed: r.passed, width: r.width, height: r.height, diffPixels: r.diffPixels,
        diffRatio: r.diffRatio, regionCount: r.regionCount, regions: r.regions, reasons: r.reasons.map((x) => x.code),
      },
    });
    console.log(`${r.passed ? 'PASS' : 'FAIL'} ${String(r.diffPixels).padStart(7)} px ${String(r.regionCount).padStart(3)} regions  ${c.name}`);
  }
  const golden = { generatedBy: 'UPDATE=1 npx tsx scripts/make-fixtures.ts', pairs, bad: BAD_CASES, ocr: OCR_CASES };
  await writeFile(join(FIXTURE_DIR, 'expected.json'), `${JSON.stringify(golden, null, 2)}\n`);
  console.log('wrote expected.json');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
