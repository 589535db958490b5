/**
 * OCR of large images (issue 17 items 1 and 6): the OCR check's time and
 * `mustContain` correctness on 1920×1080 images, per engine, one image at a
 * time (a verdict waits for one image):
 *  - the product's tesseract pool as the OCR check runs it (from 1 MP: the
 *    greyscale automatic pass alone);
 *  - PaddleOCR PP-OCRv4 through the product's adapter (`createPaddleOcr`, the
 *    PNG from the same safe decode);
 * on bench/ocr.bench.ts's product pages and on photo banners like the verdict
 * bench's (`node_modules/autocannon/test/j5.jpeg` scaled to cover 1080p with a
 * caption band: dark red on cream, and white on red).
 *
 *   npx tsx bench/ocr-large.bench.ts [--pages 10] [--rounds 2]
 *
 * Engines alternate per round (AB, then BA); times are per image, sequential.
 */
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { evaluateOcrRules } from '../core/checks/ocr-rules';
import { createOcrPool } from '../checks/ocr-pool';
import { createPaddleOcr } from '../checks/paddle-ocr';
import { prepareOcrImage } from '../checks/ocr-prepare';
import { pageSvg } from './ocr.bench';

const arg = (name: string): string | undefined => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const PAGES = Number(arg('--pages')) || 10;
const ROUNDS = Number(arg('--rounds')) || 2;
const W = 1920;
const H = 1080;
const PHOTO = path.join(path.dirname(createRequire(__filename).resolve('autocannon/package.json')), 'test', 'j5.jpeg');
const la = (): string => loadavg().map((n) => n.toFixed(2)).join(' ');

async function photoBanner(fg: string, bg: string): Promise<Buffer> {
  const caption = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="220"><rect width="${W}" height="220" fill="${bg}"/>
    <text x="${W / 2}" y="150" text-anchor="middle" font-family="'Noto Sans CJK SC', sans-serif" font-weight="bold" font-size="110" fill="${fg}">双十一 全场5折</text></svg>`);
  return sharp(PHOTO).resize(W, H, { fit: 'cover', kernel: 'lanczos3' }).composite([{ input: caption, left: 0, top: H - 260 }]).png({ compressionLevel: 6 }).toBuffer();
}

interface Image { name: string; bytes: Buffer; expected: string[] }
interface Engine { name: string; read: (img: Image) => Promise<string>; ms: number[][]; texts: string[] }

async function main(): Promise<void> {
  const images: Image[] = [];
  for (let n = 0; n < PAGES; n++) {
    const page = pageSvg(n);
    images.push({ name: `page ${n + 1}`, bytes: await sharp(Buffer.from(page.svg)).png().toBuffer(), expected: page.expected });
  }
  images.push({ name: 'photo banner, red on cream', bytes: await photoBanner('#b3001b', '#fff3d6'), expected: ['双十一', '全场5折'] });
  images.push({ name: 'photo banner, white on red', bytes: await photoBanner('#ffffff', '#c81e1e'), expected: ['双十一', '全场5折'] });
  console.log(`OCR of ${images.length} 1920×1080 images, chi_sim+eng, ${ROUNDS} rounds; load average at start ${la()}`);

  const pool = createOcrPool({ size: 2, secondEngine: false });
  const paddle = createPaddleOcr();
  await Promise.all([pool.warm(['chi_sim', 'eng']), paddle.warm()]);
  const engines: Engine[] = [
    { name: 'tesseract (product pool, 1080p pass)', read: async (img) => (await pool.recognize(img.bytes, ['chi_sim', 'eng'], { name: img.name })).text, ms: [], texts: [] },
    { name: 'PaddleOCR (adapter, same decode)', read: async (img) => paddle.recognize((await prepareOcrImage(img.bytes, 'as-is', { name: img.name })).image, img.name).then((r) => r.text), ms: [], texts: [] },
  ];
  for (const e of engines) await e.read(images[0]!); // first call apart
  for (let round = 0; round < ROUNDS; round++) {
    for (const e of round % 2 === 0 ? engines : [...engines].reverse()) {
      const times: number[] = [];
      e.texts = [];
      for (const img of images) {
        const t0 = performance.now();
        e.texts.push(await e.read(img));
        times.push(performance.now() - t0);
      }
      e.ms.push(times);
    }
  }
  await pool.terminate();
  await paddle.terminate();

  console.log(`load average at end ${la()}\n`);
  console.log(`| image | ${engines.map((e) => `${e.name}: ms per round, phrases found`).join(' | ')} |`);
  console.log(`|---|${engines.map(() => '---').join('|')}|`);
  images.forEach((img, i) => {
    console.log(`| ${img.name} | ${engines.map((e) => {
      const missed = evaluateOcrRules(e.texts[i]!, { mustContain: img.expected }).reasons.map((r) => r.phrase);
      return `${e.ms.map((t) => t[i]!.toFixed(0)).join(' / ')} ms, ${img.expected.length - missed.length}/${img.expected.length}${missed.length ? ` (missed ${missed.join(', ')})` : ''}`;
    }).join(' | ')} |`);
    if (process.env.BENCH_DEBUG === '1') for (const e of engines) console.log(`   ${e.name}: ${JSON.stringify(e.texts[i])}`);
  });
  for (const e of engines) {
    const all = e.ms.flat().sort((a, b) => a - b);
    const correct = images.filter((img, i) => evaluateOcrRules(e.texts[i]!, { mustContain: img.expected }).passed).length;
    console.log(`${e.name}: median ${all[Math.floor(all.length / 2)]!.toFixed(0)} ms, max ${all[all.length - 1]!.toFixed(0)} ms per image; images with every phrase ${correct}/${images.length}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
