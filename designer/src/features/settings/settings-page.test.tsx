import { render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/app';
import type { Me } from '../../lib/api-types';
import { stubApi } from '../../test/api-stub';
import { person } from '../../test/render-with-session';
import { settingsSectionsFor } from './settings-sections';

function openApp(path: string, me: ReturnType<typeof person>) {
  const calls = stubApi((method, url) => {
    if (url === '/api/me') return { body: me };
    if (url === '/api/notifications/preferences') return { body: { channels: ['inbox'], locale: 'en', timezone: 'Asia/Shanghai', available: ['inbox', 'email'] } };
    if (url.startsWith('/api/notifications')) return { body: { items: [], unread: 0 } };
    if (url === '/api/calendars/cn-2027') return { status: 404, body: { type: 'urn:sop:problem:calendar-not-found', title: 'Not found', status: 404, detail: 'Calendar "cn-2027" was not found.' } };
    if (url.startsWith('/api/')) return { body: { items: [] } };
    return undefined;
  });
  localStorage.setItem('sop.token', 'test-token');
  window.history.replaceState(null, '', path);
  render(<App />);
  return calls;
}

beforeEach(() => localStorage.setItem('sop.locale', 'en'));
afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.removeItem('sop.token');
});

describe('settings, by role', () => {
  it('lets only admins manage people, channels and deliveries, and owners and admins the shared calendars', () => {
    const sections = (roles: string[]) => settingsSectionsFor(person(roles) as Me);
    expect(sections(['admin'])).toEqual(['preferences', 'people', 'api-keys', 'channels', 'deliveries', 'calendars']);
    expect(sections(['owner'])).toEqual(['preferences', 'calendars']);
    for (const roles of [['manager'], ['qa'], ['procurement'], ['vendor']]) expect(sections(roles)).toEqual(['preferences']);
  });

  it('gives an admin a tab for each section, reached from the top bar', async () => {
    openApp('/settings/channels', person(['admin']));
    const tabs = await screen.findByRole('navigation', { name: 'Settings sections' });
    expect(within(tabs).getAllByRole('link').map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('aria-current')])).toEqual([
      ['My notifications', '/settings', null],
      ['People', '/settings/people', null],
      ['API keys', '/settings/api-keys', null],
      ['Channels', '/settings/channels', 'page'],
      ['Deliveries', '/settings/deliveries', null],
      ['Calendars', '/settings/calendars', null],
    ]);
    expect(screen.getByRole('link', { name: 'Settings' }).getAttribute('href')).toBe('/settings');
  });

  it('gives a vendor only their own preferences: no tabs, and the admin pages do not exist for them', async () => {
    const calls = openApp('/settings', person(['vendor']));
    await screen.findByRole('form', { name: 'My notifications' });
    expect(screen.queryByRole('navigation', { name: 'Settings sections' })).toBeNull();
    window.history.pushState(null, '', '/settings/deliveries');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(await screen.findByText('Page not found')).toBeTruthy();
    expect(calls.filter((c) => /channels|deliveries/.test(c.url))).toEqual([]);
  });

  it('keeps the People tab from other internal roles, though the API lets them read the lists', async () => {
    const calls = openApp('/settings/people', person(['manager']));
    expect(await screen.findByText('Page not found')).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Settings sections' })).toBeNull();
    expect(calls.filter((c) => c.url === '/api/users' || c.url === '/api/orgs')).toEqual([]);
  });

  it('gives an owner the Calendars tab, and opens a calendar at /settings/calendars/:key (here one that is gone)', async () => {
    const calls = openApp('/settings/calendars/cn-2027', person(['owner']));
    const tabs = await screen.findByRole('navigation', { name: 'Settings sections' });
    expect(within(tabs).getAllByRole('link').map((a) => [a.textContent, a.getAttribute('aria-current')])).toEqual([['My notifications', null], ['Calendars', 'page']]);
    expect((await screen.findByRole('alert')).textContent).toContain('Calendar "cn-2027" was not found.');
    expect(screen.getByRole('link', { name: '← All calendars' }).getAttribute('href')).toBe('/settings/calendars');
    expect(calls.filter((c) => c.url.startsWith('/api/calendars')).map((c) => c.url)).toEqual(['/api/calendars/cn-2027']);
  });

  it('opens People for an admin at /settings/people', async () => {
    openApp('/settings/people', person(['admin']));
    const tabs = await screen.findByRole('navigation', { name: 'Settings sections' });
    expect(within(tabs).getByRole('link', { name: 'People' }).getAttribute('aria-current')).toBe('page');
    expect(await screen.findByRole('form', { name: 'Invite' })).toBeTruthy();
  });
});
