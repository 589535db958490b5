/**
 * The model's view of a vendor for a new job of an SOP (pure): the
 * probability that a fresh step of each of the SOP's vendor steps seen in the
 * history, activated now with that step's usual window, finishes on time —
 * averaged over those steps. Null when the history has no step of the SOP.
 */
import type { RiskCalendar } from './business-hours';
import { stepFeatures } from './features';
import type { HistoryIndex } from './history';
import { riskProbability, type RiskModel } from './model';

/** The SOP's vendor steps seen in the history, with their median window (due − activated) in ms. */
export function sopSteps(history: HistoryIndex, sopKey: string): Array<{ nodeId: string; windowMs: number }> {
  const out: Array<{ nodeId: string; windowMs: number }> = [];
  for (const steps of history.byNode.values()) {
    const windows = steps.filter((s) => s.sopKey === sopKey && s.dueAt !== null).map((s) => s.dueAt! - s.activatedAt).sort((a, b) => a - b);
    if (windows.length === 0) continue;
    out.push({ nodeId: steps[0]!.nodeId, windowMs: windows[Math.floor(windows.length / 2)]! });
  }
  return out.sort((a, b) => a.nodeId.localeCompare(b.nodeId));
}

export function vendorOnTimeProbability(model: RiskModel, history: HistoryIndex, vendorId: string, sopKey: string, now: number, cal: RiskCalendar): number | null {
  const steps = sopSteps(history, sopKey);
  if (steps.length === 0) return null;
  const late = steps.map((s) => riskProbability(model, stepFeatures(
    { vendorId, sopKey, nodeId: s.nodeId, round: 1, activatedAt: now, dueAt: now + s.windowMs, filed: [], uploads: [], missed: [] },
    history, now, cal,
  ).values));
  return Math.round((1 - late.reduce((a, b) => a + b, 0) / late.length) * 1e4) / 1e4;
}
