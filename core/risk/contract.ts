/**
 * The delay-risk passes as the worker runs them: two Temporal Schedules start
 * `riskRetrainWorkflow` (nightly) and `riskScoreWorkflow` (every 15 minutes),
 * each one activity (platform/risk/retrain.ts, platform/risk/score-pass.ts).
 */

export interface RiskRetrainResult {
  modelId: string;
  status: 'trained' | 'not_enough_history';
  finishedSteps: number;
  threshold: number | null;
}

export interface RiskScoreResult {
  status: 'no_model' | 'not_enough_history' | 'scored';
  scored: number;
  atRisk: number;
  notified: number;
}

export interface RiskActivities {
  retrainRiskModel(): Promise<RiskRetrainResult>;
  scoreStepRisks(): Promise<RiskScoreResult>;
}

/** Workflow types and schedule ids: stable, running schedules refer to them. */
export const RISK_RETRAIN_WORKFLOW_TYPE = 'riskRetrainWorkflow';
export const RISK_SCORE_WORKFLOW_TYPE = 'riskScoreWorkflow';
export const RISK_RETRAIN_SCHEDULE_ID = 'waifa-sop-risk-retrain';
export const RISK_SCORE_SCHEDULE_ID = 'waifa-sop-risk-score';
