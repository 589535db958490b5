/**
 * A pool of tesseract.js workers: one per core by default, started by `warm`
 * (the job worker does so at its start) or on first use, and reused; a worker is replaced only when a job needs other
 * languages or the worker timed out. Guards every failure mode tesseract.js has
 * on Node (RECIPES, OCR): language files are checked before a worker starts,
 * `errorHandler` is always set, worker creation and recognition have timeouts,
 * and images are decoded by sharp first (see `ocr-prepare.ts`).
 *
 * How an image is read was chosen on the OCR accuracy corpus (docs/BENCHMARKS.md,
 * "OCR accuracy"): as plain tesseract.js reads it (pixels as they are, page
 * segmentation "single block") and greyscale (2× under 0.5 MP) with automatic
 * page segmentation; when the
 * first reading's confidence is under `retryBelowConfidence`, also greyscale 2×
 * as one block. `chooseOcrReading` keeps one. Images of 1 MP or more (pages)
 * are read in the automatic pass alone, as before the corpus.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { chooseOcrReading, chooseWithSecondEngine, wantsSecondEngine } from '../core/checks/ocr-reading-choice';
import { CheckInputError } from './errors';
import { inputName, readImageBytes, type ImageInput } from './image-decode';
import { defaultLanguageDir, parseOcrLanguages, prepareLanguageDir, type OcrLanguage } from './ocr-languages';
import { prepareOcrImage, type OcrImageFormat, type OcrPreparation, type OcrPrepareOptions } from './ocr-prepare';
import { createPaddleOcr, secondEngineEnabled, type PaddleOcr } from './paddle-ocr';

/** What one recognition returns (the shape `sop-check ocr --json` prints). */
export interface OcrResult {
  text: string;
  /** The engine's mean confidence, 0..100: tesseract's over words, PaddleOCR's over lines. */
  confidence: number;
  languages: OcrLanguage[];
  /** Which engine's reading this is: tesseract.js, or PaddleOCR where tesseract was unsure. */
  engine: 'tesseract' | 'paddleocr';
  /** Tesseract's reading when PaddleOCR's replaced it (the OCR check's rules look in both). */
  tesseractText?: string;
}

/** Options of {@link createOcrPool}; see {@link OCR_POOL_DEFAULTS}. */
export interface OcrPoolOptions extends OcrPrepareOptions {
  /** Number of workers (default: the number of cores). */
  size?: number;
  /** Languages used when a call names none. */
  defaultLanguages?: readonly OcrLanguage[];
  /** Limit for starting a worker and loading its languages, ms. */
  createTimeoutMs?: number;
  /** Limit for one recognition, ms. */
  recognizeTimeoutMs?: number;
  /**
   * Folder of `<lang>.traineddata.gz` files. When set it is used as is (only
   * checked); by default one is assembled from the `@tesseract.js-data` packages.
   */
  languageDir?: string;
  /** Decode with sharp first (default true). `false` hands the bytes to tesseract unchanged, one pass (tests, benchmarks). */
  prepare?: boolean;
  /** Mean confidence (0..100) of the first pass under which the image is also read greyscale 2× ({@link OCR_RETRY_PASS}); 0 never. */
  retryBelowConfidence?: number;
  /**
   * Images of at least this many megapixels (pages, 1080p banners) are read in
   * the automatic pass alone ({@link OCR_AUTO_PASS}): on bench/ocr.bench.ts's
   * 1920×1080 pages the single-block pass read 保温杯 as 保昌杯 (7/10 pages
   * right instead of 9/10). The corpus has no image over 0.8 MP.
   */
  singlePassFromMegapixels?: number;
  /**
   * The second engine (PaddleOCR PP-OCRv4), asked when tesseract's reading is
   * unsure (under 1 MP) or empty (from 1 MP) and the check names no chi_tra
   * (`wantsSecondEngine`); its reading
   * then replaces tesseract's. Default: one per process (`sharedPaddleOcr`),
   * unless `OCR_SECOND_ENGINE=off`; `false` reads with tesseract alone. When it
   * cannot start, fails or times out, the tesseract reading stands (and the
   * engine logs why).
   */
  secondEngine?: PaddleOcr | false;
}

/** How each pass reads: the preparation and tesseract's page segmentation. */
export interface OcrPass {
  preparation: OcrPreparation;
  pageSegmentation: PSM;
  /** `grey-upscaled` scales images under this many megapixels 2×. */
  upscaleBelowMegapixels?: number;
}

/** The first pass: what plain tesseract.js does (its default page segmentation is a single block). */
export const OCR_FIRST_PASS: OcrPass = { preparation: 'as-is', pageSegmentation: PSM.SINGLE_BLOCK };

/**
 * The second pass, always: greyscale, 2× under 0.5 MP, automatic page segmentation
 * (the preparation before the corpus): it finds a banner's small lines that a
 * single block drops.
 */
export const OCR_AUTO_PASS: OcrPass = { preparation: 'grey-upscaled', pageSegmentation: PSM.AUTO, upscaleBelowMegapixels: 0.5 };

/** The pass added when the first one's confidence is low. */
export const OCR_RETRY_PASS: OcrPass = { preparation: 'grey-upscaled', pageSegmentation: PSM.SINGLE_BLOCK };

/** Defaults of {@link createOcrPool}, the one place they are set. */
export const OCR_POOL_DEFAULTS = {
  defaultLanguages: ['chi_sim', 'eng'] as readonly OcrLanguage[],
  createTimeoutMs: 30_000,
  recognizeTimeoutMs: 60_000,
  prepare: true,
  retryBelowConfidence: 70,
  singlePassFromMegapixels: 1,
} as const;

/** A pool of OCR workers. */
export interface OcrPool {
  /** Number of worker slots. */
  readonly size: number;
  /**
   * Recognises the text of `image` (file path or bytes). Unusable images and
   * missing language data throw `CheckInputError`; a timeout throws a plain
   * (retryable) `Error`. The pool stays usable after any failure.
   * `secondEngine: false` reads with tesseract alone for this call (the OCR
   * check's reference comparison reads both sides so).
   */
  recognize(image: ImageInput, languages?: string | readonly string[], options?: { name?: string; secondEngine?: boolean }): Promise<OcrResult>;
  /** Ends every worker; later calls start new ones. */
  terminate(): Promise<void>;
  /** Slots recognising now and calls waiting for a slot (the worker's /metrics). */
  load(): { busy: number; waiting: number };
  /**
   * Starts a worker with `languages` (default: the pool's) in every slot now, so
   * no check pays the model load (seconds for chi_sim). Calls arriving meanwhile
   * wait for a slot as usual and get a started worker. Resolves when all are up;
   * rejects like `recognize` when languages are missing.
   */
  warm(languages?: string | readonly string[]): Promise<void>;
  /** Workers started since the pool was created (a replaced worker counts again). */
  workersStarted(): number;
  /** The second engine, when the pool has one (its `load()` feeds the worker's /metrics). */
  readonly secondEngine: PaddleOcr | undefined;
}

interface Slot {
  worker?: Worker;
  languagesKey?: string;
  /** Page segmentation the worker is set to. */
  pageSegmentation?: PSM;
  busy: boolean;
  /** Where the worker's `errorHandler` sends errors: the job in flight, if any. */
  onError?: (error: unknown) => void;
}

/** Creates a pool; no worker starts until the first `recognize` or `warm`. */
export function createOcrPool(options: OcrPoolOptions = {}): OcrPool {
  const size = Math.max(1, Math.floor(options.size ?? availableParallelism()));
  const createTimeoutMs = options.createTimeoutMs ?? OCR_POOL_DEFAULTS.createTimeoutMs;
  const recognizeTimeoutMs = options.recognizeTimeoutMs ?? OCR_POOL_DEFAULTS.recognizeTimeoutMs;
  const defaultLanguages = options.defaultLanguages ?? OCR_POOL_DEFAULTS.defaultLanguages;
  const prepare = options.prepare ?? OCR_POOL_DEFAULTS.prepare;
  const retryBelowConfidence = options.retryBelowConfidence ?? OCR_POOL_DEFAULTS.retryBelowConfidence;
  const singlePassFromMegapixels = options.singlePassFromMegapixels ?? OCR_POOL_DEFAULTS.singlePassFromMegapixels;
  const secondEngine = options.secondEngine === false ? undefined : options.secondEngine ?? (secondEngineEnabled() ? sharedPaddleOcr() : undefined);
  const slots: Slot[] = Array.from({ length: size }, () => ({ busy: false }));
  const waiting: Array<{ key: string; resolve: (slot: Slot) => void }> = [];
  let languageDir: Promise<string> | undefined;
  let started = 0;

  const getLanguageDir = (): Promise<string> => {
    languageDir ??= options.languageDir ? Promise.resolve(options.languageDir) : defaultLanguageDir();
    return languageDir;
  };

  /** A free slot, preferring one whose worker already has these languages. */
  const acquire = (key: string): Promise<Slot> => {
    const free = slots.filter((s) => !s.busy);
    const slot = free.find((s) => s.languagesKey === key) ?? free.find((s) => !s.worker) ?? free[0];
    if (slot) {
      slot.busy = true;
      return Promise.resolve(slot);
    }
    return new Promise((resolve) => waiting.push({ key, resolve }));
  };

  const release = (slot: Slot): void => {
    const index = Math.max(0, waiting.findIndex((w) => w.key === slot.languagesKey));
    const next = waiting.splice(index, 1)[0];
    if (next) next.resolve(slot); // stays busy, handed over
    else slot.busy = false;
  };

  const dropWorker = (slot: Slot): void => {
    const worker = slot.worker;
    slot.worker = undefined;
    slot.languagesKey = undefined;
    slot.pageSegmentation = undefined;
    if (worker) void worker.terminate().catch(() => undefined);
  };

  const ensureWorker = async (slot: Slot, languages: OcrLanguage[], key: string): Promise<Worker> => {
    if (slot.worker && slot.languagesKey === key) return slot.worker;
    dropWorker(slot);
    const dir = await getLanguageDir();
    await prepareLanguageDir(dir, languages, !options.languageDir);
    const creation = createWorker(languages, OEM.LSTM_ONLY, {
      langPath: dir,
      gzip: true,
      cacheMethod: 'none',
      workerPath: join(__dirname, 'ocr-worker-entry.js'),
      errorHandler: (error: unknown) => slot.onError?.(error),
    });
    const worker = await withTimeout(
      guarded(slot, creation, (error) => new CheckInputError('OCR_LANGUAGE_MISSING',
        `OCR language data for ${languages.join('+')} could not be loaded from ${dir}: ${oneLine(error)}`)),
      createTimeoutMs,
      `starting an OCR worker for ${languages.join('+')} took over ${createTimeoutMs} ms`,
    ).catch((error: unknown) => {
      // if it still starts later, end it
      void creation.then((late) => late.terminate(), () => undefined);
      throw error;
    });
    await worker.setParameters({ preserve_interword_spaces: '1' });
    started += 1;
    slot.worker = worker;
    slot.languagesKey = key;
    return worker;
  };

  /** One recognition of `input` as `pass` says, on a free slot. */
  const recognizeOnce = async (input: ImageInput, pass: OcrPass, languages: OcrLanguage[], name: string): Promise<OcrResult> => {
    const key = languages.join('+');
    const slot = await acquire(key);
    try {
      const worker = await ensureWorker(slot, languages, key);
      if (slot.pageSegmentation !== pass.pageSegmentation) {
        await worker.setParameters({ tessedit_pageseg_mode: pass.pageSegmentation });
        slot.pageSegmentation = pass.pageSegmentation;
      }
      const job = worker.recognize(input instanceof Uint8Array && !Buffer.isBuffer(input) ? Buffer.from(input) : input);
      const { data } = await withTimeout(
        guarded(slot, job, (error) => new CheckInputError('OCR_IMAGE_UNREADABLE', `${name}: OCR could not read the image (${oneLine(error)})`)),
        recognizeTimeoutMs,
        `${name}: OCR took over ${recognizeTimeoutMs} ms`,
      ).catch((error: unknown) => {
        if (!(error instanceof CheckInputError)) dropWorker(slot); // a stuck worker is not reused
        throw error;
      });
      return { text: data.text, confidence: data.confidence, languages, engine: 'tesseract' };
    } finally {
      slot.onError = undefined;
      release(slot);
    }
  };

  const recognize: OcrPool['recognize'] = async (image, requested, callOptions = {}) => {
    const languages = requested === undefined ? [...defaultLanguages] : parseOcrLanguages(requested);
    const name = callOptions.name ?? (typeof image === 'string' ? image : 'image');
    if (!prepare) return recognizeOnce(image, OCR_FIRST_PASS, languages, name);
    const bytes = await readImageBytes(image, inputName(image, { name }));
    const prepared = (pass: OcrPass, format: OcrImageFormat = 'pnm') => prepareOcrImage(bytes, pass.preparation, { ...options, name, format, ...(pass.upscaleBelowMegapixels === undefined ? {} : { upscaleBelowMegapixels: pass.upscaleBelowMegapixels }) });
    const read = async (pass: OcrPass): Promise<OcrResult> => recognizeOnce((await prepared(pass)).image, pass, languages, name);
    const autoImage = await prepared(OCR_AUTO_PASS);
    const auto = recognizeOnce(autoImage.image, OCR_AUTO_PASS, languages, name);
    const megapixels = (autoImage.width * autoImage.height) / (autoImage.upscaled ? 4e6 : 1e6);
    let reading: OcrResult;
    if (megapixels >= singlePassFromMegapixels) reading = await auto;
    else {
      const [first, autoReading] = await Promise.all([read(OCR_FIRST_PASS), auto]); // two slots when free
      const retries = first.confidence < retryBelowConfidence ? [await read(OCR_RETRY_PASS)] : [];
      reading = chooseOcrReading([first, ...retries], autoReading);
    }
    if (!secondEngine || callOptions.secondEngine === false || !wantsSecondEngine(languages, reading, megapixels)) return reading;
    // PaddleOCR reads the pixels as they are (the same safe decode, shared); any failure (logged by it) leaves tesseract's reading
    const second = await secondEngine.recognize((await prepared(OCR_FIRST_PASS, 'png')).image, name).catch(() => undefined);
    return second ? chooseWithSecondEngine<OcrResult>(reading, { ...second, languages, engine: 'paddleocr', tesseractText: reading.text }) : reading;
  };

  const terminate = async (): Promise<void> => {
    await secondEngine?.terminate();
    await Promise.all(slots.map(async (slot) => {
      const worker = slot.worker;
      slot.worker = undefined;
      slot.languagesKey = undefined;
      slot.pageSegmentation = undefined;
      if (worker) await worker.terminate().catch(() => undefined);
    }));
  };

  const load = () => ({ busy: slots.filter((s) => s.busy).length, waiting: waiting.length });

  const warm: OcrPool['warm'] = async (requested) => {
    const languages = requested === undefined ? [...defaultLanguages] : parseOcrLanguages(requested);
    const key = languages.join('+');
    // the second engine loads beside the tesseract workers; a failure there (logged by it) only leaves checks with tesseract alone
    const secondWarm = secondEngine && !languages.includes('chi_tra') ? secondEngine.warm().catch(() => undefined) : undefined;
    await Promise.all(slots.map(async () => {
      const slot = await acquire(key);
      try {
        await ensureWorker(slot, languages, key);
      } finally {
        slot.onError = undefined;
        release(slot);
      }
    }));
    await secondWarm;
  };

  return { size, recognize, terminate, load, warm, workersStarted: () => started, secondEngine };
}

let shared: OcrPool | undefined;
let sharedPaddle: PaddleOcr | undefined;

/** The process-wide PaddleOCR engine (one ONNX session pair per process), created on first call. */
export function sharedPaddleOcr(): PaddleOcr {
  sharedPaddle ??= createPaddleOcr();
  return sharedPaddle;
}

/** The process-wide pool (activities and the CLI): created on first call with `options`, then reused. */
export function sharedOcrPool(options?: OcrPoolOptions): OcrPool {
  shared ??= createOcrPool(options);
  return shared;
}

/**
 * Settles with `promise`, or rejects through the worker's `errorHandler`
 * (tesseract.js reports some failures only there), mapping errors with `toError`.
 */
function guarded<T>(slot: Slot, promise: Promise<T>, toError: (error: unknown) => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    slot.onError = (error) => reject(toError(error));
    promise.then(resolve, (error: unknown) => reject(toError(error)));
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').map((l) => l.trim()).filter(Boolean)[0]?.slice(0, 200) ?? 'unknown error';
}
