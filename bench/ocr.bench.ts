/**
 * OCR benchmark (issue "Auto-checks"): 20 pages of 1920×1080 with Chinese and
 * English text, languages chi_sim+eng.
 *
 *   npx tsx bench/ocr.bench.ts [--pages 20] [--rounds 2]
 *
 * Measured in one run, after the workers have started:
 *  - pool: `createOcrPool()` (one tesseract.js worker per core), all pages submitted at once;
 *  - single: the same with one worker;
 *  - native: Debian's `tesseract` CLI (apt-get install tesseract-ocr tesseract-ocr-chi-sim),
 *    one process per page, as many at a time as there are cores, OMP_THREAD_LIMIT=1,
 *    `--psm 3 -c preserve_interword_spaces=1` like the pool. Skipped, saying so, when missing.
 * Each runner goes once per round, in ABC then CBA order, and the mean time
 * counts (the machine is shared: a lone run can be skewed by other load).
 * Target: pool ≥ 1.7 × single on 2 cores. Native is a reference: report the ratio.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { evaluateOcrRules } from '../core/checks/ocr-rules';
import { createOcrPool, type OcrPool } from '../checks/ocr-pool';

const pageCount = Number(process.argv[process.argv.indexOf('--pages') + 1]) || 20;
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 2;
const LANGUAGES = ['chi_sim', 'eng'] as const;
const cores = availableParallelism();

const PRODUCTS = ['保温杯', '蓝牙耳机', '机械键盘', '羽绒服', '运动鞋', '电饭煲', '台灯', '行李箱', '咖啡机', '背包'];
const PRODUCTS_EN = ['Thermos Cup', 'Bluetooth Earbuds', 'Mechanical Keyboard', 'Down Jacket', 'Running Shoes', 'Rice Cooker', 'Desk Lamp', 'Suitcase', 'Coffee Maker', 'Backpack'];

/** Page `n`: a 1080p product page with a header, a price, bullet points, a footer. */
export function pageSvg(n: number): { svg: string; expected: string[] } {
  const zh = PRODUCTS[n % PRODUCTS.length]!;
  const en = PRODUCTS_EN[n % PRODUCTS_EN.length]!;
  const price = 99 + n * 10;
  const font = "'Noto Sans CJK SC', sans-serif";
  const lines = [
    `<rect width="1920" height="160" fill="#c81e1e"/>`,
    `<text x="80" y="110" font-family="${font}" font-size="72" font-weight="bold" fill="#fff">双十一 全场5折 · 第${n + 1}页</text>`,
    `<text x="80" y="300" font-family="${font}" font-size="64" fill="#222">${zh} ${en}</text>`,
    `<text x="80" y="400" font-family="${font}" font-size="48" fill="#c81e1e">到手价 ¥${price}  Limited offer ${price} RMB</text>`,
    `<text x="80" y="520" font-family="${font}" font-size="36" fill="#333">· 正品保证 七天无理由退货 Genuine product, 7-day returns</text>`,
    `<text x="80" y="590" font-family="${font}" font-size="36" fill="#333">· 全国包邮 次日达 Free shipping, next-day delivery</text>`,
    `<text x="80" y="660" font-family="${font}" font-size="36" fill="#333">· 会员专享 额外九折 Members save another 10%</text>`,
    `<rect x="1300" y="220" width="520" height="520" rx="24" fill="#f3f3f3"/>`,
    `<text x="1560" y="500" text-anchor="middle" font-family="${font}" font-size="44" fill="#999">产品图 Photo</text>`,
    `<text x="80" y="980" font-family="${font}" font-size="30" fill="#666">活动时间 11.01 – 11.11  www.example.com  客服热线 400-800-${String(1000 + n)}</text>`,
  ];
  return {
    svg: `<svg xmlns="http://www.w3.org/2000/svg" width="1920" height="1080"><rect width="1920" height="1080" fill="#fff"/>${lines.join('')}</svg>`,
    expected: ['双十一', zh, en, '正品保证', 'Free shipping', 'www.example.com'],
  };
}

function nativeTesseract(): string | undefined {
  try {
    const out = execFileSync('tesseract', ['--list-langs'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return out.includes('chi_sim') ? execFileSync('tesseract', ['--version'], { encoding: 'utf8' }).split('\n')[0] : undefined;
  } catch {
    return undefined;
  }
}

function runNative(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('tesseract', [path, 'stdout', '-l', LANGUAGES.join('+'), '--psm', '3', '-c', 'preserve_interword_spaces=1'],
      { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 1 << 20 },
      (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}

/** Runs `jobs` with at most `concurrency` at a time. */
async function limited<T>(jobs: Array<() => Promise<T>>, concurrency: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  }));
  return results;
}

/** Pages whose text has every expected phrase (the matching of an OCR check's `mustContain`; BENCH_DEBUG=1 prints misses). */
function correct(texts: string[], expected: string[][]): number {
  const missed = texts.map((t, i) => evaluateOcrRules(t, { mustContain: expected[i] }).reasons.map((r) => r.phrase));
  if (process.env.BENCH_DEBUG === '1') missed.forEach((m, i) => m.length && console.log(`page ${i + 1} missed ${m.join(', ')}: ${JSON.stringify(texts[i])}`));
  return missed.filter((m) => m.length === 0).length;
}

async function timePool(pool: OcrPool, paths: string[]): Promise<{ seconds: number; texts: string[] }> {
  await Promise.all(Array.from({ length: pool.size }, () => pool.recognize(paths[0]!, [...LANGUAGES]))); // start every worker
  const t0 = performance.now();
  const results = await Promise.all(paths.map((p) => pool.recognize(p, [...LANGUAGES])));
  return { seconds: (performance.now() - t0) / 1000, texts: results.map((r) => r.text) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ocr-'));
  try {
    const pages = Array.from({ length: pageCount }, (_, n) => pageSvg(n));
    const paths: string[] = [];
    for (const [n, page] of pages.entries()) {
      const path = join(dir, `page-${String(n + 1).padStart(2, '0')}.png`);
      writeFileSync(path, await sharp(Buffer.from(page.svg)).png().toBuffer());
      paths.push(path);
    }
    const expected = pages.map((p) => p.expected);
    console.log(`OCR, ${pageCount} pages 1920×1080, ${LANGUAGES.join('+')}, ${cores} cores`);
    console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other processes skew absolute times)\n`);

    const startT0 = performance.now();
    const single = createOcrPool({ size: 1 });
    await single.recognize(paths[0]!, [...LANGUAGES]);
    const firstPage = (performance.now() - startT0) / 1000;
    const pool = createOcrPool();
    const version = nativeTesseract();
    if (version) await runNative(paths[0]!);

    type Runner = { name: string; run: () => Promise<{ seconds: number; texts: string[] }>; seconds: number[]; texts: string[] };
    const runners: Runner[] = [
      { name: 'single tesseract.js worker', run: () => timePool(single, paths), seconds: [], texts: [] },
      { name: `pool of ${pool.size} workers`, run: () => timePool(pool, paths), seconds: [], texts: [] },
    ];
    if (version) {
      runners.push({
        name: `native ${version}, ${cores} processes`,
        run: async () => {
          const t0 = performance.now();
          const texts = await limited(paths.map((p) => () => runNative(p)), cores);
          return { seconds: (performance.now() - t0) / 1000, texts };
        },
        seconds: [],
        texts: [],
      });
    }
    for (let round = 0; round < rounds; round++) {
      for (const runner of round % 2 === 0 ? runners : [...runners].reverse()) {
        const { seconds, texts } = await runner.run();
        runner.seconds.push(seconds);
        runner.texts = texts;
      }
    }
    await single.terminate();
    await pool.terminate();

    const mean = (values: number[]): number => values.reduce((a, v) => a + v, 0) / values.length;
    const rows = runners.map((r) => [r.name, r.seconds.map((x) => x.toFixed(2)).join(' / '), (pageCount / mean(r.seconds)).toFixed(2), `${correct(r.texts, expected)}/${pageCount}`]);
    const singleSeconds = mean(runners[0]!.seconds);
    const poolSeconds = mean(runners[1]!.seconds);
    const nativeSeconds = runners[2] ? mean(runners[2].seconds) : undefined;

    console.log('| runner | seconds per round | pages/s (mean) | pages read correctly |');
    console.log('|---|---:|---:|---:|');
    for (const row of rows) console.log(`| ${row.join(' | ')} |`);
    console.log(`\nfirst page with a cold single worker (start + recognise): ${firstPage.toFixed(2)} s`);
    console.log(`pool / single: ${(singleSeconds / poolSeconds).toFixed(2)}× (target ≥ 1.7× on 2 cores)`);
    if (nativeSeconds !== undefined) {
      console.log(`pool / native CLI: ${(nativeSeconds / poolSeconds).toFixed(2)}× the native pages per second`);
    } else {
      console.log('native tesseract CLI with chi_sim not found: apt-get install -y tesseract-ocr tesseract-ocr-chi-sim for that baseline');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
