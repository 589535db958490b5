import { defineMessages } from '../lib/i18n';

const useT = defineMessages({ loadMore: '加载更多', loading: '加载中…' }, { loadMore: 'Load more', loading: 'Loading…' });

/** The button under a list that has further pages on the server. */
export function LoadMore({ onClick, busy }: { onClick: () => void; busy?: boolean }) {
  const t = useT();
  return (
    <button type="button" className="btn small ghost load-more" onClick={onClick} disabled={busy} aria-busy={busy}>
      {busy ? t('loading') : t('loadMore')}
    </button>
  );
}
