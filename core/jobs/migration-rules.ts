/**
 * A job's migration plan from its live state: the rule the API's dry run and
 * the workflow's `migrate` Update validator share (see ../sop/migration-plan.ts).
 */
import type { ExecutionPlan } from '../sop/compile';
import { planMigration, type MigrationPlan } from '../sop/migration-plan';
import type { JobState } from './contract';

/** The migration plan of a job in `state` running `from`, to `to`; a job that ended is refused with JOB_NOT_RUNNING. */
export function planJobMigration(
  state: Pick<JobState, 'status' | 'active' | 'rounds' | 'joinArrivals' | 'latestFiles'>,
  from: ExecutionPlan,
  to: ExecutionPlan,
  mapping?: Record<string, string>,
  options: { reportCadenceRule?: boolean } = {},
): MigrationPlan | { ok: false; code: 'JOB_NOT_RUNNING'; message: string } {
  if (state.status !== 'running' && state.status !== 'stuck') {
    return { ok: false, code: 'JOB_NOT_RUNNING', message: `The job is ${state.status}; it can no longer move to another version.` };
  }
  return planMigration({
    from,
    to,
    active: Object.values(state.active).map((s) => ({
      nodeId: s.nodeId, type: s.type, round: s.round, activatedAt: s.activatedAt, dueAt: s.dueAt, wakeAt: s.wakeAt, assigneeRole: s.assigneeRole, busy: s.busy,
    })),
    rounds: state.rounds,
    joinArrivals: state.joinArrivals,
    submitted: Object.keys(state.latestFiles),
    mapping,
    ...options,
  });
}
