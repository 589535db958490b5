/**
 * The delay-risk model's on-time probability per vendor for a new job of an
 * SOP (vendor suggestions): empty when no trained model is in use or the
 * history has no step of the SOP, so the suggestions fall back to their
 * Beta(1, 1) estimate.
 *
 * The history the model reads is the whole of it: it is loaded once per model
 * and kept for HISTORY_TTL_MS (the scoring pass runs every 15 minutes), so
 * opening the start-job page does not read every step run each time.
 */
import { compileCalendar, DEFAULT_BUSINESS_CALENDAR } from '../../core/time/business-calendar';
import type { RiskModel } from '../../core/risk/model';
import { vendorOnTimeProbability } from '../../core/risk/vendor-outlook';
import type { Database } from '../../platform/db/database';
import { loadRiskData } from '../../platform/risk/risk-data';
import { currentRiskModel } from '../../platform/risk/score-pass';

/** How long a loaded history serves the suggestions of one model. */
export const HISTORY_TTL_MS = 10 * 60_000;

type RiskData = Awaited<ReturnType<typeof loadRiskData>>;
interface Loaded { modelId: string; at: number; data: Promise<RiskData> }
const loaded = new WeakMap<Database, Loaded>();

/** The history for model `modelId`: loaded at most once per HISTORY_TTL_MS, shared by concurrent callers. */
function historyFor(db: Database, modelId: string, now: number): Promise<RiskData> {
  const kept = loaded.get(db);
  if (kept && kept.modelId === modelId && now - kept.at < HISTORY_TTL_MS) return kept.data;
  const data = loadRiskData(db);
  const entry = { modelId, at: now, data };
  loaded.set(db, entry);
  // A failed load is not kept: the next request tries again.
  data.catch(() => {
    if (loaded.get(db) === entry) loaded.delete(db);
  });
  return data;
}

export async function modelOnTimeByVendor(db: Database, sopKey: string, vendorIds: readonly string[], now: Date): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const stored = await currentRiskModel(db);
  if (!stored || stored.status !== 'trained' || !stored.model || vendorIds.length === 0) return out;
  const { steps, history } = await historyFor(db, stored.id, Date.now());
  const cal = steps.find((s) => s.snapshot.sopKey === sopKey)?.calendar ?? { calendar: compileCalendar(DEFAULT_BUSINESS_CALENDAR), timezone: 'Asia/Shanghai' };
  for (const id of vendorIds) {
    const p = vendorOnTimeProbability(stored.model as unknown as RiskModel, history, id, sopKey, now.getTime(), cal);
    if (p !== null) out.set(id, p);
  }
  return out;
}
