/**
 * Entry of the PaddleOCR worker thread started by `paddle-ocr.ts` (plain ESM:
 * `@gutenye/ocr-node` is ESM-only, and worker threads go through neither tsx
 * nor jest's transforms). One ONNX Runtime session pair (PP-OCRv4 detection +
 * recognition) per thread, created at start; it reads one image at a time.
 *
 * Messages in: `{ id, png }` (an already decoded and re-encoded PNG: the
 * product's safe decode runs first, in the main thread). Out: `{ ready: true }`
 * once the models are loaded, `{ fatal: message }` when they cannot be, and
 * `{ id, lines }` or `{ id, error }` per image.
 */
import { parentPort } from 'node:worker_threads';

const Ocr = (await import('@gutenye/ocr-node')).default;

let ocr;
try {
  ocr = await Ocr.create();
} catch (error) {
  parentPort.postMessage({ fatal: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
parentPort.postMessage({ ready: true });

parentPort.on('message', async ({ id, png }) => {
  try {
    const lines = await ocr.detect(Buffer.from(png));
    parentPort.postMessage({ id, lines: lines.map((l) => ({ text: String(l.text ?? ''), mean: Number(l.mean ?? 0) })) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
