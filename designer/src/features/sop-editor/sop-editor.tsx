import {
  applyNodeChanges,
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Connection,
  type Edge,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeChange,
  type OnDelete,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type ReactNode } from 'react';
import type { NodeType, SopDefinition, SopNode } from '../../../../core/sop/types';
import { validateSop } from '../../../../core/sop/validate';
import { ProblemBanner } from '../../components/problem-banner';
import type { Problem } from '../../lib/problem';
import { autoLayout, positionsOf } from './auto-layout';
import { connectionRefusal, type ConnectionAttempt, type ConnectionRefusal } from './connection-rules';
import { EdgeProperties } from './edge-properties';
import { EditorToolbar } from './editor-toolbar';
import { useEditorT, type EditorKey } from './editor-messages';
import { toFlowEdges, toFlowNodes } from './flow-model';
import { addNode, connect, edgeId, keepPlaces, moveNodes, removeEdges, removeNodes, replaceNode } from './graph-edit';
import { indexIssues } from './issue-index';
import { DRAG_MIME, NodePalette } from './node-palette';
import { NodeProperties } from './node-properties';
import { ProblemsList } from './problems-list';
import { SOP_NODE_TYPES, type SopFlowNode } from './sop-node-card';
import { SopSettingsForm } from './sop-settings-form';
import { useSopHistory } from './use-sop-history';
import { useUndoShortcuts } from './use-undo-shortcuts';
import { importDefinition } from './coerce-definition';
import { download } from './download-json';

const MINIMAP_COLOURS: Record<string, string> = {
  start: '#079455', end: '#344054', task: '#4f46e5', check: '#0e9384', review: '#c11574', parallel: '#6938ef', join: '#6938ef', wait: '#dc6803', notify: '#1570ef',
};

export type Selection = { kind: 'sop' } | { kind: 'node'; id: string } | { kind: 'edge'; id: string };

export interface SopEditorProps {
  initial: SopDefinition;
  /** The key cannot change once the SOP exists on the server. */
  keyLocked?: boolean;
  onSave?: (def: SopDefinition) => Promise<void>;
  onPublish?: (def: SopDefinition) => Promise<void>;
  onVersions?: () => void;
  /** More toolbar buttons (the page's links, e.g. to migrate running jobs). */
  toolbarExtra?: ReactNode;
  /** Called on every change (the page keeps the latest definition). */
  onDefinitionChange?: (def: SopDefinition) => void;
  notice?: { tone: 'good' | 'bad'; text: string } | null;
  problem?: Problem | null;
  side?: ReactNode;
}


function EditorInner(props: SopEditorProps) {
  const t = useEditorT();
  const flow = useReactFlow();
  const history = useSopHistory(props.initial);
  const { def, commit } = history;
  const [selection, setSelection] = useState<Selection>({ kind: 'sop' });
  const [toast, setToast] = useState<{ tone: 'good' | 'bad'; text: string } | null>(null);
  const [busy, setBusy] = useState<'saving' | 'publishing'>();
  const [savedDef, setSavedDef] = useState(props.initial);
  const wrapper = useRef<HTMLDivElement>(null);

  const validation = useMemo(() => validateSop(def), [def]);
  const issues = useMemo(() => indexIssues(validation.errors, def), [validation, def]);
  const positions = useMemo(() => positionsOf(def), [def]);
  const selectedNodeId = selection.kind === 'node' ? selection.id : undefined;
  const selectedEdgeId = selection.kind === 'edge' ? selection.id : undefined;

  const [nodes, setNodes] = useState<SopFlowNode[]>([]);
  useEffect(() => {
    setNodes((prev) => {
      const measured = new Map(prev.map((n) => [n.id, n.measured]));
      return toFlowNodes(def, positions, issues, selectedNodeId).map((n) => ({ ...n, measured: measured.get(n.id) }));
    });
  }, [def, positions, issues, selectedNodeId]);
  const outcomeLabel = useCallback((o: string) => t(`outcome.${o}` as EditorKey), [t]);
  const edges = useMemo(() => toFlowEdges(def, issues, selectedEdgeId, outcomeLabel), [def, issues, selectedEdgeId, outcomeLabel]);

  const { onDefinitionChange } = props;
  useEffect(() => {
    onDefinitionChange?.(def);
  }, [def, onDefinitionChange]);

  useEffect(() => {
    if (!toast) return;
    const id = window.setTimeout(() => setToast(null), 4000);
    return () => window.clearTimeout(id);
  }, [toast]);

  // Selection of a node that an undo removed falls back to the SOP settings.
  useEffect(() => {
    if (selection.kind === 'node' && !def.nodes.some((n) => n.id === selection.id)) setSelection({ kind: 'sop' });
    if (selection.kind === 'edge' && !def.edges.some((e) => edgeId(e) === selection.id)) setSelection({ kind: 'sop' });
  }, [def, selection]);

  const refuse = useCallback((r: ConnectionRefusal) => setToast({ tone: 'bad', text: t('refused', { reason: t(`refusal.${r}` as EditorKey) }) }), [t]);

  const tryConnect = useCallback(
    (attempt: ConnectionAttempt): ConnectionRefusal | null => {
      const result = connect(def, attempt);
      if (result.refusal) refuse(result.refusal);
      else commit(keepPlaces(result.def, positions));
      return result.refusal;
    },
    [def, positions, commit, refuse],
  );

  const add = useCallback(
    (type: NodeType, position?: { x: number; y: number }) => {
      let at = position;
      if (!at) {
        const rect = wrapper.current?.getBoundingClientRect();
        const centre = rect ? { x: rect.left + rect.width / 2, y: rect.top + rect.height / 3 } : { x: 300, y: 200 };
        at = flow.screenToFlowPosition(centre);
        at = { x: at.x - 110 + (def.nodes.length % 4) * 24, y: at.y + (def.nodes.length % 4) * 24 };
      }
      const result = addNode(def, type, at, t(`type.${type}` as EditorKey));
      commit(keepPlaces(result.def, positions));
      setSelection({ kind: 'node', id: result.id });
    },
    [def, positions, commit, flow, t],
  );

  const onNodesChange = useCallback((changes: NodeChange<SopFlowNode>[]) => {
    setNodes((prev) => applyNodeChanges(changes.filter((c) => c.type !== 'remove'), prev));
  }, []);

  const onNodeDragStop = useCallback(
    (_: unknown, _node: SopFlowNode, dragged: SopFlowNode[]) => {
      commit(moveNodes(def, Object.fromEntries(dragged.map((n) => [n.id, n.position]))));
    },
    [def, commit],
  );

  const onDelete: OnDelete<SopFlowNode, Edge> = useCallback(
    ({ nodes: goneNodes, edges: goneEdges }) => {
      commit(keepPlaces(removeNodes(removeEdges(def, goneEdges.map((e) => e.id)), goneNodes.map((n) => n.id)), positions));
    },
    [def, positions, commit],
  );

  const isValidConnection: IsValidConnection = useCallback((c) => connectionRefusal(def, c) === null, [def]);
  const onConnect = useCallback((c: Connection) => void tryConnect(c), [tryConnect]);
  const onConnectEnd = useCallback(
    (_: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || !state.toNode || !state.fromNode) return;
      const r = connectionRefusal(def, { source: state.fromNode.id, target: state.toNode.id, sourceHandle: state.fromHandle?.id });
      if (r) refuse(r);
    },
    [def, refuse],
  );

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(DRAG_MIME) as NodeType;
      if (!type) return;
      e.preventDefault();
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      add(type, { x: p.x - 110, y: p.y - 30 });
    },
    [flow, add],
  );

  const focusNode = useCallback(
    (nodeId: string | undefined) => {
      if (!nodeId || !def.nodes.some((n) => n.id === nodeId)) {
        setSelection({ kind: 'sop' });
        return;
      }
      setSelection({ kind: 'node', id: nodeId });
      void flow.fitView({ nodes: [{ id: nodeId }], duration: 300, maxZoom: 1.2 });
    },
    [def, flow],
  );

  const { undo, redo } = history;
  useUndoShortcuts(undo, redo);

  const run = async (kind: 'saving' | 'publishing', action: ((d: SopDefinition) => Promise<void>) | undefined) => {
    if (!action) return;
    setBusy(kind);
    try {
      await action(def);
      setSavedDef(def);
    } catch {
      /* the page shows the problem */
    } finally {
      setBusy(undefined);
    }
  };

  const selectedNode = selectedNodeId ? def.nodes.find((n) => n.id === selectedNodeId) : undefined;
  const selectedEdge = selectedEdgeId ? def.edges.find((e) => edgeId(e) === selectedEdgeId) : undefined;
  const notice = toast ?? props.notice;

  return (
    <div className="editor">
      <EditorToolbar
        title={def.name || def.key || t('newSop')}
        canUndo={history.canUndo}
        canRedo={history.canRedo}
        issueCount={validation.errors.length}
        dirty={def !== savedDef}
        busy={busy}
        onUndo={undo}
        onRedo={redo}
        onAutoLayout={() => {
          commit({ ...def, layout: autoLayout(def) });
          window.setTimeout(() => void flow.fitView({ duration: 300, padding: 0.15 }), 50);
        }}
        onImport={(text) => {
          const imported = importDefinition(text);
          if (!imported) setToast({ tone: 'bad', text: t('importFailed') });
          else {
            commit(imported);
            setSelection({ kind: 'sop' });
            window.setTimeout(() => void flow.fitView({ padding: 0.15 }), 50);
          }
        }}
        onExport={() => download(`${def.key || 'sop'}.json`, `${JSON.stringify({ ...def, layout: { ...positions, ...def.layout } }, null, 2)}\n`)}
        onSave={props.onSave ? () => void run('saving', props.onSave) : undefined}
        onPublish={props.onPublish ? () => void run('publishing', props.onPublish) : undefined}
        onVersions={props.onVersions}
        extra={props.toolbarExtra}
      />
      {props.problem && (
        <div className="editor-problem">
          <ProblemBanner problem={props.problem} />
        </div>
      )}
      <div className="editor-body">
        <NodePalette onAdd={(type) => add(type)} />
        <div className="canvas-column">
          <div className="canvas" role="region" ref={wrapper} onDragOver={(e) => e.preventDefault()} onDrop={onDrop} aria-label={t('canvas')}>
            <ReactFlow<SopFlowNode, Edge>
              nodes={nodes}
              edges={edges}
              nodeTypes={SOP_NODE_TYPES}
              onNodesChange={onNodesChange}
              onNodeDragStop={onNodeDragStop}
              onDelete={onDelete}
              onConnect={onConnect}
              onConnectEnd={onConnectEnd}
              isValidConnection={isValidConnection}
              onNodeClick={(_, n) => setSelection({ kind: 'node', id: n.id })}
              onEdgeClick={(_, e) => setSelection({ kind: 'edge', id: e.id })}
              onPaneClick={() => setSelection({ kind: 'sop' })}
              deleteKeyCode={['Delete', 'Backspace']}
              connectionRadius={90}
              fitView
              fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
              minZoom={0.2}
              proOptions={{ hideAttribution: true }}
            >
              <Background gap={20} size={1} />
              <Controls showInteractive={false} />
              <MiniMap style={{ width: 160, height: 110 }} pannable zoomable nodeStrokeWidth={3} className="minimap" nodeColor={(n) => MINIMAP_COLOURS[(n as SopFlowNode).data.node.type] ?? '#d0d5dd'} />
            </ReactFlow>
            {notice && (
              <div className={`toast ${notice.tone}`} role="status">
                {notice.text}
              </div>
            )}
          </div>
          <ProblemsList issues={validation.errors} def={def} onPick={focusNode} />
        </div>
        <aside className="inspector" aria-label={selectedNode ? t('nodeProps') : selectedEdge ? t('edgeProps') : t('sopSettings')}>
          {props.side}
          {selectedNode ? (
            <NodeProperties
              key={selectedNode.id}
              node={selectedNode}
              def={def}
              issues={issues.byNode.get(selectedNode.id) ?? []}
              onChange={(id: string, node: SopNode) => {
                commit(replaceNode(def, id, node), `node:${node.id}`);
                if (node.id !== id) setSelection({ kind: 'node', id: node.id });
              }}
              onDelete={(id) => commit(keepPlaces(removeNodes(def, [id]), positions))}
              onConnect={tryConnect}
              onRemoveEdge={(id) => commit(keepPlaces(removeEdges(def, [id]), positions))}
            />
          ) : selectedEdge ? (
            <EdgeProperties edge={selectedEdge} def={def} issues={issues.byEdge.get(edgeId(selectedEdge)) ?? []} onDelete={() => commit(keepPlaces(removeEdges(def, [edgeId(selectedEdge)]), positions))} />
          ) : (
            <SopSettingsForm def={def} onChange={(d) => commit(d, 'sop')} locked={props.keyLocked} />
          )}
        </aside>
      </div>
    </div>
  );
}

/** The visual SOP designer: palette, canvas, properties, live validation, undo/redo. */
export function SopEditor(props: SopEditorProps) {
  return (
    <ReactFlowProvider>
      <EditorInner {...props} />
    </ReactFlowProvider>
  );
}
