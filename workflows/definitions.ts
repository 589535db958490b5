/**
 * Messages a job workflow accepts. Imported by the API (client side) and the
 * workflow alike; names are stable because running histories refer to them.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AcceptInput,
  AcceptResult,
  CancelInput,
  ChangeVendorInput,
  ChangeVendorResult,
  ExtendDeadlineInput,
  JobState,
  MigrateInput,
  MigrateResult,
  ReassignInput,
  ReportInput,
  ReportResult,
  ReviewInput,
  ReviewResult,
  SubmitInput,
  SubmitResult,
} from '../core/jobs/contract';

/** A vendor submits the deliverables of an active task step. */
export const submitUpdate = defineUpdate<SubmitResult, [SubmitInput]>('submit');
/** A reviewer approves or rejects an active review step. */
export const reviewUpdate = defineUpdate<ReviewResult, [ReviewInput]>('review');
/** The assignee of an active accept step accepts or declines the job (接单). */
export const acceptUpdate = defineUpdate<AcceptResult, [AcceptInput]>('accept');
/** The assignee of an active step with `reports` files one period's report or check-in (日报/周报/打卡). */
export const fileReportUpdate = defineUpdate<ReportResult, [ReportInput]>('fileReport');
/** Moves the job to another vendor organisation, optionally restarting from a step (after a decline). */
export const changeVendorUpdate = defineUpdate<ChangeVendorResult, [ChangeVendorInput]>('changeVendor');
/** Moves the job to another version of its SOP; active steps continue on the nodes the migration plan maps them to. */
export const migrateUpdate = defineUpdate<MigrateResult, [MigrateInput]>('migrate');
/** Moves an active step's deadline; pending reminders and escalations follow it. */
export const extendDeadlineSignal = defineSignal<[ExtendDeadlineInput]>('extendDeadline');
/** Binds a role (job-wide) or one active step to another person. */
export const reassignSignal = defineSignal<[ReassignInput]>('reassign');
/** Cancels the job: every active step ends as `cancelled`. */
export const cancelSignal = defineSignal<[CancelInput]>('cancel');
/** The full live state: active steps, rounds, due times, recent history. */
export const stateQuery = defineQuery<JobState & { now: number }>('state');

export const JOB_WORKFLOW_TYPE = 'jobWorkflow';
