/**
 * Which vendor to give a new job of an SOP (GET /api/sops/:key/vendor-suggestions):
 * per vendor organisation its score and rank for this SOP, its open load across
 * all SOPs, and the probability that it delivers a step on time.
 *
 * The probability is the posterior mean of a Beta(1, 1) prior updated with the
 * vendor's due steps over the window — of this SOP when it has any, else of all
 * SOPs, else the prior (0.5, basis `none`) — unless the delay-risk model is
 * trained: then it is the model's probability that a fresh step of this SOP
 * finishes on time for that vendor (core/risk/vendor-outlook.ts, `source`
 * `model`); the Beta(1, 1) estimate stays the fallback (`source` `history`).
 * Pure: the route reads the two reports and the model's figures, this orders them.
 */
import type { VendorReportRow } from './vendor-report';

export type SuggestionBasis = 'sop' | 'all' | 'none';

export interface VendorSuggestion {
  org: { id: string; name: string };
  score: number | null;
  rank: number | null;
  onTime: { probability: number; onTime: number; due: number; basis: SuggestionBasis; source: 'model' | 'history' };
  openLoad: VendorReportRow['openLoad'];
  suggested: boolean;
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** (onTime + 1) / (due + 2): the Beta(1, 1) posterior mean. */
export function onTimeProbability(onTime: number, due: number): number {
  return round((onTime + 1) / (due + 2), 4);
}

/**
 * Orders vendors best first: on-time probability, then score (none last), then
 * fewer open vendor steps, then name. The first is `suggested` when it has any
 * history (a vendor nobody has seen yet is never pushed on the owner).
 */
export function suggestVendors(forSop: readonly VendorReportRow[], overall: readonly VendorReportRow[], modelOnTime: ReadonlyMap<string, number> = new Map()): VendorSuggestion[] {
  const all = new Map(overall.map((r) => [r.org.id, r]));
  const ids = new Set([...forSop.map((r) => r.org.id), ...overall.map((r) => r.org.id)]);
  const sopRows = new Map(forSop.map((r) => [r.org.id, r]));
  const items: VendorSuggestion[] = [...ids].map((id) => {
    const sop = sopRows.get(id);
    const any = all.get(id);
    const org = (sop ?? any)!.org;
    const basis: SuggestionBasis = sop && sop.onTime.due > 0 ? 'sop' : any && any.onTime.due > 0 ? 'all' : 'none';
    const counts = basis === 'sop' ? sop!.onTime : basis === 'all' ? any!.onTime : { onTime: 0, due: 0 };
    return {
      org,
      score: sop?.score ?? null,
      rank: sop?.rank ?? null,
      onTime: modelOnTime.has(id)
        ? { probability: modelOnTime.get(id)!, onTime: counts.onTime, due: counts.due, basis, source: 'model' as const }
        : { probability: onTimeProbability(counts.onTime, counts.due), onTime: counts.onTime, due: counts.due, basis, source: 'history' as const },
      openLoad: any?.openLoad ?? sop?.openLoad ?? { jobs: 0, steps: 0, overdueSteps: 0 },
      suggested: false,
    };
  });
  items.sort(
    (a, b) =>
      b.onTime.probability - a.onTime.probability ||
      (b.score ?? -1) - (a.score ?? -1) ||
      a.openLoad.steps - b.openLoad.steps ||
      a.org.name.localeCompare(b.org.name) ||
      a.org.id.localeCompare(b.org.id),
  );
  if (items[0] && items[0].onTime.basis !== 'none') items[0].suggested = true;
  return items;
}
