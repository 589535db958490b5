/**
 * Keeps the delay-risk Temporal Schedules in line with the configuration
 * (RISK_RETRAIN_CRON, default "30 2 * * *" in BACKUP_TIMEZONE's zone; scoring
 * every RISK_SCORE_MINUTES, default 15; `off` for either removes it): created
 * when absent, updated when the note (what they were made from) changed.
 * Overlapping runs are skipped. Every worker calls this at start, like the
 * nightly backup's schedule (backup-schedule.ts).
 */
import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleSpec } from '@temporalio/client';
import { RISK_RETRAIN_SCHEDULE_ID, RISK_RETRAIN_WORKFLOW_TYPE, RISK_SCORE_SCHEDULE_ID, RISK_SCORE_WORKFLOW_TYPE } from '../core/risk/contract';

export interface RiskScheduleSettings {
  /** 5-field cron of the retraining; undefined = no retraining schedule. */
  retrainCron?: string;
  /** Minutes between scoring passes; undefined = no scoring schedule. */
  scoreMinutes?: number;
  timezone: string;
  taskQueue: string;
}

export type ScheduleChange = 'created' | 'updated' | 'unchanged' | 'deleted' | 'absent';

async function syncOne(client: Client, scheduleId: string, workflowType: string, taskQueue: string, spec: ScheduleSpec | undefined, note: string): Promise<ScheduleChange> {
  const handle = client.schedule.getHandle(scheduleId);
  if (!spec) {
    try {
      await handle.delete();
      return 'deleted';
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) return 'absent';
      throw error;
    }
  }
  const action = { type: 'startWorkflow' as const, workflowType, taskQueue, workflowId: scheduleId.replace('waifa-sop-', 'waifa-sop-run-') };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' as const };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies, state: { note } });
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  const current = await handle.describe();
  if (current.state.note === note) return 'unchanged';
  await handle.update((previous) => ({ ...previous, spec, action, policies, state: { ...previous.state, note } }));
  return 'updated';
}

export async function syncRiskSchedules(client: Client, settings: RiskScheduleSettings): Promise<{ retrain: ScheduleChange; score: ScheduleChange }> {
  const retrain = await syncOne(
    client, RISK_RETRAIN_SCHEDULE_ID, RISK_RETRAIN_WORKFLOW_TYPE, settings.taskQueue,
    settings.retrainCron ? { cronExpressions: [settings.retrainCron], timezone: settings.timezone } : undefined,
    `delay-risk retraining: cron "${settings.retrainCron}" in ${settings.timezone}, task queue ${settings.taskQueue} (RISK_RETRAIN_CRON)`,
  );
  const score = await syncOne(
    client, RISK_SCORE_SCHEDULE_ID, RISK_SCORE_WORKFLOW_TYPE, settings.taskQueue,
    settings.scoreMinutes ? { intervals: [{ every: `${settings.scoreMinutes} minutes` }] } : undefined,
    `delay-risk scoring: every ${settings.scoreMinutes} minutes, task queue ${settings.taskQueue} (RISK_SCORE_MINUTES)`,
  );
  return { retrain, score };
}

/** RISK_RETRAIN_CRON / RISK_SCORE_MINUTES from the environment (`off` = none). */
export function riskScheduleSettingsFromEnv(env: NodeJS.ProcessEnv): { retrainCron?: string; scoreMinutes?: number } {
  const cron = env.RISK_RETRAIN_CRON?.trim();
  const minutes = env.RISK_SCORE_MINUTES?.trim();
  const scoreMinutes = minutes === 'off' ? undefined : minutes ? Number(minutes) : 15;
  if (scoreMinutes !== undefined && !(Number.isInteger(scoreMinutes) && scoreMinutes >= 1 && scoreMinutes <= 1440)) {
    throw new Error(`RISK_SCORE_MINUTES must be a whole number of minutes 1–1440 or "off", not "${minutes}"`);
  }
  return { retrainCron: cron === 'off' ? undefined : cron || '30 2 * * *', scoreMinutes };
}
