import type { SopDefinition } from '../../../../core/sop/types';

/**
 * The task nodes whose work a review node judges: walking the edges back from
 * the review through checks, waits, notifications and parallel/join nodes to
 * the first tasks (not past another review). Empty when the graph names none.
 */
export function reviewedTasks(def: SopDefinition | null | undefined, reviewId: string): string[] {
  if (!def) return [];
  const type = new Map(def.nodes.map((n) => [n.id, n.type]));
  const found: string[] = [];
  const seen = new Set<string>([reviewId]);
  const queue = [reviewId];
  while (queue.length) {
    const at = queue.shift()!;
    for (const edge of def.edges) {
      if (edge.to !== at || seen.has(edge.from)) continue;
      seen.add(edge.from);
      const kind = type.get(edge.from);
      if (kind === 'task') found.push(edge.from);
      else if (kind !== 'review' && kind !== 'start') queue.push(edge.from);
    }
  }
  return found;
}
