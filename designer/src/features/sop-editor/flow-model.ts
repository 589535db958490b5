import { MarkerType, type Edge } from '@xyflow/react';
import type { SopDefinition } from '../../../../core/sop/types';
import { edgeId } from './graph-edit';
import type { IssueIndex } from './issue-index';
import { edgeHandle, outcomeTone } from './node-kinds';
import type { SopFlowNode } from './sop-node-card';

export function toFlowNodes(
  def: SopDefinition,
  positions: Record<string, { x: number; y: number }>,
  issues: IssueIndex,
  selectedId: string | undefined,
): SopFlowNode[] {
  const used = new Map<string, string[]>();
  for (const e of def.edges) {
    const type = def.nodes.find((n) => n.id === e.from)?.type;
    used.set(e.from, [...(used.get(e.from) ?? []), edgeHandle(e, type)]);
  }
  return def.nodes.map((node) => ({
    id: node.id,
    type: 'sop',
    position: positions[node.id] ?? { x: 0, y: 0 },
    data: { node, issues: issues.byNode.get(node.id) ?? [], usedHandles: used.get(node.id) ?? [] },
    selected: node.id === selectedId,
  }));
}

export function toFlowEdges(
  def: SopDefinition,
  issues: IssueIndex,
  selectedId: string | undefined,
  outcomeLabel: (outcome: string) => string,
): Edge[] {
  const types = new Map(def.nodes.map((n) => [n.id, n.type]));
  return def.edges.map((e) => {
    const id = edgeId(e);
    const tone = outcomeTone(e.on);
    const bad = issues.byEdge.has(id);
    return {
      id,
      source: e.from,
      target: e.to,
      sourceHandle: edgeHandle(e, types.get(e.from)),
      type: 'smoothstep',
      label: e.on ? outcomeLabel(e.on) : undefined,
      className: `sop-edge tone-${tone}${bad ? ' has-issues' : ''}`,
      labelBgPadding: [6, 3] as [number, number],
      labelBgBorderRadius: 6,
      markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
      selected: id === selectedId,
      data: { edge: e },
    };
  });
}
