import { useState } from 'react';
import type { SopDefinition } from '../../../../core/sop/types';
import type { SopIssue } from '../../../../core/sop/validate';
import { pick, useLocale } from '../../lib/i18n';
import { useEditorT } from './editor-messages';
import { issueNodeId } from './issue-index';

export function ProblemsList({ issues, def, onPick }: { issues: SopIssue[]; def: SopDefinition; onPick: (nodeId: string | undefined) => void }) {
  const t = useEditorT();
  const { locale } = useLocale();
  const [open, setOpen] = useState(true);
  return (
    <section className={`problems${open ? ' open' : ''}`} aria-label={t('problemsTitle')}>
      <button type="button" className="problems-head" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className={`dot ${issues.length ? 'bad' : 'good'}`} aria-hidden="true" />
        {issues.length ? t(issues.length === 1 ? 'problems.one' : 'problems', { count: issues.length }) : t('noProblems')}
        <span className="chev" aria-hidden="true">{open ? '▾' : '▴'}</span>
      </button>
      {open && issues.length > 0 && (
        <ul className="problems-list">
          {issues.map((issue, i) => {
            const nodeId = issueNodeId(issue, def);
            return (
              <li key={`${issue.code}-${issue.path}-${i}`}>
                <button type="button" onClick={() => onPick(nodeId)}>
                  <span className="problem-where mono">{nodeId ?? t('sopProblems')}</span>
                  <span className="problem-text">{pick(issue.messages, locale, issue.message)}</span>
                  <span className="problem-code mono">{issue.code}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
