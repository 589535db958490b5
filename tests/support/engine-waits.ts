import type { WorkflowHandle } from '@temporalio/client';
import type { StepState } from '../../core/jobs/contract';
import { stateQuery } from '../../workflows/definitions';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Polls `probe` every 25 ms until it gives a value other than undefined/false; fails naming `what`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** The live state of step `nodeId` once its round `round` is active (from the workflow's query). */
export async function activeStep(handle: WorkflowHandle, nodeId: string, round = 1): Promise<StepState> {
  return until(`${nodeId} round ${round} active`, async () => {
    const step = (await handle.query(stateQuery)).active[nodeId];
    return step?.round === round ? step : undefined;
  });
}
