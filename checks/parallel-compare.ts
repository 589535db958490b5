/**
 * `compareRgba` with large changed areas split over worker threads: when many
 * rows differ (a JPEG re-export, a photograph, a moved layout), the rows to
 * compare are cut into equal shares; the main thread takes one, each worker
 * another. Every share is handed to pixelmatch with two rows of context on
 * each side, ignored but read by its anti-aliasing test, so the counts and the
 * diff mask are exactly those of one whole-image pixelmatch call. Images with
 * transparency in the changed rows are compared whole on this thread (see
 * `CompareRgbaInput.opaque`).
 */
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PIXELMATCH_CONTEXT_ROWS, type RowBand } from '../core/checks/changed-rows';
import {
  finishComparison, matchRows, pieceIgnoreMask, pixelmatchOptions, planComparison,
  type CompareRgbaInput, type CompareRgbaResult, type ComparisonPlan, type RowPiece,
} from '../core/checks/visual-compare';

/** Below this many pixels to compare, handing rows to a worker costs more than it saves. */
export const PARALLEL_MIN_PIXELS = 400_000;
/** Workers at most (the main thread compares a share too). */
const MAX_WORKERS = 3;
/**
 * Idle workers stop after this long (a burst of checks keeps them warm; a
 * worker starts in a few ms). Test runners that keep a process alive while a
 * worker exists, even an unref'd one (jest does), are not held up either.
 */
const IDLE_MS = 2000;

interface PieceJob { img1: Uint8Array<ArrayBuffer>; img2: Uint8Array<ArrayBuffer>; ignore?: Uint8Array; width: number; height: number }
interface PieceAnswer { count: number; mask: Uint8Array }
type Reply = { id: number; answers: PieceAnswer[] } | { id: number; error: string };

// The worker is plain JavaScript (no TypeScript loader needed in any runtime); pixelmatch is an ES module.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const loading = import(workerData.pixelmatchUrl).then((m) => m.default);
parentPort.on('message', async ({ id, pieces, options }) => {
  try {
    const pixelmatch = await loading;
    const answers = pieces.map((p) => {
      const mask = new Uint8Array(p.img1.length);
      const count = pixelmatch(p.img1, p.img2, mask, p.width, p.height, { ...options, ignoreMask: p.ignore });
      return { count, mask };
    });
    parentPort.postMessage({ id, answers }, answers.map((a) => a.mask.buffer));
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.stack || error) });
  }
});
`;

class BandWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (a: PieceAnswer[]) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor(pixelmatchUrl: string) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { pixelmatchUrl } });
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ('error' in reply) waiter?.reject(new Error(reply.error));
      else waiter?.resolve(reply.answers);
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', () => this.failAll(new Error('band worker exited')));
  }

  run(pieces: PieceJob[], options: ReturnType<typeof pixelmatchOptions>): Promise<PieceAnswer[]> {
    const id = this.nextId++;
    return new Promise<PieceAnswer[]>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, pieces, options }, pieces.flatMap((p) => [p.img1.buffer as ArrayBuffer, p.img2.buffer as ArrayBuffer]));
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
    pool = pool.filter((w) => w !== this);
  }
}

let pool: BandWorker[] = [];
let idleTimer: NodeJS.Timeout | undefined;
let running = 0;

function stopWhenIdle(): void {
  clearTimeout(idleTimer);
  if (running > 0) return;
  idleTimer = setTimeout(() => { if (running === 0) void closeBandWorkers(); }, IDLE_MS);
  idleTimer.unref();
}

/**
 * Whether the 1-minute load average leaves a core free: on a busy machine the
 * workers only compete with this thread and the copies cost more than they
 * save (measured: 1.3× slower at load 6 on 2 cores, docs/BENCHMARKS.md).
 */
function coreFree(): boolean {
  return loadavg()[0]! <= availableParallelism() - 1;
}

/** Workers this process may use: one per core beyond the main thread's, at most {@link MAX_WORKERS}. */
export function bandWorkerCount(): number {
  return Math.max(1, Math.min(MAX_WORKERS, availableParallelism() - 1));
}

/** The first `count` workers of the pool, started on first use and kept (unref'd) for the next comparison. */
function workers(count: number): BandWorker[] {
  if (pool.length < count) {
    const url = pathToFileURL(require.resolve('pixelmatch')).href;
    while (pool.length < count) pool.push(new BandWorker(url));
  }
  return pool.slice(0, count);
}

/** Stops the band workers (tests; a process that exits needs nothing: they are unref'd). */
export async function closeBandWorkers(): Promise<void> {
  clearTimeout(idleTimer);
  const stopping = pool;
  pool = [];
  await Promise.all(stopping.map((w) => w.terminate()));
}

/**
 * Cuts `bands` into `shares` lists of pieces of about equal rows: a band cut
 * in two gives each side the other's two nearest rows as uncounted context.
 */
export function splitBands(bands: readonly RowBand[], shares: number, height: number): RowPiece[][] {
  const total = bands.reduce((sum, b) => sum + b.end - b.start, 0);
  const out: RowPiece[][] = Array.from({ length: shares }, () => []);
  let share = 0;
  let done = 0;
  for (const band of bands) {
    let row = band.start;
    while (row < band.end) {
      const limit = Math.ceil((total * (share + 1)) / shares);
      const to = Math.min(band.end, row + limit - done);
      if (to > row) {
        out[share]!.push({
          start: row === band.start ? row : Math.max(0, row - PIXELMATCH_CONTEXT_ROWS),
          end: to === band.end ? to : Math.min(height, to + PIXELMATCH_CONTEXT_ROWS),
          countFrom: row,
          countTo: to,
        });
        done += to - row;
        row = to;
      }
      if (done >= limit && share < shares - 1) share++;
    }
  }
  return out.filter((pieces) => pieces.length > 0);
}

/**
 * Same result as `compareRgba` (same figures, same diff image), with the rows
 * to compare shared between this thread and the band workers when there are
 * at least {@link PARALLEL_MIN_PIXELS} and a core is free (unless `workers`
 * is given). A worker that fails leaves its share to this thread.
 */
export async function compareRgbaParallel(input: CompareRgbaInput, options: { workers?: number } = {}): Promise<CompareRgbaResult> {
  const plan = planComparison(input, true);
  const rows = plan.bands.reduce((sum, b) => sum + b.end - b.start, 0);
  if (!plan.splittable || rows * plan.width < PARALLEL_MIN_PIXELS || (options.workers === undefined && !coreFree())) {
    let diffPixels = 0;
    for (const band of plan.bands) diffPixels += matchRows(plan, { ...band, countFrom: band.start, countTo: band.end }, plan.mask);
    return finishComparison(plan, diffPixels);
  }
  running++;
  try {
    return await shareRows(plan, workers(Math.max(1, Math.min(MAX_WORKERS, options.workers ?? bandWorkerCount()))));
  } finally {
    running--;
    stopWhenIdle();
  }
}

/** This thread's share compared here, the others by `helpers`; their masks copied into the plan's. */
async function shareRows(plan: ComparisonPlan, helpers: BandWorker[]): Promise<CompareRgbaResult> {
  const [own, ...theirs] = splitBands(plan.bands, helpers.length + 1, plan.height);
  const settings = pixelmatchOptions(plan.options);
  const sent = theirs.map((pieces, i) => ({ pieces, answers: helpers[i]!.run(pieces.map((p) => pieceJob(plan, p)), settings) }));
  let diffPixels = 0;
  for (const piece of own ?? []) diffPixels += matchRows(plan, piece, plan.mask);
  for (const { pieces, answers } of sent) {
    let replies: PieceAnswer[] | undefined;
    try {
      replies = await answers;
    } catch {
      replies = undefined;
    }
    pieces.forEach((piece, k) => {
      const reply = replies?.[k];
      if (!reply) { diffPixels += matchRows(plan, piece, plan.mask); return; }
      diffPixels += reply.count;
      const skip = (piece.countFrom - piece.start) * plan.width * 4;
      const length = (piece.countTo - piece.countFrom) * plan.width * 4;
      plan.mask.set(reply.mask.subarray(skip, skip + length), piece.countFrom * plan.width * 4);
    });
  }
  return finishComparison(plan, diffPixels);
}

/** A piece's rows copied out for a worker (the copies are transferred, not cloned again). */
function pieceJob(plan: ComparisonPlan, piece: RowPiece): PieceJob {
  const from = piece.start * plan.width * 4;
  const to = piece.end * plan.width * 4;
  const ignore = pieceIgnoreMask(plan.ignore, plan.width, piece);
  return {
    // copies (Buffer#slice would be a view, and transferring it would detach the whole image)
    img1: new Uint8Array(plan.img1.subarray(from, to)),
    img2: new Uint8Array(plan.img2.subarray(from, to)),
    ...(ignore ? { ignore: new Uint8Array(ignore) } : {}),
    width: plan.width,
    height: piece.end - piece.start,
  };
}
