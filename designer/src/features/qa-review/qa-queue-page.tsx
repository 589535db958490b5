import { useEffect, useState } from 'react';
import { ShortcutsSwitch } from '../../components/shortcuts-switch';
import { isSingleKeyShortcut, useSingleKeyShortcuts } from '../../lib/keyboard';
import { EmptyState, Loading } from '../../components/empty-state';
import { ProblemBanner } from '../../components/problem-banner';
import { listItems, type JobSummary } from '../../lib/api-types';
import { problemOf } from '../../lib/problem';
import { useRouter } from '../../lib/router';
import { useResource } from '../../lib/use-resource';
import { DeadlineChip } from '../vendor-portal/deadline-chip';
import { useQaT } from './qa-messages';
import { reviewPath, reviewQueue } from './review-queue';
import { stepTitle } from '../../lib/step-title';

export function QaQueuePage() {
  const t = useQaT();
  const { navigate } = useRouter();
  const { data, error, loading } = useResource<unknown>('/jobs?limit=100', 30_000);
  const items = reviewQueue(listItems<JobSummary>(data));
  const [cursor, setCursor] = useState(0);
  const [shortcuts] = useSingleKeyShortcuts();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isSingleKeyShortcut(e, shortcuts)) return;
      if (e.key === 'j') setCursor((c) => Math.min(c + 1, items.length - 1));
      if (e.key === 'k') setCursor((c) => Math.max(c - 1, 0));
      if (e.key === 'Enter' && items[cursor]) navigate(reviewPath(items[cursor]));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, cursor, navigate, shortcuts]);
  return (
    <div className="page narrow">
      <header className="page-head">
        <div>
          <h1>{t('queue')}</h1>
          <p className="muted">{t('queueSubtitle')}</p>
        </div>
        <div className="stack-tight">
          {shortcuts && <span className="muted small">{t('shortcuts')}</span>}
          <ShortcutsSwitch />
        </div>
      </header>
      {error ? <ProblemBanner problem={problemOf(error)} /> : null}
      {loading && !data ? (
        <Loading label={t('loading')} />
      ) : items.length === 0 ? (
        <div className="card">
          <EmptyState title={t('empty')}>{t('emptyHint')}</EmptyState>
        </div>
      ) : (
        <ul className="task-cards" role="listbox" aria-label={t('queue')}>
          {items.map((item, i) => (
            <li key={`${item.job.id}-${item.step.nodeId}`} role="option" aria-selected={i === cursor}>
              <button type="button" className={`task-card queue-item${i === cursor ? ' cursor' : ''}`} onClick={() => navigate(reviewPath(item))}>
                <div className="task-card-main">
                  <div className="task-card-top">
                    <span className="job-code">{item.job.code}</span>
                    <span className="muted small">{t('round', { round: item.step.round })}</span>
                  </div>
                  <div className="task-card-title">{item.job.title}</div>
                  <div className="muted small">
                    {item.job.vendorOrg?.name} · {stepTitle(item.step)}
                  </div>
                </div>
                <DeadlineChip dueAt={item.step.dueAt} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
