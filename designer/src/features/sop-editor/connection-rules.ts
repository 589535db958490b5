import type { SopDefinition } from '../../../../core/sop/types';
import { edgeHandle, sourceHandles } from './node-kinds';

export interface ConnectionAttempt {
  source: string | null;
  target: string | null;
  sourceHandle?: string | null;
}

export type ConnectionRefusal = 'unknown-node' | 'self' | 'into-start' | 'out-of-end' | 'unknown-outcome' | 'handle-used' | 'duplicate';

/**
 * Why the SOP format forbids this edge, or null when it may be drawn.
 * Refused as the user drags: edges into `start`, out of `end`, to itself,
 * outcomes the source type does not have, a second edge from the same
 * outcome (a `parallel` may fan out), and duplicates.
 */
export function connectionRefusal(def: SopDefinition, attempt: ConnectionAttempt): ConnectionRefusal | null {
  const source = def.nodes.find((n) => n.id === attempt.source);
  const target = def.nodes.find((n) => n.id === attempt.target);
  if (!source || !target) return 'unknown-node';
  if (source.id === target.id) return 'self';
  if (target.type === 'start') return 'into-start';
  if (source.type === 'end') return 'out-of-end';
  const handles = sourceHandles(source.type);
  const handle = attempt.sourceHandle ?? handles[0];
  if (!handle || !handles.includes(handle)) return 'unknown-outcome';
  const fromHere = def.edges.filter((e) => e.from === source.id && edgeHandle(e, source.type) === handle);
  if (fromHere.some((e) => e.to === target.id)) return 'duplicate';
  if (source.type !== 'parallel' && fromHere.length > 0) return 'handle-used';
  return null;
}
