/**
 * Runs a submission or review as a Temporal Update, once per Idempotency-Key.
 * The key is the Update id, so Temporal answers a retry of a running
 * workflow's Update with the first outcome. One case it cannot see from
 * `executeUpdate`: the first attempt went through, finished the job (an
 * approval that ends the workflow), and the API died before answering — the
 * retry then meets a closed workflow. Its outcome is still in that run's
 * history: fetch it by the Update id, so the client gets the answer it missed
 * instead of "the job has ended".
 */
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { problemFromUpdateError } from './workflow-errors';

/** The outcome of an earlier Update with this id (running or closed run); undefined when there is none. */
export async function earlierUpdateOutcome<Ret>(client: Client, workflowId: string, updateId: string | undefined): Promise<{ result: Ret } | undefined> {
  if (!updateId) return undefined;
  return client.workflow.getHandle(workflowId).getUpdateHandle<Ret>(updateId).result().then(
    (result) => ({ result }),
    () => undefined,
  );
}

export async function executeUpdateOnce<Ret, Args extends [unknown]>(
  client: Client,
  workflowId: string,
  update: UpdateDefinition<Ret, Args>,
  args: Args,
  updateId: string | undefined,
): Promise<Ret> {
  const handle = client.workflow.getHandle(workflowId);
  try {
    return await handle.executeUpdate(update, { args, ...(updateId ? { updateId } : {}) });
  } catch (error) {
    const problem = problemFromUpdateError(error);
    if (problem.code === 'job-not-running') {
      // No Update with this id in the closed run: the job really ended before it.
      const earlier = await earlierUpdateOutcome<Ret>(client, workflowId, updateId);
      if (earlier) return earlier.result;
    }
    throw problem;
  }
}
