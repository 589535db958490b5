import type { SopDefinition } from '../../../core/sop/types';

/** A step's human title: the API's, else the SOP node's, else its node id. */
export function stepTitle(step: { nodeId: string; title?: string | null }, definition?: SopDefinition | null): string {
  return step.title || definition?.nodes.find((n) => n.id === step.nodeId)?.title || step.nodeId;
}
