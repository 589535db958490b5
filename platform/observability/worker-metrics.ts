/**
 * Metrics only a worker has: the OCR pool's slots, busy slots and queue
 * (calls waiting for a slot). Check and activity durations are recorded where
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
}
