import { NodeIcon } from './node-icon';
import type { SopDefinition, SopEdge } from '../../../../core/sop/types';
import type { SopIssue } from '../../../../core/sop/validate';
import { pick, useLocale } from '../../lib/i18n';
import { useEditorT, type EditorKey } from './editor-messages';
import { edgeHandle } from './node-kinds';

export function EdgeProperties({ edge, def, issues, onDelete }: { edge: SopEdge; def: SopDefinition; issues: SopIssue[]; onDelete: () => void }) {
  const t = useEditorT();
  const { locale } = useLocale();
  const source = def.nodes.find((n) => n.id === edge.from);
  const handle = edgeHandle(edge, source?.type);
  return (
    <div className="props">
      <div className="props-head">
        <span className="type-icon kind-edge"><NodeIcon type="edge" /></span>
        <div>
          <h2>{t('edgeProps')}</h2>
          <span className="muted small mono">
            {edge.from} → {edge.to}
          </span>
        </div>
      </div>
      {issues.length > 0 && (
        <ul className="inline-issues">
          {issues.map((i, k) => (
            <li key={k}>{pick(i.messages, locale, i.message)}</li>
          ))}
        </ul>
      )}
      <dl className="kv">
        <dt>{t('from')}</dt>
        <dd className="mono">{edge.from}</dd>
        <dt>{t('to')}</dt>
        <dd className="mono">{edge.to}</dd>
        <dt>{t('outcome')}</dt>
        <dd>
          <span className={`outcome-pill tone-${handle}`}>{t(`outcome.${handle}` as EditorKey)}</span>
        </dd>
      </dl>
      <button type="button" className="btn danger-outline small" onClick={onDelete}>
        {t('deleteEdge')}
      </button>
    </div>
  );
}
