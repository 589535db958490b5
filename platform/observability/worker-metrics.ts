/**
 * Metrics only a worker has: the OCR pool's slots, busy slots and queue
 * (calls waiting for a slot), and its second engine's. Check and activity durations are recorded where
 * they run (activities/run-check.ts, temporal-interceptors.ts).
 */
import { sharedOcrPool } from '../../checks/ocr-pool';
import { scrapedGauge } from './metrics';

let registered = false;

export function registerWorkerMetrics(): void {
  if (registered) return;
  registered = true;
  scrapedGauge('sop_ocr_pool_slots', 'OCR worker slots of this process (busy: recognising now).', ['state'], () => {
    const pool = sharedOcrPool();
    const { busy } = pool.load();
    return [{ labels: { state: 'busy' }, value: busy }, { labels: { state: 'idle' }, value: pool.size - busy }];
  });
  scrapedGauge('sop_ocr_pool_queue', 'OCR calls waiting for a free slot.', [], () => [{ labels: {}, value: sharedOcrPool().load().waiting }]);
  // the second engine (PaddleOCR, one ONNX session pair per process): readings under way, calls waiting, failures kept as tesseract's
  scrapedGauge('sop_ocr_second_engine', 'PaddleOCR readings under way (busy), calls waiting for it (waiting), readings that failed so tesseract\'s stood (failures).', ['state'], () => {
    const engine = sharedOcrPool().secondEngine;
    if (!engine) return [];
    const { busy, waiting } = engine.load();
    return [{ labels: { state: 'busy' }, value: busy }, { labels: { state: 'waiting' }, value: waiting }, { labels: { state: 'failures' }, value: engine.failures() }];
  });
}
