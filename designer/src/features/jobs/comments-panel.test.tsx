import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LocaleProvider, type Locale } from '../../lib/i18n';
import { SessionProvider } from '../auth/session-context';
import { CommentsPanel } from './comments-panel';

const PEOPLE = [
  { id: 'u-qa', name: '质检 Quinn', email: 'qa@demo.test', staff: true },
  { id: 'u-o', name: 'Olivia', email: 'owner@demo.test', staff: true },
  { id: 'u-va', name: 'Vendor Ann', email: 'va@demo.test', staff: false },
];
const COMMENTS = [
  { id: 'c1', body: 'Please check @质检 Quinn', author: { id: 'u-o', name: 'Olivia' }, at: '2026-11-27T08:00:00.000Z', visibility: 'all', mentions: [{ id: 'u-qa', name: '质检 Quinn' }] },
  { id: 'c2', body: 'quote too high', author: { id: 'u-o', name: 'Olivia' }, at: '2026-11-27T08:01:00.000Z', visibility: 'internal', mentions: [] },
];

function stubApi(roles: string[], orgKind: 'internal' | 'vendor') {
  const posts: unknown[] = [];
  const peopleAsked: string[] = [];
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    if (url === '/api/me') return json({ id: 'u-1', email: 'x@demo.test', name: 'X', roles, orgId: 'o-1', org: { id: 'o-1', name: 'Org', kind: orgKind }, timezone: 'UTC' });
    if (url.startsWith('/api/jobs/job-1/comments') && init?.method === 'POST') {
      const body = JSON.parse(init.body as string) as { body: string };
      posts.push(body);
      return json({ id: 'c3', body: body.body, author: { id: 'u-1', name: 'X' }, at: '2026-11-27T09:00:00.000Z', visibility: 'all', mentions: [{ id: 'u-qa', name: '质检 Quinn' }], unresolvedMentions: ['nobody'] }, 201);
    }
    if (url.startsWith('/api/jobs/job-1/comments')) return json({ items: orgKind === 'vendor' ? COMMENTS.slice(0, 1) : COMMENTS, nextCursor: null });
    if (url.startsWith('/api/jobs/job-1/people')) {
      peopleAsked.push(url);
      return json({ items: url.includes('visibility=internal') ? PEOPLE.filter((p) => p.staff) : PEOPLE });
    }
    return new Response('{}', { status: 404 });
  }));
  return { posts, peopleAsked };
}

function renderPanel(locale: Locale = 'en') {
  render(
    <LocaleProvider locale={locale}>
      <SessionProvider>
        <CommentsPanel jobId="job-1" />
      </SessionProvider>
    </LocaleProvider>,
  );
}

beforeEach(() => localStorage.setItem('sop.token', 't'));
afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.removeItem('sop.token');
});

describe('the comments panel', () => {
  it('marks internal comments with the vendors-never-see-this badge and highlights resolved mentions', async () => {
    stubApi(['qa'], 'internal');
    renderPanel();
    const internal = (await screen.findByText('quote too high')).closest('li')!;
    expect(within(internal).getByText('Internal — vendors never see this')).toBeTruthy();
    const mention = await screen.findByText('@质检 Quinn', { selector: 'mark' });
    expect(mention.className).toBe('mention');
    expect(mention.closest('li')!.className).toBe('');
  });

  it('lets staff post an internal comment, picking a mention from the @ suggestions (staff only), and says who was notified', async () => {
    const user = userEvent.setup();
    const api = stubApi(['owner'], 'internal');
    renderPanel();
    await user.click(await screen.findByRole('checkbox', { name: /Internal comment \(vendors never see it\)/ }));
    await waitFor(() => expect(api.peopleAsked.at(-1)).toBe('/api/jobs/job-1/people?visibility=internal'));
    const box = screen.getByRole('combobox', { name: 'Write a comment…' });
    await user.type(box, 'Look @qu');
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['质检 Quinn staff']);
    await user.keyboard('{Enter}');
    expect((box as HTMLTextAreaElement).value).toBe('Look @质检 Quinn ');
    await user.type(box, 'now @nobody');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(api.posts).toEqual([{ body: 'Look @质检 Quinn now @nobody', internal: true }]));
    expect(await screen.findByText('Notified: 质检 Quinn')).toBeTruthy();
    expect(screen.getByText('Nobody you can mention is called: @nobody (no one was notified)')).toBeTruthy();
  });

  it('offers a vendor no internal toggle, posts plainly and lists everyone it may mention (in Chinese)', async () => {
    const user = userEvent.setup();
    const api = stubApi(['vendor'], 'vendor');
    renderPanel('zh-CN');
    await screen.findByText('Please check');
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(screen.queryByText('内部 — 供应商不可见')).toBeNull();
    const box = screen.getByRole('combobox', { name: '写下评论…' });
    await user.type(box, '@');
    expect((await screen.findAllByRole('option')).map((o) => o.textContent)).toEqual(['质检 Quinn 内部', 'Olivia 内部', 'Vendor Ann 供应商']);
    await user.keyboard('{Escape}');
    expect(screen.queryAllByRole('option')).toEqual([]);
    await user.type(box, ' 好的');
    await user.click(screen.getByRole('button', { name: '发送' }));
    await waitFor(() => expect(api.posts).toEqual([{ body: '@ 好的' }]));
    expect(api.peopleAsked.every((u) => u === '/api/jobs/job-1/people')).toBe(true);
  });
});
