import { useState, type FormEvent } from 'react';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import { personName, type JobComment } from '../../lib/api-types';
import { LoadMore } from '../../components/load-more';
import { useLocale } from '../../lib/i18n';
import { problemOf, type Problem } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { usePagedList } from '../../lib/use-paged-list';
import { useLiveReload } from '../../lib/live-events';
import { useSession } from '../auth/session-context';
import { useJobT } from './job-messages';

export function CommentsPanel({ jobId }: { jobId: string }) {
  const t = useJobT();
  const { locale } = useLocale();
  const { zone } = useSession();
  const { items: comments, hasMore, loadMore, loadingMore, reload } = usePagedList<JobComment>(`/jobs/${encodeURIComponent(jobId)}/comments`, 200);
  useLiveReload({ jobId, names: ['comment'] }, reload);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<Problem>();
  const send = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    apiRequest(`/jobs/${encodeURIComponent(jobId)}/comments`, { method: 'POST', body: { body: text.trim() } })
      .then(() => {
        setText('');
        reload();
      })
      .catch((err: unknown) => setProblem(problemOf(err)));
  };
  return (
    <div className="comments">
      {comments.length === 0 && <p className="muted">{t('noComments')}</p>}
      <ul className="comment-list">
        {comments.map((c) => (
          <li key={c.id}>
            <span className="avatar small" aria-hidden="true">{personName(c.author).slice(0, 1)}</span>
            <div>
              <div className="comment-meta">
                <strong>{personName(c.author)}</strong> <span className="muted small">{formatDateTime(c.at, zone, locale)}</span>
              </div>
              <p>{c.body}</p>
            </div>
          </li>
        ))}
      </ul>
      <LoadMore shown={comments.length} hasMore={hasMore} loading={loadingMore} onMore={loadMore} />
      <form className="comment-form" onSubmit={send}>
        <textarea aria-label={t('addComment')} placeholder={t('addComment')} rows={2} value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit" className="btn small" disabled={!text.trim()}>
          {t('send')}
        </button>
      </form>
      {problem && <ProblemBanner problem={problem} onDismiss={() => setProblem(undefined)} />}
    </div>
  );
}
