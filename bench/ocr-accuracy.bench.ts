/**
 * OCR accuracy bench (issue 17, item 6): character error rate and pages/s on
 * the corpus in tests/fixtures/ocr-corpus/ (see its README), for
 *  - plain tesseract.js: `createWorker` with the same language data
 *    (4.0.0_best_int) and its defaults, the image file as it is;
 *  - tesseract alone: `createOcrPool({ secondEngine: false })` (preparation,
 *    page segmentation, retry; the product before the second engine);
 *  - PaddleOCR PP-OCRv4 through ONNX Runtime (`@gutenye/ocr-node`), one
 *    instance (ONNX Runtime uses every core itself);
 *  - the product: `createOcrPool()` as the OCR check runs it, i.e. tesseract
 *    alone plus PaddleOCR's reading where tesseract is unsure
 *    (`wantsSecondEngine`: no chi_tra, confidence under 90), through the
 *    product's adapter (checks/paddle-ocr.ts).
 * `--below 80,90,95` adds simulated thresholds of the second engine (from the
 * tesseract-alone and PaddleOCR readings of the same run), to choose the rule.
 *
 *   npx tsx bench/ocr-accuracy.bench.ts [--explore] [--save results.json] [--only line,real]
 *
 * `--explore` adds the single preparations the product's choice was made from
 * (raw, greyscale, greyscale 2× with page segmentation 3 or 6).
 * Tesseract runners use 2 workers (one per core here); images go to them in turn.
 * CER is pooled (total edits / total ground-truth characters) over the texts
 * as the OCR check compares them (`normaliseText`). BENCH_DEBUG=1 prints every reading.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createWorker, PSM, OEM, type Worker } from 'tesseract.js';
import { createOcrPool } from '../checks/ocr-pool';
import { defaultLanguageDir, parseOcrLanguages, prepareLanguageDir } from '../checks/ocr-languages';
import { prepareOcrImage } from '../checks/ocr-prepare';
import { cerCount, pooledCer, type CerCount } from './ocr-cer';
import { CORPUS_DIR, readCorpusManifest, type CorpusEntry } from './ocr-corpus-manifest';

const argValue = (name: string): string | undefined => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const explore = process.argv.includes('--explore');
const savePath = argValue('--save');
const only = argValue('--only')?.split(',');
const belows = (argValue('--below') ?? '').split(',').filter(Boolean).map(Number);
const WORKER_ENTRY = join(__dirname, '..', 'checks', 'ocr-worker-entry.js');
const LANES = Math.max(1, Math.min(2, availableParallelism()));

interface Reading { text: string; confidence: number; engine?: string }
type Read = (entry: CorpusEntry, lane: number) => Promise<Reading>;
interface Runner { name: string; read: Read; stop: () => Promise<void>; concurrency: number }

/** tesseract.js workers, one set per lane, keyed by languages; `psm` unset keeps tesseract.js's default. */
function tesseractLanes(psm?: PSM): { worker: (lane: number, languages: string[]) => Promise<Worker>; stop: () => Promise<void> } {
  const lanes = Array.from({ length: LANES }, () => new Map<string, Promise<Worker>>());
  const worker = async (lane: number, languages: string[]): Promise<Worker> => {
    const key = languages.join('+');
    const map = lanes[lane]!;
    let w = map.get(key);
    if (!w) {
      w = (async () => {
        const dir = await defaultLanguageDir();
        const parsed = parseOcrLanguages(languages);
        await prepareLanguageDir(dir, parsed, true);
        // the pool's worker entry only silences the wasm core's console noise
        const created = await createWorker(parsed, OEM.LSTM_ONLY, { langPath: dir, gzip: true, cacheMethod: 'none', workerPath: WORKER_ENTRY });
        if (psm !== undefined) await created.setParameters({ tessedit_pageseg_mode: psm, preserve_interword_spaces: '1' });
        return created;
      })();
      map.set(key, w);
    }
    return w;
  };
  const stop = async (): Promise<void> => {
    await Promise.all(lanes.flatMap((m) => [...m.values()].map(async (w) => (await w).terminate())));
  };
  return { worker, stop };
}

const path = (entry: CorpusEntry): string => join(CORPUS_DIR, entry.file);

function plainRunner(): Runner {
  const lanes = tesseractLanes();
  return {
    name: 'plain tesseract.js',
    concurrency: LANES,
    read: async (entry, lane) => {
      const { data } = await (await lanes.worker(lane, entry.languages)).recognize(path(entry));
      return { text: data.text, confidence: data.confidence };
    },
    stop: lanes.stop,
  };
}

function productRunner(secondEngine: boolean): Runner {
  const pool = createOcrPool({ size: LANES, ...(secondEngine ? {} : { secondEngine: false as const }) });
  return {
    name: secondEngine ? 'product (tesseract + PaddleOCR)' : 'tesseract alone (product before)',
    concurrency: LANES,
    read: async (entry) => pool.recognize(path(entry), entry.languages),
    stop: () => pool.terminate(),
  };
}

/** One preparation alone (for --explore). */
function preparedRunner(name: string, psm: PSM, prepare: 'raw' | 'grey' | 'grey2x'): Runner {
  const lanes = tesseractLanes(psm);
  return {
    name,
    concurrency: LANES,
    read: async (entry, lane) => {
      const input = prepare === 'raw' ? path(entry) : (await prepareOcrImage(path(entry), 'grey-upscaled', { upscaleBelowMegapixels: prepare === 'grey2x' ? Infinity : 0 })).image;
      const { data } = await (await lanes.worker(lane, entry.languages)).recognize(input);
      return { text: data.text, confidence: data.confidence };
    },
    stop: lanes.stop,
  };
}

type PaddleLine = { text: string; mean?: number };
type PaddleOcr = { detect: (image: string) => Promise<PaddleLine[]> };
let paddle: Promise<PaddleOcr> | undefined;

/** One PaddleOCR instance for the run (ESM only, outside the project's module resolution). */
function paddleOcr(): Promise<PaddleOcr> {
  const specifier = '@gutenye/ocr-node';
  paddle ??= (import(specifier) as Promise<{ default: { create: () => Promise<PaddleOcr> } }>).then((m) => m.default.create());
  return paddle;
}

async function paddleRead(entry: CorpusEntry): Promise<Reading> {
  const lines = await (await paddleOcr()).detect(path(entry));
  const means = lines.map((l) => l.mean ?? 0);
  return { text: lines.map((l) => l.text).join('\n'), confidence: means.length ? (100 * means.reduce((a, m) => a + m, 0)) / means.length : 0 };
}

function paddleRunner(): Runner {
  return { name: 'PaddleOCR PP-OCRv4 (ONNX)', concurrency: 1, read: paddleRead, stop: async () => undefined };
}

interface Result { entry: CorpusEntry; reading: Reading; count: CerCount }

async function run(runner: Runner, entries: CorpusEntry[]): Promise<{ results: Result[]; seconds: number }> {
  // warm up: start a worker for each language set on every lane
  const keys = [...new Map(entries.map((e) => [e.languages.join('+'), e])).values()];
  await Promise.all(Array.from({ length: runner.concurrency }, async (_, lane) => {
    for (const e of keys) await runner.read(e, lane);
  }));
  const results: Result[] = new Array(entries.length);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: runner.concurrency }, async (_, lane) => {
    while (next < entries.length) {
      const i = next++;
      const entry = entries[i]!;
      const reading = await runner.read(entry, lane);
      results[i] = { entry, reading, count: cerCount(reading.text, entry.text) };
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  await runner.stop();
  return { results, seconds };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

async function main(): Promise<void> {
  const manifest = readCorpusManifest();
  // grouped by languages, so the pool does not restart workers for every other image
  const entries = manifest.images.filter((e) => !only || only.includes(e.kind))
    .sort((a, b) => a.languages.join('+').localeCompare(b.languages.join('+')));
  console.log(`OCR accuracy, ${entries.length} images of tests/fixtures/ocr-corpus, ${availableParallelism()} cores`);
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);

  const runners: Runner[] = [plainRunner(), productRunner(false), paddleRunner(), productRunner(true)];
  if (explore) {
    runners.push(preparedRunner('raw psm3', PSM.AUTO, 'raw'), preparedRunner('grey psm3', PSM.AUTO, 'grey'), preparedRunner('grey psm6', PSM.SINGLE_BLOCK, 'grey'), preparedRunner('grey2x psm6', PSM.SINGLE_BLOCK, 'grey2x'));
  }
  const outcomes: Array<{ runner: Runner; results: Result[]; seconds: number }> = [];
  for (const runner of runners) {
    const { results, seconds } = await run(runner, entries);
    outcomes.push({ runner, results, seconds });
    console.log(`${runner.name}: ${seconds.toFixed(1)} s, CER ${pct(pooledCer(results.map((r) => r.count)))}`);
    if (process.env.BENCH_DEBUG === '1') for (const r of results) console.log(`  ${r.entry.file} ${r.count.edits}/${r.count.length} conf ${r.reading.confidence.toFixed(0)} ${JSON.stringify(r.reading.text)}`);
  }

  // simulated rules over the readings of this run: tesseract alone, PaddleOCR's reading under confidence `below` (no chi_tra)
  for (const below of belows) {
    const results = outcomes[1]!.results.map((r, i) => {
      const p = outcomes[2]!.results[i]!;
      return r.reading.confidence < below && !r.entry.languages.includes('chi_tra') && p.reading.text.trim() ? p : r;
    });
    outcomes.push({ runner: { name: `simulated: PaddleOCR under conf ${below}`, read: async () => ({ text: '', confidence: 0 }), stop: async () => undefined, concurrency: 1 }, results, seconds: NaN });
  }
  const groups: Array<[string, (e: CorpusEntry) => boolean]> = [
    ['all', () => true],
    ...(['line', 'banner', 'jpeg', 'rotated', 'photographed', 'real'] as const).map((k) => [`kind ${k}`, (e: CorpusEntry) => e.kind === k] as [string, (e: CorpusEntry) => boolean]),
    ...(['zh-Hans', 'zh-Hant', 'en'] as const).map((l) => [`language ${l}`, (e: CorpusEntry) => e.language === l] as [string, (e: CorpusEntry) => boolean]),
    ...(['dark-on-light', 'light-on-dark'] as const).map((p) => [p, (e: CorpusEntry) => e.polarity === p] as [string, (e: CorpusEntry) => boolean]),
  ];
  console.log(`\n| images | n | ${outcomes.map((o) => o.runner.name).join(' | ')} |`);
  console.log(`|---|---:|${outcomes.map(() => '---:').join('|')}|`);
  for (const [label, match] of groups) {
    const n = entries.filter(match).length;
    if (n === 0) continue;
    console.log(`| ${label} | ${n} | ${outcomes.map((o) => pct(pooledCer(o.results.filter((r) => match(r.entry)).map((r) => r.count)))).join(' | ')} |`);
  }
  console.log(`| pages/s | | ${outcomes.map((o) => (Number.isNaN(o.seconds) ? '—' : (entries.length / o.seconds).toFixed(2))).join(' | ')} |`);

  const product = outcomes[3]!;
  console.log(`\nproduct: PaddleOCR's reading kept for ${product.results.filter((r) => r.reading.engine === 'paddleocr').length} of ${product.results.length} images`);
  const plain = outcomes[0]!.results;
  for (const o of outcomes.slice(1)) {
    const worse = o.results.filter((r, i) => r.count.edits > plain[i]!.count.edits);
    const better = o.results.filter((r, i) => r.count.edits < plain[i]!.count.edits);
    console.log(`\n${o.runner.name} vs plain: ${better.length} images better, ${worse.length} worse${worse.length ? `: ${worse.map((r) => `${r.entry.file} (${r.count.edits} vs ${plain[o.results.indexOf(r)]!.count.edits} edits)`).join(', ')}` : ''}`);
  }
  if (savePath) {
    writeFileSync(savePath, JSON.stringify(outcomes.map((o) => ({
      runner: o.runner.name, seconds: o.seconds,
      results: o.results.map((r) => ({ file: r.entry.file, text: r.reading.text, confidence: r.reading.confidence, ...r.count })),
    })), null, 1));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
