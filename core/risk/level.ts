/**
 * A step's delay risk in words, from its probability of finishing late and the
 * model's threshold (the probability from which a step is "at risk"):
 * - `critical`: at risk, and past halfway from the threshold to certainty;
 * - `high`: at risk (probability ≥ threshold);
 * - `medium`: at least half the threshold;
 * - `low`: below that.
 */
export type RiskLevel = 'critical' | 'high' | 'medium' | 'low';

export const RISK_LEVELS: readonly RiskLevel[] = ['critical', 'high', 'medium', 'low'];

export function riskLevel(probability: number, threshold: number): RiskLevel {
  if (probability >= threshold) return probability >= (1 + threshold) / 2 ? 'critical' : 'high';
  return probability >= threshold / 2 ? 'medium' : 'low';
}
