/**
 * The baseline for bench/engine.bench.ts: the least a Temporal workflow can do
 * for the same client traffic as a job on the 3-step SOP. Each of `steps`
 * steps waits on a durable timer (like a human step's deadline) until an
 * `advance` Update arrives, which ends the step and returns at once. No
 * activities, no state beyond a counter. Bundled on its own (tiny bundle).
 */
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const advanceUpdate = defineUpdate<number, [number]>('advance');

/** Runs `steps` steps, each ended by one `advance` Update (argument: the step it ends). */
export async function bareWorkflow(steps: number): Promise<number> {
  let done = 0;
  setHandler(
    advanceUpdate,
    (step) => {
      done = step + 1;
      return done;
    },
    {
      validator: (step) => {
        if (step !== done) throw new Error(`step ${step} is not active (active: ${done})`);
      },
    },
  );
  for (let step = 0; step < steps; step++) {
    // One timer per step, cancelled by the Update: the same timers as a step with `due`.
    await condition(() => done > step, '1 day');
  }
  return done;
}
