import { useState, type FormEvent } from 'react';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import { personName, type JobComment } from '../../lib/api-types';
import type { components } from '../../lib/api-schema';
import { LoadMore } from '../../components/load-more';
import { useLocale } from '../../lib/i18n';
import { problemOf, type Problem } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { usePagedList } from '../../lib/use-paged-list';
import { useResource } from '../../lib/use-resource';
import { hasRole, isVendor, useSession } from '../auth/session-context';
import { useJobT } from './job-messages';
import { useCommentT } from './comment-messages';
import { CommentBody } from './comment-body';
import { MentionTextarea } from './mention-textarea';
import './comments.css';

type PostedComment = components['schemas']['PostedComment'];
type Mentionable = components['schemas']['MentionablePerson'];

export function CommentsPanel({ jobId }: { jobId: string }) {
  const t = useJobT();
  const ct = useCommentT();
  const { locale } = useLocale();
  const { zone, me } = useSession();
  const canPostInternal = !isVendor(me) && hasRole(me, 'owner', 'manager', 'qa', 'admin');
  const { items: comments, hasMore, loadMore, loadingMore, reload } = usePagedList<JobComment>(`/jobs/${encodeURIComponent(jobId)}/comments`, 200);
  const [text, setText] = useState('');
  const [internal, setInternal] = useState(false);
  const [sent, setSent] = useState<PostedComment>();
  const [problem, setProblem] = useState<Problem>();
  const people = useResource<{ items: Mentionable[] }>(`/jobs/${encodeURIComponent(jobId)}/people${internal ? '?visibility=internal' : ''}`);
  const send = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    apiRequest<PostedComment>(`/jobs/${encodeURIComponent(jobId)}/comments`, { method: 'POST', body: { body: text.trim(), ...(internal ? { internal: true } : {}) } })
      .then((posted) => {
        setText('');
        setSent(posted);
        reload();
      })
      .catch((err: unknown) => setProblem(problemOf(err)));
  };
  const names = (list: ReadonlyArray<{ name: string }> | readonly string[]) => list.map((p) => (typeof p === 'string' ? `@${p}` : p.name)).join(locale === 'zh-CN' ? '、' : ', ');
  return (
    <div className="comments">
      {comments.length === 0 && <p className="muted">{t('noComments')}</p>}
      <ul className="comment-list">
        {comments.map((c) => (
          <li key={c.id} className={c.visibility === 'internal' ? 'internal' : undefined}>
            <span className="avatar small" aria-hidden="true">{personName(c.author).slice(0, 1)}</span>
            <div>
              <div className="comment-meta">
                <strong>{personName(c.author)}</strong> <span className="muted small">{formatDateTime(c.at, zone, locale)}</span>
                {c.visibility === 'internal' && <> <span className="badge internal">{ct('internalBadge')}</span></>}
              </div>
              <CommentBody body={c.body} mentions={c.mentions ?? []} />
            </div>
          </li>
        ))}
      </ul>
      <LoadMore shown={comments.length} hasMore={hasMore} loading={loadingMore} onMore={loadMore} />
      <form className={`comment-form${internal ? ' internal' : ''}`} onSubmit={send}>
        {canPostInternal && (
          <label className="comment-internal-toggle">
            <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} />
            {ct('internalToggle')}
            {internal && <span className="badge internal">{ct('internalBadge')}</span>}
          </label>
        )}
        <MentionTextarea
          value={text}
          onChange={setText}
          people={people.data?.items ?? []}
          label={t('addComment')}
          placeholder={`${internal ? ct('internalPlaceholder') : t('addComment')} ${ct('mentionHint')}`}
        />
        <button type="submit" className="btn small" disabled={!text.trim()}>
          {t('send')}
        </button>
      </form>
      {sent && sent.mentions.length > 0 && <p className="muted small" role="status">{ct('notified', { names: names(sent.mentions) })}</p>}
      {sent && sent.unresolvedMentions.length > 0 && <p className="muted small" role="status">{ct('unresolved', { names: names(sent.unresolvedMentions) })}</p>}
      {problem && <ProblemBanner problem={problem} onDismiss={() => setProblem(undefined)} />}
    </div>
  );
}
