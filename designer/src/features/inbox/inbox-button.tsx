import { useEffect, useRef, useState } from 'react';
import { apiRequest } from '../../lib/api-client';
import type { Instant } from '../../lib/api-types';
import { defineMessages, useLocale } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { formatDateTime } from '../../lib/time';
import { useResource } from '../../lib/use-resource';
import { isVendor, useSession } from '../auth/session-context';

const useT = defineMessages(
  {
    inbox: '通知', empty: '没有通知', markRead: '全部标为已读',
    reminder: '期限提醒', escalation: '逾期升级', overdue: '已逾期', stuck: '返工过多，任务卡住', notify: '流程通知',
    task_assigned: '新任务', review_request: '待审核', job_completed: '任务完成', job_cancelled: '任务取消', job_declined: '供应商拒单',
    comment_mentioned: '评论中提到了您',
  },
  {
    inbox: 'Notifications', empty: 'No notifications', markRead: 'Mark all read',
    reminder: 'Deadline reminder', escalation: 'Escalation', overdue: 'Overdue', stuck: 'Stuck after too many rounds', notify: 'Process notice',
    task_assigned: 'New task', review_request: 'Review requested', job_completed: 'Job completed', job_cancelled: 'Job cancelled', job_declined: 'Declined by the vendor',
    comment_mentioned: 'Mentioned in a comment',
  },
);

interface Notice {
  id: string;
  kind: string;
  jobId?: string | null;
  nodeId?: string | null;
  payload?: { message?: string; code?: string; title?: string } | null;
  readAt?: Instant;
  at?: Instant;
}

type K = Parameters<ReturnType<typeof useT>>[0];

/** The in-app inbox: unread count in the top bar, the latest notices in a popover. */
export function InboxButton() {
  const t = useT();
  const { locale } = useLocale();
  const { me, zone } = useSession();
  // `inbox` events invalidate it; polling is the fallback while the stream is down.
  const { data, reload } = useResource<{ items: Notice[]; unread: number }>('/notifications?limit=20', 60_000);
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDoc = (e: MouseEvent) => !box.current?.contains(e.target as Node) && setOpen(false);
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', onDoc);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDoc);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  const items = data?.items ?? [];
  const unread = data?.unread ?? items.filter((n) => !n.readAt).length;
  const link = (n: Notice) => {
    if (n.kind === 'monthly_report') return '/reports/monthly';
    if (!n.jobId) return undefined;
    if (isVendor(me)) return `/vendor/jobs/${encodeURIComponent(n.jobId)}`;
    if (n.kind === 'review_request' && n.nodeId) return `/qa/jobs/${encodeURIComponent(n.jobId)}/${encodeURIComponent(n.nodeId)}`;
    return `/jobs/${encodeURIComponent(n.jobId)}`;
  };
  return (
    <div className="inbox" ref={box}>
      <button type="button" className="btn ghost small bell" aria-label={`${t('inbox')} (${unread})`} aria-expanded={open} onClick={() => setOpen(!open)}>
        <svg width="18" height="18" viewBox="0 0 16 16" aria-hidden="true">
          <path d="M4 11V7a4 4 0 118 0v4l1.5 1.5h-11zM6.5 14a1.5 1.5 0 003 0" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
        </svg>
        {unread > 0 && <span className="bell-count">{unread > 99 ? '99+' : unread}</span>}
      </button>
      {open && (
        <div className="inbox-panel" role="dialog" aria-label={t('inbox')}>
          <div className="inbox-head">
            <strong>{t('inbox')}</strong>
            {unread > 0 && (
              <button type="button" className="btn ghost small" onClick={() => void apiRequest('/notifications/read', { method: 'POST', body: {} }).then(reload)}>
                {t('markRead')}
              </button>
            )}
          </div>
          {items.length === 0 ? (
            <p className="muted small inbox-empty">{t('empty')}</p>
          ) : (
            <ul className="inbox-list">
              {items.map((n) => {
                const to = link(n);
                const body = (
                  <>
                    <span className={`inbox-kind kind-${n.kind}`}>{t(n.kind as K)}</span>
                    {n.payload?.message && <span className="inbox-msg">{n.payload.message}</span>}
                    <span className="muted small">{formatDateTime(n.at, zone, locale)}</span>
                  </>
                );
                return (
                  <li key={n.id} className={n.readAt ? '' : 'unread'}>
                    {to ? (
                      <Link to={to} onClick={() => setOpen(false)}>
                        {body}
                      </Link>
                    ) : (
                      <div>{body}</div>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
