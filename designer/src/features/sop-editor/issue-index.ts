import { pointerSegments } from '../../../../core/sop/issue';
import type { SopDefinition } from '../../../../core/sop/types';
import type { SopIssue } from '../../../../core/sop/validate';
import { edgeId } from './graph-edit';

export interface IssueIndex {
  byNode: Map<string, SopIssue[]>;
  byEdge: Map<string, SopIssue[]>;
}

/** The node an issue is about: its `nodeId`, else the node its JSON pointer points into. */
export function issueNodeId(issue: SopIssue, def: SopDefinition): string | undefined {
  if (issue.nodeId) return issue.nodeId;
  const [head, index] = pointerSegments(issue.path);
  if (head === 'nodes' && index !== undefined) return def.nodes[Number(index)]?.id;
  return undefined;
}

export function issueEdgeId(issue: SopIssue, def: SopDefinition): string | undefined {
  const [head, index] = pointerSegments(issue.path);
  if (head !== 'edges' || index === undefined) return undefined;
  const edge = def.edges[Number(index)];
  return edge ? edgeId(edge) : undefined;
}

export function indexIssues(issues: readonly SopIssue[], def: SopDefinition): IssueIndex {
  const byNode = new Map<string, SopIssue[]>();
  const byEdge = new Map<string, SopIssue[]>();
  for (const issue of issues) {
    const nodeId = issueNodeId(issue, def);
    if (nodeId) byNode.set(nodeId, [...(byNode.get(nodeId) ?? []), issue]);
    const eid = issueEdgeId(issue, def);
    if (eid) byEdge.set(eid, [...(byEdge.get(eid) ?? []), issue]);
  }
  return { byNode, byEdge };
}
