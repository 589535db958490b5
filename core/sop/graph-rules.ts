/**
 * Graph rules about single nodes and edges (SOP-FORMAT.md, "Graph rules"):
 * one start, at least one end, unique ids, edges between existing nodes, no
 * repeated edges, nothing leaves an end or enters the start, and the outgoing
 * edges each node type needs. Pure: no I/O.
 *
 * Outgoing edges by node type:
 * - `start`, `task`, `join`, `wait`, `notify`: exactly one; plain, except that
 *   a task's edge may also be labelled `submitted`.
 * - `parallel`: two or more, plain.
 * - `check`: exactly one `passed` and one `failed`; `review`: exactly one
 *   `approved` and one `rejected`; `accept`: exactly one `accepted` and one
 *   `declined`; no unlabelled or other edges.
 * - `end`: none.
 * A node without any outgoing edge is reported once (NODE_DEAD_END), not also
 * for each outcome it lacks.
 */
import type { GraphDefects, SkeletonEdge, SkeletonNode, SopGraph } from './graph-model';
import { createIssue } from './issue';
import { NODE_OUTCOMES, type NodeType } from './types';
import type { SopIssue } from './validate';

const SINGLE_EXIT: ReadonlySet<NodeType> = new Set(['start', 'task', 'join', 'wait', 'notify']);
const PLAIN_ONLY: ReadonlySet<NodeType> = new Set(['start', 'join', 'wait', 'notify', 'parallel']);

/** Issues about ids, starts/ends and edges naming nodes (from building the graph). */
export function structureIssues(graph: SopGraph, defects: GraphDefects): SopIssue[] {
  const issues: SopIssue[] = [];
  for (const { node, first } of defects.repeatedIds) {
    issues.push(
      createIssue('NODE_ID_DUPLICATE', ['nodes', node.index, 'id'], {
        nodeId: node.id,
        nodeNumber: node.index + 1,
        firstNodeNumber: first.index + 1,
      }),
    );
  }
  const [firstStart, ...extraStarts] = graph.starts.map((i) => graph.nodes[i]!);
  if (!firstStart) issues.push(createIssue('START_MISSING', ['nodes']));
  for (const extra of extraStarts) {
    issues.push(createIssue('START_MULTIPLE', ['nodes', extra.index], { nodeId: extra.id, first: firstStart!.id }));
  }
  if (graph.ends.length === 0) issues.push(createIssue('END_MISSING', ['nodes']));
  for (const { edge, end } of defects.unknownEnds) {
    issues.push(
      createIssue('EDGE_UNKNOWN_NODE', ['edges', edge.index, end], {
        edgeNumber: edge.index + 1,
        from: edge.from,
        to: edge.to,
        value: edge[end],
      }),
    );
  }
  for (const { edge, first } of defects.repeatedEdges) {
    issues.push(
      createIssue('EDGE_DUPLICATE', ['edges', edge.index], {
        edgeNumber: edge.index + 1,
        firstEdgeNumber: first.index + 1,
        from: edge.from,
        to: edge.to,
      }),
    );
  }
  for (const e of graph.edges) {
    const from = graph.nodes[e.from]!;
    const to = graph.nodes[e.to]!;
    if (from.type === 'end') issues.push(createIssue('EDGE_FROM_END', ['edges', e.index], { nodeId: from.id, to: to.id }));
    if (to.type === 'start') {
      issues.push(createIssue('EDGE_TO_START', ['edges', e.index, 'to'], { nodeId: to.id, from: from.id }));
    }
  }
  return issues;
}

function labelIssue(node: SkeletonNode, edge: SkeletonEdge): SopIssue | undefined {
  const expected = NODE_OUTCOMES[node.type];
  const base = { nodeId: node.id, nodeType: node.type, to: edge.to };
  if (PLAIN_ONLY.has(node.type)) {
    return edge.on === undefined
      ? undefined
      : createIssue('OUTCOME_NOT_ALLOWED', ['edges', edge.index, 'on'], { ...base, outcome: edge.on });
  }
  if (edge.on === undefined) {
    return node.type === 'task'
      ? undefined
      : createIssue('OUTCOME_LABEL_MISSING', ['edges', edge.index], { ...base, expected: [...expected] });
  }
  if (expected.includes(edge.on)) return undefined;
  return createIssue('OUTCOME_UNKNOWN', ['edges', edge.index, 'on'], { ...base, outcome: edge.on, expected: [...expected] });
}

function countIssues(node: SkeletonNode, leaving: readonly SkeletonEdge[]): SopIssue[] {
  const base = { nodeId: node.id, nodeType: node.type };
  const path = ['nodes', node.index];
  if (leaving.length === 0) return [createIssue('NODE_DEAD_END', path, base)];
  if (SINGLE_EXIT.has(node.type) && leaving.length > 1) {
    const targets = leaving.map((e) => e.to);
    return [createIssue('OUTGOING_EDGES_TOO_MANY', path, { ...base, count: leaving.length, targets })];
  }
  if (node.type === 'parallel' && leaving.length < 2) {
    return [createIssue('PARALLEL_BRANCHES_TOO_FEW', path, { ...base, count: leaving.length })];
  }
  if (node.type !== 'check' && node.type !== 'review' && node.type !== 'accept') return [];
  const expected = [...NODE_OUTCOMES[node.type]];
  const issues: SopIssue[] = [];
  for (const outcome of expected) {
    const matching = leaving.filter((e) => e.on === outcome);
    if (matching.length === 0) issues.push(createIssue('OUTCOME_MISSING', path, { ...base, outcome, expected }));
    if (matching.length > 1) {
      const targets = matching.map((e) => e.to);
      issues.push(createIssue('OUTCOME_DUPLICATE', path, { ...base, outcome, count: matching.length, targets }));
    }
  }
  return issues;
}

/**
 * Issues about each node's outgoing edges, node by node in document order:
 * first the labels of its edges, then their number. Repeated edges (already
 * reported) are not counted; edges to unknown nodes are.
 */
export function outgoingIssues(graph: SopGraph, defects: GraphDefects, edges: readonly SkeletonEdge[]): SopIssue[] {
  const repeated = new Set(defects.repeatedEdges.map((r) => r.edge.index));
  const leaving = new Map<number, SkeletonEdge[]>();
  for (const edge of edges) {
    const from = graph.position.get(edge.from);
    if (from === undefined || repeated.has(edge.index)) continue;
    leaving.set(from, [...(leaving.get(from) ?? []), edge]);
  }
  const issues: SopIssue[] = [];
  graph.nodes.forEach((node, position) => {
    if (node.type === 'end') return;
    const out = leaving.get(position) ?? [];
    for (const edge of out) {
      const issue = labelIssue(node, edge);
      if (issue) issues.push(issue);
    }
    issues.push(...countIssues(node, out));
  });
  return issues;
}
