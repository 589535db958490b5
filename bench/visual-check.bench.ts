/**
 * Visual check benchmark (issue 17 item 2): 1920×1080 pairs — flat designs,
 * a textured design, a photograph, and two identical files — timed against
 * odiff in the same run.
 *
 *   npx tsx bench/visual-check.bench.ts [--runs 15] [--photo path/to/photo.jpg]
 *
 * Interleaved per scenario (timings on this shared 2-core machine are noisy,
 * ratios from the same run are what count):
 *  - verdict: `runVisualCheck` without images (decode both, compare, regions) —
 *    what the check's pass/fail and figures need;
 *  - + diff PNG: the same with `diffPath` (the diff image written, as odiff does);
 *    This is the check activity's whole comparison now: its images are lazy;
 *  - lazy open: what the first open of a check's diff image costs, measured
 *    apart from the verdict (api/files/check-artefacts.ts): compare again with
 *    `returnImages` (diff and overlay PNG bytes) and put both into the
 *    content-addressed file storage (the row's one transaction is not timed);
 *  - odiff: odiff-bin 4.5 in server mode (native, SIMD), `antialiasing: true`
 *    so it also ignores anti-aliased pixels, writing its diff PNG;
 *  - bare: sharp decode + whole-image pixelmatch with output + PNG encode (level 1).
 * The diff pixel count of every scenario is checked against one whole-image
 * pixelmatch call (the bench fails when they differ).
 *
 * The photograph: `node_modules/autocannon/test/j5.jpeg` (1169×584 JPEG, a
 * still from the film "Short Circuit", shipped as a test fixture in autocannon
 * 9, MIT — the still's own copyright is the studio's; it is read in place,
 * never copied into the repository), scaled to cover 1920×1080 (Lanczos).
 * `--photo` takes any other photograph.
 * Targets: verdict ≤ 1.0× odiff; with the diff image ≤ 1.3× odiff.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ODiffServer } from 'odiff-bin';
import pixelmatch from 'pixelmatch';
import sharp, { type Sharp } from 'sharp';
import { closeBandWorkers } from '../checks/parallel-compare';
import { clearSharedDecodes } from '../checks/shared-decode';
import { runVisualCheck } from '../checks/visual-check';
import { bannerSvg } from '../scripts/make-fixtures';
import { LocalFileStorage } from '../platform/storage/file-storage';
import { Readable } from 'node:stream';

// libvips' operation cache would serve repeated decodes of the same file from memory
sharp.cache(false);

const WIDTH = 1920;
const HEIGHT = 1080;
const arg = (name: string): string | undefined => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const runs = Number(arg('--runs')) || 15;
const photoPath = arg('--photo') ?? join(dirname(createRequire(__filename).resolve('autocannon/package.json')), 'test', 'j5.jpeg');

interface Scenario { name: string; reference: string; draft: string }

/** A 1920×1080 design: the sale banner over a plain or textured panel. */
function designSvg(badgeX: number, textured: boolean, subtitle?: string): string {
  const banner = bannerSvg({ badgeX, subtitle }).replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
  const texture = textured
    ? '<filter id="n"><feTurbulence type="fractalNoise" baseFrequency="0.9" numOctaves="2" seed="7"/><feColorMatrix values="0 0 0 0 0.9  0 0 0 0 0.5  0 0 0 0 0.3  0 0 0 0.9 0"/></filter><rect x="0" y="0" width="1920" height="1080" fill="#f4ede4"/><rect x="0" y="0" width="1920" height="1080" filter="url(#n)" opacity="0.35"/>'
    : '<rect x="0" y="0" width="1920" height="1080" fill="#f4ede4"/>';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">${texture}<g transform="translate(120 140) scale(1.4)">${banner}</g>
  <text x="120" y="1040" font-family="'Noto Sans CJK SC', sans-serif" font-size="36" fill="#333">店铺首页 · Store front · 1920×1080</text></svg>`;
}

/** A price tag laid on the photograph (the draft's local change). */
const PRICE_TAG = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="360" height="140"><rect x="4" y="4" width="352" height="132" rx="24" fill="#d0021b"/>
  <text x="180" y="96" text-anchor="middle" font-family="sans-serif" font-weight="bold" font-size="72" fill="#fff">¥ 199</text></svg>`);

async function makeScenarios(dir: string): Promise<Scenario[]> {
  const save = (name: string, png: Buffer): string => { const path = join(dir, name); writeFileSync(path, png); return path; };
  const png = (image: Sharp): Promise<Buffer> => image.png({ compressionLevel: 6 }).toBuffer();
  const viaJpeg = async (bytes: Buffer, quality: number): Promise<Buffer> => png(sharp(await sharp(bytes).jpeg({ quality }).toBuffer()));
  const design = (svg: string): Promise<Buffer> => png(sharp(Buffer.from(svg)));

  const flatRef = save('flat-ref.png', await design(designSvg(860, false)));
  const flatMoved = save('flat-moved.png', await design(designSvg(800, false)));
  const flatWord = save('flat-word.png', await design(designSvg(860, false, 'Summer Sale 60% OFF')));
  const texturedBytes = await design(designSvg(860, true));
  const texturedRef = save('textured-ref.png', texturedBytes);
  const texturedJpeg = save('textured-jpeg.png', await viaJpeg(texturedBytes, 85));
  const photoBytes = await png(sharp(photoPath).resize(WIDTH, HEIGHT, { fit: 'cover', kernel: 'lanczos3' }));
  const photoRef = save('photo-ref.png', photoBytes);
  const photoTag = save('photo-tag.png', await png(sharp(photoBytes).composite([{ input: PRICE_TAG, left: 1460, top: 80 }])));
  const photoJpeg = save('photo-jpeg.png', await viaJpeg(photoBytes, 90));
  const photoCopy = join(dir, 'photo-copy.png');
  copyFileSync(photoRef, photoCopy);
  return [
    { name: 'flat design, changed word', reference: flatRef, draft: flatWord },
    { name: 'flat design, moved element', reference: flatRef, draft: flatMoved },
    { name: 'textured design, JPEG-85 round trip', reference: texturedRef, draft: texturedJpeg },
    { name: 'photograph, price tag added', reference: photoRef, draft: photoTag },
    { name: 'photograph, JPEG-90 round trip', reference: photoRef, draft: photoJpeg },
    { name: 'identical files (photograph)', reference: photoRef, draft: photoCopy },
  ];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function decodeRaw(path: string): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(path).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Whole-image pixelmatch count, anti-aliasing ignored as the check does. */
async function pixelmatchCount(s: Scenario): Promise<number> {
  const [a, b] = await Promise.all([decodeRaw(s.reference), decodeRaw(s.draft)]);
  return pixelmatch(a.data, b.data, null, a.width, a.height, { threshold: 0.1 });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-visual-'));
  const odiff = new ODiffServer();
  const storage = new LocalFileStorage(join(dir, 'storage'));
  try {
    const scenarios = await makeScenarios(dir);
    console.log(`visual check, 1920×1080 PNG pairs, median of ${runs} interleaved runs (ms); photograph: ${photoPath}`);
    console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other processes skew absolute times)\n`);
    console.log('| scenario | diff px (= pixelmatch) | verdict | + diff PNG | lazy open (diff + overlay built, stored) | odiff server | bare | verdict / odiff | + diff PNG / odiff | lazy open / odiff |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    let mismatches = 0;
    for (const s of scenarios) {
      const out = (tag: string): string => join(dir, `${tag}-diff.png`);
      const input = { reference: s.reference, draft: s.draft };
      // Each of our runs decodes both files, as odiff and the bare baseline do: the shared decode (checks/shared-decode.ts)
      // would otherwise hand the pixels of the previous run over (it keeps them 30 s for the checks of one upload).
      const cold = <T,>(fn: () => Promise<T>) => () => { clearSharedDecodes(); return fn(); };
      const jobs = {
        verdict: cold(() => runVisualCheck(input)),
        diffPng: cold(() => runVisualCheck({ ...input, diffPath: out('ours') })),
        lazyOpen: cold(async () => {
          const { images } = await runVisualCheck({ ...input, returnImages: true });
          for (const png of [images!.diff, images!.overlay]) await storage.put(Readable.from(png), { maxBytes: Number.MAX_SAFE_INTEGER });
        }),
        odiff: () => odiff.compare(s.reference, s.draft, out('odiff'), { antialiasing: true, threshold: 0.1 }),
        bare: async () => {
          const [a, b] = await Promise.all([decodeRaw(s.reference), decodeRaw(s.draft)]);
          const output = Buffer.allocUnsafe(a.data.length);
          pixelmatch(a.data, b.data, output, a.width, a.height, { threshold: 0.1 });
          await sharp(output, { raw: { width: a.width, height: a.height, channels: 4 } }).png({ compressionLevel: 1, adaptiveFiltering: false }).toFile(out('bare'));
        },
      };
      type Name = keyof typeof jobs;
      const names = Object.keys(jobs) as Name[];
      const diffPixels = (await runVisualCheck(input)).diffPixels;
      const expected = await pixelmatchCount(s);
      if (diffPixels !== expected) mismatches++;
      for (let i = 0; i < 3; i++) for (const n of names) await jobs[n](); // warm-up
      const t = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<Name, number[]>;
      for (let i = 0; i < runs; i++) {
        // rotate the order so no job always runs right after the same neighbour
        for (let k = 0; k < names.length; k++) { const n = names[(i + k) % names.length]!; t[n].push(await time(jobs[n])); }
      }
      const m = Object.fromEntries(names.map((n) => [n, median(t[n])])) as Record<Name, number>;
      const f = (v: number): string => v.toFixed(1);
      const r = (v: number): string => `${(v / m.odiff).toFixed(2)}×`;
      const count = diffPixels === expected ? diffPixels.toLocaleString('en-US') : `${diffPixels} ≠ ${expected}`;
      console.log(`| ${s.name} | ${count} | ${f(m.verdict)} | ${f(m.diffPng)} | ${f(m.lazyOpen)} | ${f(m.odiff)} | ${f(m.bare)} | ${r(m.verdict)} | ${r(m.diffPng)} | ${r(m.lazyOpen)} |`);
    }
    console.log(`\nload average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log('targets: verdict / odiff ≤ 1.00×; + diff PNG / odiff ≤ 1.30× (the diff image is lazy: built on first open, the lazy open column)');
    if (mismatches > 0) {
      console.error(`${mismatches} scenario(s) counted other pixels than pixelmatch`);
      process.exitCode = 1;
    }
  } finally {
    console.warn = () => undefined; // odiff-bin warns "exited unexpectedly" when stopped
    odiff.stop();
    await closeBandWorkers();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
