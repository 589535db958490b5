import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocaleProvider } from './i18n';
import { LoadMore } from '../components/load-more';
import { usePagedList } from './use-paged-list';

function json(body: unknown) {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}

/** A server list of `total` numbered items, `size` a page, with opaque cursors. */
function pagedServer(total: number, size: number) {
  return vi.fn(async (url: string) => {
    const cursor = new URL(url, 'http://x').searchParams.get('cursor');
    const start = cursor ? Number(atob(cursor)) : 0;
    const items = Array.from({ length: Math.min(size, total - start) }, (_, i) => ({ n: start + i }));
    return json({ items, nextCursor: start + size < total ? btoa(String(start + size)) : null });
  });
}

function List({ pages }: { pages: number }) {
  const list = usePagedList<{ n: number }>('/jobs/j1/comments', undefined, pages);
  return (
    <div>
      <span data-testid="count">{list.items.length}</span>
      <span data-testid="last">{list.items.at(-1)?.n ?? '-'}</span>
      {list.more && <LoadMore onClick={list.loadMore} busy={list.loading} />}
    </div>
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('usePagedList', () => {
  it('follows nextCursor past the first page and stops on the last', async () => {
    const fetchMock = pagedServer(450, 200);
    vi.stubGlobal('fetch', fetchMock);
    render(<LocaleProvider locale="en"><List pages={5} /></LocaleProvider>);
    await waitFor(() => expect(screen.getByTestId('count').textContent).toBe('450'));
    expect(screen.getByTestId('last').textContent).toBe('449');
    expect(fetchMock).toHaveBeenCalledTimes(3);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('offers "Load more" when the page budget ends before the list does, and reads on when asked', async () => {
    vi.stubGlobal('fetch', pagedServer(450, 200));
    const user = userEvent.setup();
    render(<LocaleProvider locale="en"><List pages={1} /></LocaleProvider>);
    await waitFor(() => expect(screen.getByTestId('count').textContent).toBe('200'));
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getByTestId('count').textContent).toBe('400'));
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getByTestId('count').textContent).toBe('450'));
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });
});
