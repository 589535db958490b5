import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useEffect } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stubApi } from '../../test/api-stub';
import { person, renderWithSession } from '../../test/render-with-session';
import { apiKey } from '../../lib/query-client';
import { useResource } from '../../lib/use-resource';
import { useSession } from './session-context';

beforeEach(() => {
  localStorage.clear();
  localStorage.setItem('sop.locale', 'en');
});
afterEach(() => vi.unstubAllGlobals());

/** Every text the probe rendered, in order: what the person on screen was shown. */
const shown: string[] = [];

function Probe() {
  const { me, login, logout } = useSession();
  const tasks = useResource<{ who: string }>(me ? '/me/tasks?limit=1' : null);
  const text = me ? `${me.name}: ${tasks.data?.who ?? '…'}` : 'signed out';
  useEffect(() => {
    shown.push(text);
  });
  return (
    <>
      <p>{text}</p>
      <button type="button" onClick={logout}>
        Sign out
      </button>
      <button type="button" onClick={() => void login('bob@demo.test', 'pw')}>
        Sign in as Bob
      </button>
    </>
  );
}

describe('the query cache and the session', () => {
  it('drops every cached read when the person signs out, so the next person never sees them', async () => {
    shown.length = 0;
    let signedIn = person(['vendor'], { id: 'u-a', name: 'Alice' });
    stubApi((method, url) => {
      if (url === '/api/me') return { body: signedIn };
      if (url === '/api/me/tasks?limit=1') return { body: { who: signedIn.name === 'Alice' ? 'alice-tasks' : 'bob-tasks' } };
      if (method === 'POST' && url === '/api/auth/logout') return { status: 204 };
      if (method === 'POST' && url === '/api/auth/login') return { body: { token: 'bob-token' } };
      return undefined;
    });
    const { queryClient } = renderWithSession(<Probe />);
    expect(await screen.findByText('Alice: alice-tasks')).toBeTruthy();
    expect(queryClient.getQueryData(apiKey('/me/tasks?limit=1'))).toEqual({ who: 'alice-tasks' });

    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByText('signed out')).toBeTruthy();
    await waitFor(() => expect(queryClient.getQueryCache().getAll()).toEqual([]));

    signedIn = person(['vendor'], { id: 'u-b', name: 'Bob' });
    await userEvent.click(screen.getByRole('button', { name: 'Sign in as Bob' }));
    expect(await screen.findByText('Bob: bob-tasks')).toBeTruthy();
    expect(shown.filter((s) => s.startsWith('Bob'))).not.toContain('Bob: alice-tasks');
    expect(shown).toContain('Bob: …');
  });
});
