/**
 * Graph rules about paths: every node reachable from the start, an end
 * reachable from every node, and no loop without a person. Pure: no I/O.
 *
 * Edges leaving an `end` are reported by EDGE_FROM_END and not followed here:
 * at run time the job is over when it reaches an end.
 */
import { reachable, reverse, stronglyConnected } from './graph-algorithms';
import type { SopGraph } from './graph-model';
import { createIssue } from './issue';
import type { SopIssue } from './validate';

/** Which nodes the start reaches and which reach an end. */
export interface PathFacts {
  fromStart: boolean[];
  toEnd: boolean[];
}

/** Reachability from the (single) start and to any end. */
export function pathFacts(graph: SopGraph): PathFacts {
  return {
    fromStart: reachable(graph.succ, graph.starts),
    toEnd: reachable(reverse(graph.succ), graph.ends),
  };
}

/**
 * NODE_UNREACHABLE for nodes the start does not reach; NODE_CANNOT_FINISH for
 * reachable nodes that reach no end, except nodes without any outgoing edge
 * (already NODE_DEAD_END). Needs exactly one start and at least one end.
 */
export function reachabilityIssues(graph: SopGraph, facts: PathFacts): SopIssue[] {
  const start = graph.nodes[graph.starts[0]!]!;
  const issues: SopIssue[] = [];
  graph.nodes.forEach((node, i) => {
    if (!facts.fromStart[i]) {
      issues.push(createIssue('NODE_UNREACHABLE', ['nodes', node.index], { nodeId: node.id, start: start.id }));
    }
  });
  graph.nodes.forEach((node, i) => {
    const deadEnd = graph.succ[i]!.length === 0;
    if (facts.fromStart[i] && !facts.toEnd[i] && !deadEnd && node.type !== 'end') {
      issues.push(createIssue('NODE_CANNOT_FINISH', ['nodes', node.index], { nodeId: node.id }));
    }
  });
  return issues;
}

/**
 * LOOP_WITHOUT_PERSON once per group of nodes that loop among themselves
 * without passing a `task` or `review` (a strongly connected component of the
 * graph without those nodes, or a node with an edge to itself). The issue is
 * reported on the group's first node in document order.
 */
export function loopIssues(graph: SopGraph): SopIssue[] {
  const human = (i: number): boolean => ['task', 'review', 'accept'].includes(graph.nodes[i]!.type);
  const issues: SopIssue[] = [];
  for (const component of stronglyConnected(graph.succ, (i) => !human(i))) {
    const only = component[0]!;
    if (component.length === 1 && !graph.succ[only]!.includes(only)) continue;
    const first = graph.nodes[only]!;
    issues.push(
      createIssue('LOOP_WITHOUT_PERSON', ['nodes', first.index], {
        nodeId: first.id,
        nodes: component.map((i) => graph.nodes[i]!.id),
      }),
    );
  }
  return issues;
}
