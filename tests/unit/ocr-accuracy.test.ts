/**
 * The product's OCR reads images of the accuracy corpus (tests/fixtures/ocr-corpus)
 * at least as well as plain tesseract.js with the same language data: exact
 * text for a few, never more character errors. Real tesseract.js; the full
 * corpus is measured by bench/ocr-accuracy.bench.ts.
 */
import { join } from 'node:path';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { normaliseText } from '../../core/checks/text-normalise';
import { createOcrPool, type OcrPool } from '../../checks/ocr-pool';
import { defaultLanguageDir, parseOcrLanguages, prepareLanguageDir } from '../../checks/ocr-languages';
import { cerCount } from '../../bench/ocr-cer';
import { CORPUS_DIR, readCorpusManifest, type CorpusEntry } from '../../bench/ocr-corpus-manifest';

jest.setTimeout(120_000);

const manifest = readCorpusManifest();
const entry = (file: string): CorpusEntry => {
  const found = manifest.images.find((e) => e.file === file);
  if (!found) throw new Error(`${file} is not in the corpus manifest`);
  return found;
};

/** Read exactly (after the OCR check's normalisation) by the product. */
const EXACT = [
  'line-zh-Hant-02.png', // a short Traditional line: the old 2× upscale read 週 wrong
  'line-zh-Hant-09.png',
  'line-zh-Hans-09.png',
  'line-en-08-rotated.png',
  'banner-zh-Hant-3-rotated.png',
  'real-requests-title.png',
  'line-en-02-photo.jpg', // plain tesseract.js reads nothing useful (confidence 0); the retry reads it
];

/** Read no worse than plain tesseract.js: images whose first reading is retried, and the scan the old preparation misread. */
const NO_WORSE = ['line-zh-Hant-03-photo.jpg', 'banner-zh-Hans-1-photo.jpg', 'real-skimage-page.png', 'real-pino-debug.png', 'banner-en-2.png'];

describe('OCR on the accuracy corpus', () => {
  let pool: OcrPool;
  const plainWorkers = new Map<string, Promise<Worker>>();
  const plain = async (e: CorpusEntry): Promise<string> => {
    const key = e.languages.join('+');
    let worker = plainWorkers.get(key);
    if (!worker) {
      worker = (async () => {
        const dir = await defaultLanguageDir();
        const languages = parseOcrLanguages(e.languages);
        await prepareLanguageDir(dir, languages, true);
        return createWorker(languages, OEM.LSTM_ONLY, { langPath: dir, gzip: true, cacheMethod: 'none', workerPath: join(__dirname, '..', '..', 'checks', 'ocr-worker-entry.js') });
      })();
      plainWorkers.set(key, worker);
    }
    return (await (await worker).recognize(join(CORPUS_DIR, e.file))).data.text;
  };

  beforeAll(() => { pool = createOcrPool({ size: 2 }); });
  afterAll(async () => {
    await pool.terminate();
    await Promise.all([...plainWorkers.values()].map(async (w) => (await w).terminate()));
  });

  it.each(EXACT)('reads %s exactly as its ground truth', async (file) => {
    const e = entry(file);
    const result = await pool.recognize(join(CORPUS_DIR, file), e.languages);
    expect(normaliseText(result.text)).toBe(normaliseText(e.text));
  });

  it.each(NO_WORSE)('reads %s with no more character errors than plain tesseract.js', async (file) => {
    const e = entry(file);
    const [product, baseline] = await Promise.all([pool.recognize(join(CORPUS_DIR, file), e.languages), plain(e)]);
    expect(cerCount(product.text, e.text).edits).toBeLessThanOrEqual(cerCount(baseline, e.text).edits);
  });
});
