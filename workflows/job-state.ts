/** Pure helpers over a job's workflow state. Safe in the workflow sandbox. */
import type { JobInput, JobState, StepState } from '../core/jobs/contract';

/** Finished steps kept in workflow state (the database keeps every one). */
export const HISTORY_LIMIT = 100;

export function initialState(input: JobInput): JobState {
  return {
    status: 'running',
    active: {},
    history: [],
    rounds: {},
    joinArrivals: {},
    assignees: { ...input.assignees },
    latestFiles: {},
    transitions: 0,
    runs: 0,
  };
}

/** A copy of a step that later mutation cannot change (events are sent later). */
export function snapshot(step: StepState): StepState {
  return {
    ...step,
    reminders: step.reminders.map((n) => ({ ...n })),
    escalations: step.escalations.map((n) => ({ ...n })),
  };
}

export function pushHistory(state: JobState, step: StepState): void {
  state.history.push(snapshot(step));
  if (state.history.length > HISTORY_LIMIT) state.history.splice(0, state.history.length - HISTORY_LIMIT);
}

export function isTerminal(state: JobState): boolean {
  return state.status === 'completed' || state.status === 'cancelled' || state.status === 'failed';
}

/** Role slot → user id as seen from a step (its reassignment override applied). */
export function assigneesFor(state: JobState, step?: StepState): Record<string, string> {
  if (!step?.assigneeRole || !step.assigneeUserId) return { ...state.assignees };
  return { ...state.assignees, [step.assigneeRole]: step.assigneeUserId };
}
