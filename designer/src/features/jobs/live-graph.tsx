import { Background, Controls, MarkerType, ReactFlow, ReactFlowProvider, type Edge } from '@xyflow/react';
import { useMemo } from 'react';
import type { SopDefinition } from '../../../../core/sop/types';
import type { JobStep } from '../../lib/api-types';
import { positionsOf } from '../sop-editor/auto-layout';
import { edgeId } from '../sop-editor/graph-edit';
import { edgeHandle, outcomeTone } from '../sop-editor/node-kinds';
import { SOP_NODE_TYPES, type SopFlowNode, type SopNodeData } from '../sop-editor/sop-node-card';

/** The state of each node for a job: its latest step record decides. */
export function liveStates(steps: JobStep[]): Map<string, NonNullable<SopNodeData['live']>> {
  const out = new Map<string, NonNullable<SopNodeData['live']>>();
  for (const s of steps) out.set(s.nodeId, s.status === 'overdue' ? 'overdue' : s.status === 'active' ? 'active' : 'done');
  return out;
}

/** The job's SOP drawn read-only, coloured by where the job is: active, done, overdue, not reached. */
export function LiveGraph({ definition, steps }: { definition: SopDefinition; steps: JobStep[] }) {
  const { nodes, edges } = useMemo(() => {
    const pos = positionsOf(definition);
    const live = liveStates(steps);
    const taken = new Set(steps.filter((s) => s.outcome).map((s) => `${s.nodeId}:${s.outcome}`));
    const types = new Map(definition.nodes.map((n) => [n.id, n.type]));
    const flowNodes: SopFlowNode[] = definition.nodes.map((node) => ({
      id: node.id,
      type: 'sop',
      position: pos[node.id] ?? { x: 0, y: 0 },
      data: { node, issues: [], live: live.get(node.id) ?? 'idle' },
      draggable: false,
      connectable: false,
    }));
    const flowEdges: Edge[] = definition.edges.map((e) => {
      const handle = edgeHandle(e, types.get(e.from));
      const walked = taken.has(`${e.from}:${handle}`) || (handle === 'next' && live.get(e.from) === 'done' && live.has(e.to));
      return {
        id: edgeId(e),
        source: e.from,
        target: e.to,
        sourceHandle: handle,
        type: 'smoothstep',
        animated: walked && live.get(e.to) === 'active',
        className: `sop-edge tone-${outcomeTone(e.on)}${walked ? ' walked' : ' unwalked'}`,
        markerEnd: { type: MarkerType.ArrowClosed },
      };
    });
    return { nodes: flowNodes, edges: flowEdges };
  }, [definition, steps]);
  return (
    <div className="live-graph">
      <ReactFlowProvider>
        <ReactFlow nodes={nodes} edges={edges} nodeTypes={SOP_NODE_TYPES} fitView fitViewOptions={{ padding: 0.1 }} nodesConnectable={false} nodesDraggable={false} elementsSelectable={false} proOptions={{ hideAttribution: true }}>
          <Background gap={20} size={1} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </ReactFlowProvider>
    </div>
  );
}
