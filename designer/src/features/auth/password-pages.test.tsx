import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/app';
import { stubApi, writes } from '../../test/api-stub';
import { person, renderWithSession } from '../../test/render-with-session';
import { PasswordForm } from '../settings/password-form';

beforeEach(() => {
  localStorage.clear();
  localStorage.setItem('sop.locale', 'en');
});
afterEach(() => {
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});

const GONE = { status: 410, body: { type: 'urn:sop:problem:reset-link-invalid', title: 'Gone', status: 410, detail: 'This link is unknown, used or expired: ask for a new one.' } };

describe('sign-in page', () => {
  it('names the demo accounts only when the server says it runs in demo mode', async () => {
    stubApi((_m, url) => (url === '/api/auth/options' ? { body: { demoMode: true, demoAccounts: ['owner@demo.test', 'admin@demo.test'] } } : undefined));
    render(<App />);
    expect(await screen.findByText('Demo mode. Demo accounts: owner@demo.test, admin@demo.test; the password is printed when the server starts.')).toBeTruthy();
  });

  it('names no demo account in production', async () => {
    const calls = stubApi((_m, url) => (url === '/api/auth/options' ? { body: { demoMode: false, demoAccounts: [] } } : undefined));
    render(<App />);
    await vi.waitFor(() => expect(calls.map((c) => c.url)).toContain('/api/auth/options'));
    // The options answer has arrived (and been read) before looking for the hint.
    await (vi.mocked(fetch).mock.results[0]!.value as Promise<Response>);
    await screen.findByRole('button', { name: 'Sign in' });
    expect(screen.queryByText(/demo/i)).toBeNull();
  });
});

describe('forgotten password', () => {
  it('asks for a reset link from the sign-in page and says a link is on its way', async () => {
    const calls = stubApi((method, url) => (method === 'POST' && url === '/api/auth/password-reset' ? { status: 202, body: { status: 'requested' } } : undefined));
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('link', { name: 'Forgot your password?' }));
    await user.type(screen.getByLabelText('Email'), ' pat@example.com ');
    await user.click(screen.getByRole('button', { name: 'Send reset link' }));
    expect((await screen.findByRole('status')).textContent).toBe('If an account exists for this address, a reset link is on its way (valid for one hour). Check your e-mail.');
    expect(writes(calls)).toEqual([{ method: 'POST', url: '/api/auth/password-reset', body: { email: 'pat@example.com' } }]);
  });

  it('sets a new password from the link, and explains a used link', async () => {
    window.history.replaceState(null, '', '/reset-password/tok-1');
    let used = false;
    const calls = stubApi((method, url) => {
      if (method !== 'POST' || url !== '/api/auth/password-reset/tok-1') return undefined;
      if (used) return GONE;
      used = true;
      return { status: 204 };
    });
    const user = userEvent.setup();
    render(<App />);
    await user.type(await screen.findByLabelText('New password (at least 10 characters)'), 'a-new-password-1');
    await user.click(screen.getByRole('button', { name: 'Save new password' }));
    expect((await screen.findByRole('status')).textContent).toBe('Your new password is saved: sign in with it.');
    expect(writes(calls)).toEqual([{ method: 'POST', url: '/api/auth/password-reset/tok-1', body: { password: 'a-new-password-1' } }]);

    render(<App />);
    const forms = await screen.findAllByRole('form', { name: 'Choose a new password' });
    await user.type(forms.at(-1)!.querySelector('input')!, 'a-new-password-2');
    await user.click(screen.getAllByRole('button', { name: 'Save new password' }).at(-1)!);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not set the new password');
    expect(alert.textContent).toContain('This link is unknown, used or expired: ask for a new one.');
  });
});

describe('changing one\'s password', () => {
  it('sends the current and the new password, shows the API\'s refusal, and on success says other sessions ended and clears the fields', async () => {
    let attempts = 0;
    const calls = stubApi((method, url) => {
      if (url === '/api/me') return { body: person(['vendor']) };
      if (method !== 'POST' || url !== '/api/auth/password') return undefined;
      attempts += 1;
      return attempts === 1
        ? { status: 422, body: { type: 'urn:sop:problem:current-password-wrong', title: 'Unprocessable content', status: 422, detail: 'The current password is wrong.' } }
        : { status: 204 };
    });
    const user = userEvent.setup();
    renderWithSession(<PasswordForm />);
    const current = await screen.findByLabelText('Current password');
    const next = screen.getByLabelText('New password (at least 10 characters)');
    await user.type(current, 'wrong-one');
    await user.type(next, 'my-new-password-1');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The current password is wrong.');
    await user.clear(current);
    await user.type(current, 'right-one');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect((await screen.findByRole('status')).textContent).toBe('Password changed; your other sessions have ended.');
    expect((current as HTMLInputElement).value).toBe('');
    expect(writes(calls)).toEqual([
      { method: 'POST', url: '/api/auth/password', body: { currentPassword: 'wrong-one', newPassword: 'my-new-password-1' } },
      { method: 'POST', url: '/api/auth/password', body: { currentPassword: 'right-one', newPassword: 'my-new-password-1' } },
    ]);
  });
});
