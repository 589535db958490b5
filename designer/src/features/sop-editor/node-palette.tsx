import type { DragEvent } from 'react';
import type { NodeType } from '../../../../core/sop/types';
import { useEditorT, type EditorKey } from './editor-messages';
import { NodeIcon } from './node-icon';
import { NODE_KINDS } from './node-kinds';

export const DRAG_MIME = 'application/x-sop-node';

export function NodePalette({ onAdd }: { onAdd: (type: NodeType) => void }) {
  const t = useEditorT();
  const onDragStart = (e: DragEvent, type: NodeType) => {
    e.dataTransfer.setData(DRAG_MIME, type);
    e.dataTransfer.effectAllowed = 'move';
  };
  return (
    <aside className="palette" aria-label={t('palette')}>
      <div className="panel-title">{t('palette')}</div>
      <p className="muted small palette-hint">{t('paletteHint')}</p>
      <ul>
        {NODE_KINDS.map((type) => (
          <li key={type}>
            <button
              type="button"
              draggable
              className={`palette-item kind-${type}`}
              onDragStart={(e) => onDragStart(e, type)}
              onClick={() => onAdd(type)}
              aria-label={t('addNode', { type: t(`type.${type}` as EditorKey) })}
            >
              <span className="type-icon"><NodeIcon type={type} /></span>
              <span className="palette-text">
                <span className="palette-name">{t(`type.${type}` as EditorKey)}</span>
                <span className="palette-hint-line">{t(`hint.${type}` as EditorKey)}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
