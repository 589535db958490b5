/**
 * Visual check benchmark (issue "Auto-checks"): a 1920×1080 PNG pair, whole
 * check = decode both, diff, regions, diff PNG written.
 *
 *   npx tsx bench/visual-check.bench.ts [--runs 15]
 *
 * Compares, in the same run and interleaved (timings on this 2-core machine
 * are noisy, ratios are what count):
 *  - ours: `runVisualCheck` (checks/visual-check.ts) with `diffPath`;
 *  - odiff: odiff-bin 4.5 in server mode (native, SIMD), `antialiasing: true`
 *    so it also ignores anti-aliased pixels, writing its diff PNG;
 *  - bare: sharp decode + pixelmatch with output + sharp PNG encode (level 1), no regions;
 *  - on decoded buffers: `compareRgba` with a diff output vs a bare `pixelmatch` call.
 * Targets: ours ≤ 1.3 × odiff; compareRgba ≤ 1.1 × pixelmatch.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ODiffServer } from 'odiff-bin';
import pixelmatch from 'pixelmatch';
import sharp from 'sharp';
import { compareRgba } from '../core/checks/visual-compare';
import { runVisualCheck } from '../checks/visual-check';
import { bannerSvg } from '../scripts/make-fixtures';

// libvips' operation cache would serve repeated decodes of the same file from memory
sharp.cache(false);

const WIDTH = 1920;
const HEIGHT = 1080;
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 15;

interface Scenario { name: string; reference: string; draft: string }

/** A 1920×1080 design: the sale banner over a plain or textured panel. */
function designSvg(badgeX: number, photo: boolean, subtitle?: string): string {
  const banner = bannerSvg({ badgeX, subtitle }).replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
  const texture = photo
    ? '<filter id="n"><feTurbulence type="fractalNoise" baseFrequency="0.9" numOctaves="2" seed="7"/><feColorMatrix values="0 0 0 0 0.9  0 0 0 0 0.5  0 0 0 0 0.3  0 0 0 0.9 0"/></filter><rect x="0" y="0" width="1920" height="1080" fill="#f4ede4"/><rect x="0" y="0" width="1920" height="1080" filter="url(#n)" opacity="0.35"/>'
    : '<rect x="0" y="0" width="1920" height="1080" fill="#f4ede4"/>';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">${texture}<g transform="translate(120 140) scale(1.4)">${banner}</g>
  <text x="120" y="1040" font-family="'Noto Sans CJK SC', sans-serif" font-size="36" fill="#333">店铺首页 · Store front · 1920×1080</text></svg>`;
}

async function makeScenarios(dir: string): Promise<Scenario[]> {
  const write = async (name: string, svg: string, viaJpeg = false): Promise<string> => {
    let png = await sharp(Buffer.from(svg)).png({ compressionLevel: 6 }).toBuffer();
    if (viaJpeg) png = await sharp(await sharp(png).jpeg({ quality: 85 }).toBuffer()).png({ compressionLevel: 6 }).toBuffer();
    const path = join(dir, name);
    writeFileSync(path, png);
    return path;
  };
  const flatRef = await write('flat-ref.png', designSvg(860, false));
  const flatMoved = await write('flat-moved.png', designSvg(800, false));
  const flatWord = await write('flat-word.png', designSvg(860, false, 'Summer Sale 60% OFF'));
  const photoRef = await write('photo-ref.png', designSvg(860, true));
  const photoJpeg = await write('photo-jpeg.png', designSvg(860, true), true);
  return [
    { name: 'flat design, changed word', reference: flatRef, draft: flatWord },
    { name: 'flat design, moved element', reference: flatRef, draft: flatMoved },
    { name: 'textured design, JPEG-85 round trip', reference: photoRef, draft: photoJpeg },
  ];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function decodeRaw(path: string): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(path).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-visual-'));
  const odiff = new ODiffServer();
  try {
    const scenarios = await makeScenarios(dir);
    console.log(`visual check, 1920×1080 PNG pairs, median of ${runs} interleaved runs (ms)`);
    console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other processes skew absolute times)\n`);
    console.log('| scenario | diff px | ours (whole) | odiff server | bare sharp+pixelmatch | ours / odiff | ours / bare | compareRgba | pixelmatch | wrapper overhead |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const s of scenarios) {
      const out = (tag: string): string => join(dir, `${tag}-diff.png`);
      const ours = async (): Promise<void> => { await runVisualCheck({ reference: s.reference, draft: s.draft, diffPath: out('ours') }); };
      const viaOdiff = async (): Promise<void> => { await odiff.compare(s.reference, s.draft, out('odiff'), { antialiasing: true, threshold: 0.1 }); };
      const bare = async (): Promise<void> => {
        const [a, b] = await Promise.all([decodeRaw(s.reference), decodeRaw(s.draft)]);
        const output = Buffer.allocUnsafe(a.data.length);
        pixelmatch(a.data, b.data, output, a.width, a.height, { threshold: 0.1 });
        await sharp(output, { raw: { width: a.width, height: a.height, channels: 4 } }).png({ compressionLevel: 1, adaptiveFiltering: false }).toFile(out('bare'));
      };
      const [a, b] = await Promise.all([decodeRaw(s.reference), decodeRaw(s.draft)]);
      const output = Buffer.allocUnsafe(a.data.length);
      const core = (): unknown => compareRgba({ reference: a, draft: b, diffOutput: output });
      const plain = (): unknown => pixelmatch(a.data, b.data, output, a.width, a.height, { threshold: 0.1 });

      const diffPixels = (await runVisualCheck({ reference: s.reference, draft: s.draft })).diffPixels;
      for (let i = 0; i < 3; i++) { await ours(); await viaOdiff(); await bare(); core(); plain(); } // warm-up
      const t = { ours: [] as number[], odiff: [] as number[], bare: [] as number[], core: [] as number[], plain: [] as number[] };
      for (let i = 0; i < runs; i++) {
        t.ours.push(await time(ours));
        t.odiff.push(await time(viaOdiff));
        t.bare.push(await time(bare));
        t.core.push(await time(core));
        t.plain.push(await time(plain));
      }
      const m = { ours: median(t.ours), odiff: median(t.odiff), bare: median(t.bare), core: median(t.core), plain: median(t.plain) };
      const f = (v: number): string => v.toFixed(1);
      const r = (v: number): string => `${v.toFixed(2)}×`;
      console.log(`| ${s.name} | ${diffPixels.toLocaleString('en-US')} | ${f(m.ours)} | ${f(m.odiff)} | ${f(m.bare)} | ${r(m.ours / m.odiff)} | ${r(m.ours / m.bare)} | ${f(m.core)} | ${f(m.plain)} | ${((m.core / m.plain - 1) * 100).toFixed(1)} % |`);
    }
    console.log('\ntargets: ours / odiff ≤ 1.30×; wrapper overhead (compareRgba vs pixelmatch on decoded buffers) < 10 %');
  } finally {
    console.warn = () => undefined; // odiff-bin warns "exited unexpectedly" when stopped
    odiff.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
