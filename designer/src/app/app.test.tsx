import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from './app';

const vendor = { id: 'u1', email: 'vendor-a@demo.test', name: 'Alice', roles: ['vendor'], orgId: 'o1', org: { id: 'o1', name: 'Vendor A', kind: 'vendor' }, locale: 'en', timezone: 'Europe/Berlin' };

function json(status: number, body: unknown, type = 'application/json') {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
}

beforeEach(() => {
  localStorage.clear();
  localStorage.setItem('sop.locale', 'en');
  window.history.replaceState(null, '', '/');
});
afterEach(() => vi.unstubAllGlobals());

describe('app shell', () => {
  it('shows the problem+json of a failed sign-in as a readable message', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(401, { type: 'urn:sop:problem:invalid-credentials', title: 'Unauthorized', status: 401, detail: 'The e-mail or password is wrong.' }, 'application/problem+json')));
    const user = userEvent.setup();
    render(<App />);
    await user.type(screen.getByLabelText('Email'), 'x@demo.test');
    await user.type(screen.getByLabelText('Password'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Sign-in failed');
    expect(alert.textContent).toContain('The e-mail or password is wrong.');
  });

  it('signs a vendor in with a bearer token and shows only the vendor portal', async () => {
    const fetchMock = vi.fn(async (url: string) => {
      if (url === '/api/auth/login') return json(200, { token: 'tok-1', user: vendor });
      if (url === '/api/me') return json(200, vendor);
      if (url.startsWith('/api/jobs')) return json(200, { items: [], nextCursor: null });
      return json(200, { items: [], unread: 0 });
    });
    vi.stubGlobal('fetch', fetchMock);
    const user = userEvent.setup();
    render(<App />);
    await user.type(screen.getByLabelText('Email'), 'vendor-a@demo.test');
    await user.type(screen.getByLabelText('Password'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).getAllByRole('link')).toHaveLength(1);
    expect(within(nav).getByRole('link', { name: 'My tasks' })).toBeTruthy();
    expect(localStorage.getItem('sop.token')).toBe('tok-1');
    const meCall = fetchMock.mock.calls.find(([u]) => u === '/api/me') as unknown as [string, RequestInit];
    expect((meCall[1].headers as Record<string, string>).Authorization).toBe('Bearer tok-1');
    await waitFor(() => expect(window.location.pathname).toBe('/vendor'));
    expect(screen.getByText('Europe/Berlin')).toBeTruthy();
  });

  it('returns to the login page, saying why, when the API ends the session (an admin disabled the account)', async () => {
    localStorage.setItem('sop.token', 'tok-disabled');
    window.history.replaceState(null, '', '/vendor');
    let disabled = false;
    vi.stubGlobal('fetch', vi.fn(async (url: string) => {
      if (disabled) return json(401, { type: 'urn:sop:problem:unauthorized', title: 'Unauthorized', status: 401, detail: 'The token is invalid, expired or revoked; log in again.' }, 'application/problem+json');
      if (url === '/api/me') return json(200, vendor);
      if (url.startsWith('/api/jobs')) return json(200, { items: [], nextCursor: null });
      return json(200, { items: [], unread: 0 });
    }));
    const user = userEvent.setup();
    render(<App />);
    await screen.findByRole('navigation', { name: 'Main navigation' });
    disabled = true;
    await user.click(screen.getByRole('link', { name: 'Settings' }));

    await screen.findByRole('button', { name: 'Sign in' });
    expect(screen.getByRole('status').textContent).toBe('You were signed out: your session expired, or an admin disabled your account. Sign in again.');
    expect(localStorage.getItem('sop.token')).toBeNull();
  });
});
