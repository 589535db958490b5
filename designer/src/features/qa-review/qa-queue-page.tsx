import { useEffect, useState } from 'react';
import { isSingleKeyShortcut, useSingleKeyShortcuts } from '../../lib/keyboard';
import { ShortcutsSwitch } from '../../components/shortcuts-switch';
import { EmptyState, Loading } from '../../components/empty-state';
import { LoadMore } from '../../components/load-more';
import { ProblemBanner } from '../../components/problem-banner';
import { useMyTasks } from '../../lib/my-tasks';
import { problemOf } from '../../lib/problem';
import { useRouter } from '../../lib/router';
import { DeadlineChip } from '../vendor-portal/deadline-chip';
import { useQaT } from './qa-messages';
import { reviewPath } from './review-queue';
import { stepTitle } from '../../lib/step-title';

/** Reviews waiting for the caller, from `GET /api/me/tasks?kind=review` (server-paged, overdue first); j/k and Enter move and open. */
export function QaQueuePage() {
  const t = useQaT();
  const { navigate } = useRouter();
  const queue = useMyTasks({ kind: 'review' }, 50, 30_000);
  const items = queue.items;
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
  const reviews = queue.counts?.byKind.review;
  return (
    <div className="page narrow">
      <header className="page-head">
        <div>
          <h1>{t('queue')}</h1>
          <p className="muted">{t('queueSubtitle')}</p>
        </div>
        <div className="queue-counts">
          {reviews !== undefined && <span className="count">{t('waitingCount', { count: reviews })}</span>}
          {shortcuts && <span className="muted small">{t('shortcuts')}</span>}
          <ShortcutsSwitch />
        </div>
      </header>
      {queue.error ? <ProblemBanner problem={problemOf(queue.error)} /> : null}
      {queue.loading && items.length === 0 ? (
        <Loading label={t('loading')} />
      ) : items.length === 0 ? (
        <div className="card">
          <EmptyState title={t('empty')}>{t('emptyHint')}</EmptyState>
        </div>
      ) : (
        <>
          <ul className="task-cards" role="listbox" aria-label={t('queue')}>
            {items.map((item, i) => (
              <li key={item.id} role="option" aria-selected={i === cursor}>
                <button type="button" className={`task-card queue-item${i === cursor ? ' cursor' : ''}${item.overdue ? ' overdue' : ''}`} onClick={() => navigate(reviewPath(item))}>
                  <div className="task-card-main">
                    <div className="task-card-top">
                      <span className="job-code">{item.job.code}</span>
                      <span className="muted small">{t('round', { round: item.step.round })}</span>
                    </div>
                    <div className="task-card-title">{item.job.title}</div>
                    <div className="muted small">
                      {item.job.vendorOrg.name} · {stepTitle(item.step)}
                    </div>
                  </div>
                  <DeadlineChip dueAt={item.dueAt} />
                </button>
              </li>
            ))}
          </ul>
          <LoadMore shown={items.length} total={reviews} hasMore={queue.hasMore} loading={queue.loadingMore} onMore={queue.loadMore} />
        </>
      )}
    </div>
  );
}
