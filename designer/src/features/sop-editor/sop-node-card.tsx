import '@xyflow/react/dist/style.css';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { SopNode } from '../../../../core/sop/types';
import type { SopIssue } from '../../../../core/sop/validate';
import { pick, useLocale } from '../../lib/i18n';
import { describeDuration } from '../../lib/iso-duration';
import { useEditorT, type EditorKey } from './editor-messages';
import { NodeIcon } from './node-icon';
import { outcomeTone, sourceHandles } from './node-kinds';
import type { DiffMark } from './sop-diff';

export interface SopNodeData extends Record<string, unknown> {
  node: SopNode;
  issues: SopIssue[];
  diff?: DiffMark;
  /** Live state of a job at this node (job page). */
  live?: 'active' | 'done' | 'overdue' | 'idle';
  /** Outcome handles that already have an edge (their label is on the edge instead). */
  usedHandles?: string[];
}

export type SopFlowNode = Node<SopNodeData, 'sop'>;

function subtitle(node: SopNode, locale: 'zh-CN' | 'en', t: ReturnType<typeof useEditorT>): string[] {
  switch (node.type) {
    case 'task':
    case 'review':
    case 'accept': {
      const bits: string[] = [`${t('assignee')}: ${node.assignee}`];
      if (node.due?.after) bits.push(`${t('due')}: ${describeDuration(node.due.after, locale)}${node.due.calendar === 'business' ? ` (${t('businessTime')})` : ''}`);
      return bits;
    }
    case 'check':
      return [node.checks.map((c) => t(`check.${c.kind}` as EditorKey)).join(' · ') || '—'];
    case 'wait':
      return [node.duration ? `${t('duration')}: ${describeDuration(node.duration, locale)}` : node.until ? `→ ${node.until}` : ''];
    case 'notify':
      return [`→ ${node.notify.join(', ')}`];
    default:
      return [];
  }
}

function SopNodeCardImpl({ data, selected }: NodeProps<SopFlowNode>) {
  const t = useEditorT();
  const { locale } = useLocale();
  const { node, issues, diff, live } = data;
  const handles = sourceHandles(node.type);
  const issueText = issues.map((i) => pick(i.messages, locale, i.message)).join('\n');
  const classes = ['sop-node', `kind-${node.type}`, selected ? 'selected' : '', issues.length ? 'has-issues' : '', diff ? `diff-${diff}` : '', live ? `live-${live}` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={classes} data-testid={`node-${node.id}`} aria-label={`${t(`type.${node.type}` as EditorKey)} ${node.title ?? node.id}`}>
      {node.type !== 'start' && <Handle type="target" position={Position.Top} className="handle-in" />}
      <div className="sop-node-head">
        <span className="sop-node-icon"><NodeIcon type={node.type} size={12} /></span>
        <span className="sop-node-type">{t(`type.${node.type}` as EditorKey)}</span>
        <span className="sop-node-id">{node.id}</span>
      </div>
      <div className="sop-node-title">{node.title || node.id}</div>
      {subtitle(node, locale, t).map((line, i) => (
        <div key={i} className="sop-node-sub">
          {line}
        </div>
      ))}
      {issues.length > 0 && (
        <span className="issue-badge" title={issueText} role="img" aria-label={t(issues.length === 1 ? 'issueCount.one' : 'issueCount', { count: issues.length })}>
          {issues.length}
        </span>
      )}
      {handles.map((h, i) => {
        const left = handles.length === 1 ? 50 : 25 + (50 * i) / (handles.length - 1);
        return (
          <Handle
            key={h}
            id={h}
            type="source"
            position={Position.Bottom}
            style={{ left: `${left}%` }}
            className={`handle-out tone-${outcomeTone(h === 'next' || h === 'submitted' ? undefined : h)}`}
            title={t(`outcome.${h}` as EditorKey)}
          >
            {handles.length > 1 && !data.usedHandles?.includes(h) && !data.live && !data.diff && <span className="handle-label">{t(`outcome.${h}` as EditorKey)}</span>}
          </Handle>
        );
      })}
    </div>
  );
}

export const SopNodeCard = memo(SopNodeCardImpl);

/** Declared once at module scope so React Flow never sees a new object. */
export const SOP_NODE_TYPES = { sop: SopNodeCard };
