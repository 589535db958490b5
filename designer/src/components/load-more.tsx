import { defineMessages } from '../lib/i18n';

const useT = defineMessages(
  { more: '加载更多', loading: '正在加载…', shown: '已显示 {shown} / {total}', all: '已全部显示（{total}）' },
  { more: 'Load more', loading: 'Loading…', shown: 'Showing {shown} of {total}', all: 'All {total} shown' },
);

/** Below a server-paged list: how much is shown and a "load more" button while the server has more. */
export function LoadMore({ shown, total, hasMore, loading, onMore }: { shown: number; total?: number; hasMore: boolean; loading: boolean; onMore: () => void }) {
  const t = useT();
  if (!hasMore && (total === undefined || shown === 0)) return null;
  return (
    <div className="load-more">
      {total !== undefined && <span className="muted small">{hasMore ? t('shown', { shown, total }) : t('all', { total })}</span>}
      {hasMore && (
        <button type="button" className="btn" onClick={onMore} disabled={loading} aria-busy={loading}>
          {loading ? t('loading') : t('more')}
        </button>
      )}
    </div>
  );
}
