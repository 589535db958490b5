import { Background, Controls, MarkerType, ReactFlow, ReactFlowProvider, type Edge } from '@xyflow/react';
import { useMemo } from 'react';
import type { SopDefinition } from '../../../../core/sop/types';
import { positionsOf } from './auto-layout';
import { useEditorT, type EditorKey } from './editor-messages';
import { diffSops } from './sop-diff';
import { SOP_NODE_TYPES, type SopFlowNode } from './sop-node-card';

/** Version `a` → `b` drawn as one graph: added nodes green, removed red, changed amber. */
export function SopDiffView({ a, b, aLabel, bLabel }: { a: SopDefinition; b: SopDefinition; aLabel: string; bLabel: string }) {
  const t = useEditorT();
  const diff = useMemo(() => diffSops(a, b), [a, b]);
  const { nodes, edges } = useMemo(() => {
    const pa = positionsOf(a);
    const pb = positionsOf(b);
    const flowNodes: SopFlowNode[] = diff.nodes.map((d) => ({
      id: d.id,
      type: 'sop',
      position: pb[d.id] ?? pa[d.id] ?? { x: 0, y: 0 },
      data: { node: (d.after ?? d.before)!, issues: [], diff: d.mark },
      draggable: false,
      connectable: false,
    }));
    const flowEdges: Edge[] = diff.edges.map((d) => ({
      id: d.id,
      source: d.edge.from,
      target: d.edge.to,
      sourceHandle: d.edge.on ?? (b.nodes.concat(a.nodes).find((n) => n.id === d.edge.from)?.type === 'task' ? 'submitted' : 'next'),
      type: 'smoothstep',
      label: d.edge.on ? t(`outcome.${d.edge.on}` as EditorKey) : undefined,
      className: `sop-edge diff-${d.mark}`,
      markerEnd: { type: MarkerType.ArrowClosed },
    }));
    return { nodes: flowNodes, edges: flowEdges };
  }, [diff, a, b, t]);
  const changed = diff.nodes.filter((n) => n.mark !== 'same');
  const edgeChanges = diff.edges.filter((e) => e.mark !== 'same');
  return (
    <div className="diff-view">
      <div className="diff-canvas">
        <ReactFlowProvider>
          <ReactFlow nodes={nodes} edges={edges} nodeTypes={SOP_NODE_TYPES} fitView nodesConnectable={false} nodesDraggable={false} proOptions={{ hideAttribution: true }}>
            <Background gap={20} size={1} />
            <Controls showInteractive={false} />
          </ReactFlow>
        </ReactFlowProvider>
        <div className="diff-legend">
          <span className="legend added">{t('added')}</span>
          <span className="legend removed">{t('removedMark')}</span>
          <span className="legend changed">{t('changed')}</span>
        </div>
      </div>
      <div className="diff-summary">
        <h3>
          {aLabel} → {bLabel}
        </h3>
        {changed.length === 0 && edgeChanges.length === 0 && diff.settings.length === 0 && <p className="muted">{t('noChanges')}</p>}
        <ul className="diff-list">
          {changed.map((n) => (
            <li key={n.id} className={`diff-item ${n.mark}`}>
              <span className="diff-mark">{n.mark === 'added' ? t('added') : n.mark === 'removed' ? t('removedMark') : t('changed')}</span>
              <span className="mono">{n.id}</span>
              {n.fields.length > 0 && <span className="muted small">{n.fields.join(', ')}</span>}
            </li>
          ))}
          {edgeChanges.map((e) => (
            <li key={e.id} className={`diff-item ${e.mark}`}>
              <span className="diff-mark">{e.mark === 'added' ? t('added') : t('removedMark')}</span>
              <span className="mono">
                {e.edge.from} → {e.edge.to}
                {e.edge.on ? ` (${t(`outcome.${e.edge.on}` as EditorKey)})` : ''}
              </span>
            </li>
          ))}
          {diff.settings.length > 0 && (
            <li className="diff-item changed">
              <span className="diff-mark">{t('settingsChanged')}</span>
              <span className="muted small">{diff.settings.join(', ')}</span>
            </li>
          )}
        </ul>
      </div>
    </div>
  );
}
