/**
 * The scheduled delay-risk passes: one activity each, retried a few times
 * (both are idempotent: a retrain appends a model row, a scoring pass
 * upserts risks and notices each step once).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { RiskActivities, RiskRetrainResult, RiskScoreResult } from '../core/risk/contract';

const { retrainRiskModel, scoreStepRisks } = proxyActivities<RiskActivities>({
  startToCloseTimeout: '30 minutes',
  retry: { maximumAttempts: 3, initialInterval: '30 seconds' },
});

export async function riskRetrainWorkflow(): Promise<RiskRetrainResult> {
  return retrainRiskModel();
}

export async function riskScoreWorkflow(): Promise<RiskScoreResult> {
  return scoreStepRisks();
}
