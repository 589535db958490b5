import { useState } from 'react';
import type { SopDefinition, SopNode } from '../../../../core/sop/types';
import type { ConnectionAttempt, ConnectionRefusal } from './connection-rules';
import { useEditorT, type EditorKey } from './editor-messages';
import { edgeId } from './graph-edit';
import { edgeHandle, sourceHandles } from './node-kinds';

/** The node's outgoing edges, and a keyboard-friendly way to add one (same rules as dragging). */
export function ConnectionsForm({ node, def, onConnect, onRemoveEdge }: {
  node: SopNode;
  def: SopDefinition;
  onConnect: (attempt: ConnectionAttempt) => ConnectionRefusal | null;
  onRemoveEdge: (edgeId: string) => void;
}) {
  const t = useEditorT();
  const handles = sourceHandles(node.type);
  const [handle, setHandle] = useState(handles[0] ?? 'next');
  const [target, setTarget] = useState('');
  const [refusal, setRefusal] = useState<ConnectionRefusal | null>(null);
  if (handles.length === 0) return null;
  const outgoing = def.edges.filter((e) => e.from === node.id);
  const currentHandle = handles.includes(handle) ? handle : (handles[0] as string);
  const add = () => {
    const r = onConnect({ source: node.id, target, sourceHandle: currentHandle });
    setRefusal(r);
    if (!r) setTarget('');
  };
  return (
    <fieldset className="rows">
      <legend>{t('connections')}</legend>
      {outgoing.length > 0 && (
        <ul className="edge-list">
          {outgoing.map((e) => (
            <li key={edgeId(e)}>
              <span className={`outcome-pill tone-${edgeHandle(e, node.type)}`}>{t(`outcome.${edgeHandle(e, node.type)}` as EditorKey)}</span>
              <span aria-hidden="true">→</span>
              <span className="mono">{e.to}</span>
              <button type="button" className="icon-btn danger" aria-label={`${t('deleteEdge')} ${node.id} → ${e.to}`} onClick={() => onRemoveEdge(edgeId(e))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="connect-row">
        {handles.length > 1 && (
          <select aria-label={t('outcome')} value={currentHandle} onChange={(e) => setHandle(e.target.value)}>
            {handles.map((h) => (
              <option key={h} value={h}>
                {t(`outcome.${h}` as EditorKey)}
              </option>
            ))}
          </select>
        )}
        <select aria-label={t('connectTo')} value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="">{t('connectTo')}…</option>
          {def.nodes
            .filter((n) => n.id !== node.id)
            .map((n) => (
              <option key={n.id} value={n.id}>
                {n.title ? `${n.title} (${n.id})` : n.id}
              </option>
            ))}
        </select>
        <button type="button" className="btn small" disabled={!target} onClick={add}>
          {t('addConnection')}
        </button>
      </div>
      {refusal && (
        <p className="field-error" role="alert">
          {t('refused', { reason: t(`refusal.${refusal}` as EditorKey) })}
        </p>
      )}
    </fieldset>
  );
}
