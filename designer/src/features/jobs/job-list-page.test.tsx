import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubApi } from '../../test/api-stub';
import { person, renderWithSession } from '../../test/render-with-session';
import { JobListPage } from './job-list-page';

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.removeItem('sop.token');
});

const job = (code: string, title: string) => ({ id: code, code, title, status: 'running', sop: { key: 'banner', version: 1 }, vendorOrg: { id: 'o-va', name: 'Vendor A' }, activeSteps: [] });

describe('the job list', () => {
  it('searches on the server once typing pauses, and says when nothing matches', async () => {
    const user = userEvent.setup();
    const calls = stubApi((_m, url) => {
      if (url === '/api/me') return { body: person(['manager']) };
      if (url === '/api/jobs?limit=50') return { body: { items: [job('DD-1', 'Banner'), job('DD-2', '春节横幅')], nextCursor: null } };
      if (url === `/api/jobs?q=${encodeURIComponent('横幅')}&limit=50`) return { body: { items: [job('DD-2', '春节横幅')], nextCursor: null } };
      if (url.startsWith('/api/jobs?q=')) return { body: { items: [], nextCursor: null } };
      return undefined;
    });
    renderWithSession(<JobListPage />);
    await screen.findByText('Banner');
    await user.type(screen.getByRole('searchbox', { name: /Search/ }), '横幅');
    await waitFor(() => expect(screen.queryByText('Banner')).toBeNull());
    expect(screen.getByText('春节横幅')).toBeTruthy();
    await user.type(screen.getByRole('searchbox', { name: /Search/ }), 'zz');
    expect(await screen.findByText('No job matches “横幅zz”')).toBeTruthy();
    const searches = calls.filter((c) => c.url.startsWith('/api/jobs?q=')).map((c) => decodeURIComponent(c.url));
    expect(searches).toEqual(['/api/jobs?q=横幅&limit=50', '/api/jobs?q=横幅zz&limit=50']);
  });
});
