/**
 * The delay-risk model's on-time probability per vendor for a new job of an
 * SOP (vendor suggestions): empty when no trained model is in use or the
 * history has no step of the SOP, so the suggestions fall back to their
 * Beta(1, 1) estimate.
 */
import { compileCalendar, DEFAULT_BUSINESS_CALENDAR } from '../../core/time/business-calendar';
import type { RiskModel } from '../../core/risk/model';
import { vendorOnTimeProbability } from '../../core/risk/vendor-outlook';
import type { Database } from '../../platform/db/database';
import { loadRiskData } from '../../platform/risk/risk-data';
import { currentRiskModel } from '../../platform/risk/score-pass';

export async function modelOnTimeByVendor(db: Database, sopKey: string, vendorIds: readonly string[], now: Date): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const stored = await currentRiskModel(db);
  if (!stored || stored.status !== 'trained' || !stored.model || vendorIds.length === 0) return out;
  const { steps, history } = await loadRiskData(db);
  const cal = steps.find((s) => s.snapshot.sopKey === sopKey)?.calendar ?? { calendar: compileCalendar(DEFAULT_BUSINESS_CALENDAR), timezone: 'Asia/Shanghai' };
  for (const id of vendorIds) {
    const p = vendorOnTimeProbability(stored.model as unknown as RiskModel, history, id, sopKey, now.getTime(), cal);
    if (p !== null) out.set(id, p);
  }
  return out;
}
