import { useEffect, useState } from 'react';
import type { SopDefinition, SopNode } from '../../../../core/sop/types';
import type { SopIssue } from '../../../../core/sop/validate';
import { pick, useLocale } from '../../lib/i18n';
import { CheckForm } from './check-form';
import type { ConnectionAttempt, ConnectionRefusal } from './connection-rules';
import { ConnectionsForm } from './connections-form';
import { useEditorT, type EditorKey } from './editor-messages';
import { AcceptForm, NotifyForm, WaitForm } from './flow-node-forms';
import { Checkbox, Field, TextField } from './form-controls';
import { NodeIcon } from './node-icon';
import { setOptional } from './optional-field';
import { ReviewForm } from './review-form';
import { TaskForm } from './task-form';

const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

interface Props {
  node: SopNode;
  def: SopDefinition;
  issues: SopIssue[];
  onChange: (id: string, node: SopNode) => void;
  onDelete: (id: string) => void;
  onConnect: (attempt: ConnectionAttempt) => ConnectionRefusal | null;
  onRemoveEdge: (edgeId: string) => void;
}

function IdField({ node, def, onRename }: { node: SopNode; def: SopDefinition; onRename: (id: string) => void }) {
  const t = useEditorT();
  const [text, setText] = useState(node.id);
  useEffect(() => setText(node.id), [node.id]);
  const error = !ID_PATTERN.test(text) ? t('idInvalid') : text !== node.id && def.nodes.some((n) => n.id === text) ? t('idTaken') : undefined;
  const commit = () => {
    if (!error && text !== node.id) onRename(text);
  };
  return (
    <Field label={t('id')} error={error}>
      {(id) => (
        <input id={id} className="mono" value={text} onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
      )}
    </Field>
  );
}

export function NodeProperties({ node, def, issues, onChange, onDelete, onConnect, onRemoveEdge }: Props) {
  const t = useEditorT();
  const { locale } = useLocale();
  const update = (next: SopNode) => onChange(node.id, next);
  return (
    <div className="props">
      <div className="props-head">
        <span className={`type-icon kind-${node.type}`}><NodeIcon type={node.type} /></span>
        <div>
          <h2>{node.title || node.id}</h2>
          <span className="muted small">{t(`type.${node.type}` as EditorKey)}</span>
        </div>
      </div>
      {issues.length > 0 && (
        <ul className="inline-issues" aria-label={t('problemsTitle')}>
          {issues.map((i, k) => (
            <li key={k}>{pick(i.messages, locale, i.message)}</li>
          ))}
        </ul>
      )}
      <div className="grid-2">
        <IdField node={node} def={def} onRename={(id) => update({ ...node, id })} />
        <TextField label={t('title')} value={node.title} onChange={(title) => update(setOptional(node, 'title', title))} />
      </div>
      <Checkbox label={t('milestone')} checked={node.milestone === true} onChange={(on) => update(setOptional(node, 'milestone', on ? true : undefined))} />
      {node.type === 'task' && <TaskForm node={node} def={def} issues={issues} onChange={update} />}
      {node.type === 'review' && <ReviewForm node={node} def={def} onChange={update} />}
      {node.type === 'accept' && <AcceptForm node={node} def={def} issues={issues} onChange={update} />}
      {node.type === 'check' && <CheckForm node={node} def={def} onChange={update} />}
      {node.type === 'wait' && <WaitForm node={node} onChange={update} />}
      {node.type === 'notify' && <NotifyForm node={node} def={def} onChange={update} />}
      <ConnectionsForm node={node} def={def} onConnect={onConnect} onRemoveEdge={onRemoveEdge} />
      <button type="button" className="btn danger-outline small" onClick={() => onDelete(node.id)}>
        {t('delete')}
      </button>
    </div>
  );
}
