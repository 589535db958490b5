import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubApi, writes } from '../../test/api-stub';
import { HQ, VENDOR_A, person, renderWithSession } from '../../test/render-with-session';
import type { ApiKey } from './api-keys';
import { ApiKeysPanel } from './api-keys-panel';

const ME = person(['admin']);
const TOKEN = `sopk_0123456789abcdef01234567_${'s'.repeat(43)}`;

const keyOf = (over: Partial<ApiKey>): ApiKey => ({
  id: '0123456789abcdef01234567', name: 'ERP production', prefix: 'sopk_0123456789abcdef01234567_', roles: ['owner'], org: HQ,
  expiresAt: null, revokedAt: null, lastUsedAt: null, createdAt: '2026-12-01T02:00:00.000Z', createdBy: { id: ME.id, name: ME.name }, status: 'active', ...over,
});

/** The admin's API, keeping keys in memory as the server does; `refuse` answers a write instead. */
function serve(initial: ApiKey[], refuse: (method: string, url: string) => { status: number; body: unknown } | undefined = () => undefined) {
  let keys = initial;
  return stubApi((method, url, body) => {
    const b = (body ?? {}) as Record<string, unknown>;
    if (url === '/api/me') return { body: ME };
    if (url === '/api/orgs') return { body: { items: [HQ, VENDOR_A] } };
    if (url.startsWith('/api/api-keys?') && method === 'GET') return { body: { items: keys, nextCursor: null } };
    const refusal = method !== 'GET' ? refuse(method, url) : undefined;
    if (refusal) return refusal;
    if (url === '/api/api-keys' && method === 'POST') {
      const org = [HQ, VENDOR_A].find((o) => o.id === b.orgId)!;
      const created = keyOf({ id: 'fedcba9876543210fedcba98', name: String(b.name), roles: b.roles as ApiKey['roles'], org, expiresAt: (b.expiresAt as string | undefined) ?? null });
      keys = [created, ...keys];
      return { status: 201, body: { ...created, token: TOKEN } };
    }
    const revoke = url.match(/^\/api\/api-keys\/([^/]+)$/);
    if (revoke && method === 'DELETE') {
      keys = keys.map((k) => (k.id === revoke[1] ? { ...k, status: 'revoked' as const, revokedAt: '2026-12-02T00:00:00.000Z' } : k));
      return { status: 204 };
    }
    return undefined;
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.removeItem('sop.token');
});

describe('API keys (admin)', () => {
  it('lists keys with status, organisation, roles, last use and the token prefix', async () => {
    serve([keyOf({ lastUsedAt: '2026-12-01T08:30:00.000Z' }), keyOf({ id: 'aaaaaaaaaaaaaaaaaaaaaaaa', prefix: 'sopk_aaaaaaaaaaaaaaaaaaaaaaaa_', name: 'Vendor A sync', roles: ['vendor'], org: VENDOR_A, status: 'expired', expiresAt: '2026-11-30T00:00:00.000Z' })]);
    renderWithSession(<ApiKeysPanel />);
    const erp = await screen.findByRole('listitem', { name: 'ERP production' });
    expect(within(erp).getByText('Active')).toBeTruthy();
    expect(within(erp).getByText('sopk_0123456789abcdef01234567_…')).toBeTruthy();
    expect(erp.textContent).toContain('Last used 12/01/2026, 16:30');
    expect(erp.textContent).toContain('Never expires');
    expect(within(erp).getByRole('list', { name: 'Roles' }).textContent).toBe('Process owner');
    const vendor = screen.getByRole('listitem', { name: 'Vendor A sync' });
    expect(within(vendor).getByText('Expired')).toBeTruthy();
    expect(vendor.textContent).toContain('Vendor A · Never used');
  });

  it('creates a vendor key: the vendor role is fixed, and the secret is shown once with a copy button and a warning', async () => {
    const calls = serve([]);
    const user = userEvent.setup();
    renderWithSession(<ApiKeysPanel />);
    const form = await screen.findByRole('form', { name: 'New API key' });
    await user.type(within(form).getByLabelText('Name'), 'Vendor A ERP');
    await user.selectOptions(within(form).getByLabelText('Organisation'), VENDOR_A.id);
    await user.selectOptions(within(form).getByLabelText('Expires'), 'never');
    expect(within(form).queryAllByRole('checkbox')).toEqual([]);
    await user.click(within(form).getByRole('button', { name: 'Create key' }));
    const shown = await within(form).findByRole('status');
    expect((within(shown).getByLabelText('API key') as HTMLInputElement).value).toBe(TOKEN);
    expect(within(shown).getByRole('alert').textContent).toBe('This key is shown only this once and cannot be seen again. Copy it now into the other system’s secret store; if it is lost, revoke it and create another.');
    await user.click(within(shown).getByRole('button', { name: 'Copy key' }));
    expect(await navigator.clipboard.readText()).toBe(TOKEN);
    expect(within(shown).getByRole('button', { name: '✓ Copied' })).toBeTruthy();
    expect(writes(calls)).toEqual([{ method: 'POST', url: '/api/api-keys', body: { name: 'Vendor A ERP', orgId: VENDOR_A.id, roles: ['vendor'] } }]);
    expect(await screen.findByRole('listitem', { name: 'Vendor A ERP' })).toBeTruthy();
    await user.click(within(shown).getByRole('button', { name: 'I have saved it' }));
    expect(screen.queryByDisplayValue(TOKEN)).toBeNull();
  });

  it('asks for a name and a role before sending, and sends a 90-day expiry by default', async () => {
    const calls = serve([]);
    const user = userEvent.setup();
    renderWithSession(<ApiKeysPanel />);
    const form = await screen.findByRole('form', { name: 'New API key' });
    await user.click(within(form).getByRole('button', { name: 'Create key' }));
    expect(within(form).getByText('Enter a name')).toBeTruthy();
    expect(within(form).getByText('Pick at least one role')).toBeTruthy();
    expect(writes(calls)).toEqual([]);
    await user.type(within(form).getByLabelText('Name'), 'CRM');
    await user.click(within(form).getByRole('checkbox', { name: 'Process owner' }));
    const before = Date.now();
    await user.click(within(form).getByRole('button', { name: 'Create key' }));
    await within(form).findByRole('status');
    const sent = writes(calls)[0]!.body as { expiresAt: string; roles: string[]; orgId: string };
    expect([sent.roles, sent.orgId]).toEqual([['owner'], HQ.id]);
    const days = (Date.parse(sent.expiresAt) - before) / 86_400_000;
    expect(days).toBeGreaterThan(89.99);
    expect(days).toBeLessThan(90.01);
  });

  it('shows a refusal under the roles in the viewer\'s language', async () => {
    serve([], () => ({ status: 422, body: { type: 'urn:sop:problem:roles-do-not-fit-org', title: 'Unprocessable content', status: 422, detail: 'no', errors: [{ path: 'body/roles', message: 'not allowed for this organisation' }] } }));
    const user = userEvent.setup();
    renderWithSession(<ApiKeysPanel />);
    const form = await screen.findByRole('form', { name: 'New API key' });
    await user.type(within(form).getByLabelText('Name'), 'CRM');
    await user.click(within(form).getByRole('checkbox', { name: 'QA inspector' }));
    await user.click(within(form).getByRole('button', { name: 'Create key' }));
    expect(await within(form).findByText('These roles do not fit the organisation: a vendor key holds only the vendor role, an internal key never holds it.')).toBeTruthy();
    expect(within(form).queryByRole('status')).toBeNull();
  });

  it('revokes a key on the second click, after saying what happens', async () => {
    const calls = serve([keyOf({})]);
    const user = userEvent.setup();
    renderWithSession(<ApiKeysPanel />);
    const row = await screen.findByRole('listitem', { name: 'ERP production' });
    await user.click(within(row).getByRole('button', { name: 'Revoke ERP production' }));
    expect(within(row).getByText('Systems using “ERP production” lose access at once. This cannot be undone.')).toBeTruthy();
    expect(writes(calls)).toEqual([]);
    await user.click(within(row).getByRole('button', { name: 'Confirm revoking ERP production' }));
    expect(await screen.findByText('Revoked “ERP production”')).toBeTruthy();
    expect(writes(calls)).toEqual([{ method: 'DELETE', url: '/api/api-keys/0123456789abcdef01234567', body: undefined }]);
    await waitFor(() => expect(within(screen.getByRole('listitem', { name: 'ERP production' })).getByText('Revoked')).toBeTruthy());
    expect(within(screen.getByRole('listitem', { name: 'ERP production' })).queryByRole('button', { name: /Revoke/ })).toBeNull();
  });
});
