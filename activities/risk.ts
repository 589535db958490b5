import type { RiskActivities } from '../core/risk/contract';
import type { Database } from '../platform/db/database';
import { retrainRiskModel } from '../platform/risk/retrain';
import { scoreActiveSteps } from '../platform/risk/score-pass';

/** The scheduled delay-risk passes' activities (workflows/risk-workflow.ts). */
export function riskActivities(deps: { db: Database; publicUrl: string }): RiskActivities {
  return {
    retrainRiskModel: () => retrainRiskModel(deps.db),
    scoreStepRisks: () => scoreActiveSteps(deps.db, { publicUrl: deps.publicUrl }),
  };
}
