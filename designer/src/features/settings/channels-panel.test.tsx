import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubApi, writes } from '../../test/api-stub';
import { HQ, VENDOR_A, person, renderWithSession } from '../../test/render-with-session';
import { ChannelsPanel } from './channels-panel';
import type { ChannelConfigView } from './notification-types';

const SECRET = 'whsec-0123456789abcdef';
const dingtalk: ChannelConfigView = {
  id: 'c1', scope: 'org', scopeId: HQ.id, channel: 'dingtalk', name: 'Design DingTalk', target: 'https://oapi.dingtalk.com', hasSecret: true,
  settings: { kinds: ['reminder', 'escalation', 'overdue', 'stuck'] }, enabled: true, createdAt: '2026-11-27T08:00:00Z', updatedAt: '2026-11-27T08:00:00Z',
};

/** The admin's API: configs kept in memory the way the server keeps them (never echoing url or secret). */
function serve(options: { refuse?: { status: number; body: unknown } } = {}) {
  let configs: ChannelConfigView[] = [dingtalk];
  const calls = stubApi((method, url, body) => {
    const b = body as Record<string, unknown> | undefined;
    if (url === '/api/me') return { body: person(['admin']) };
    if (url === '/api/orgs') return { body: { items: [HQ, VENDOR_A] } };
    if (url === '/api/sops') return { body: { items: [{ key: 'store-decoration', name: 'Store decoration', latestVersion: 2 }] } };
    if (url === '/api/notifications/channels' && method === 'GET') return { body: { items: configs } };
    if (options.refuse && method !== 'GET') return options.refuse;
    if (url === '/api/notifications/channels' && method === 'POST') {
      const created: ChannelConfigView = { ...dingtalk, id: 'c2', channel: b?.channel as ChannelConfigView['channel'], name: String(b?.name), target: new URL(String(b?.url)).origin, hasSecret: !!b?.secret, settings: b?.settings as ChannelConfigView['settings'] };
      configs = [...configs, created];
      return { status: 201, body: created };
    }
    if (url === '/api/notifications/channels/c1' && method === 'PUT') {
      configs = configs.map((c) => (c.id === 'c1' ? { ...c, ...(b as object) } : c));
      return { body: configs[0] };
    }
    if (url === '/api/notifications/channels/c1' && method === 'DELETE') {
      configs = configs.filter((c) => c.id !== 'c1');
      return { status: 204 };
    }
    return undefined;
  });
  return calls;
}

function cells(row: HTMLElement): string[] {
  return within(row).getAllByRole('cell').concat(within(row).getAllByRole('rowheader')).map((c) => c.textContent ?? '');
}

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.removeItem('sop.token');
});

describe('notification channels (admin)', () => {
  it('lists each config with where it sends to and "set" for its secret, never the URL or secret themselves', async () => {
    serve();
    renderWithSession(<ChannelsPanel />);
    const table = await screen.findByRole('table', { name: 'Notification channels' });
    const row = within(table).getByRole('row', { name: /Design DingTalk/ });
    expect(within(row).getByRole('rowheader').textContent).toBe('Design DingTalk');
    expect(within(row).getAllByRole('cell').slice(0, 5).map((c) => c.textContent)).toEqual(['DingTalk robot', 'Organisation: HQ', 'https://oapi.dingtalk.com/…', 'set', 'Enabled']);
  });

  it('adds a signed webhook: a short secret is refused in the form, then it is sent and listed without its secret', async () => {
    const user = userEvent.setup();
    const calls = serve();
    renderWithSession(<ChannelsPanel />);
    const form = await screen.findByRole('form', { name: 'Add a channel' });
    await user.selectOptions(within(form).getByLabelText('Channel'), 'webhook');
    await user.type(within(form).getByLabelText('Name'), 'ERP gateway');
    await user.type(within(form).getByLabelText('URL'), 'https://erp.example.com/hooks/sop?key=k-123');
    await user.type(within(form).getByLabelText('Secret'), 'short');
    await user.click(within(form).getByRole('button', { name: 'Add a channel' }));
    expect(within(form).getByText('The signing secret needs at least 16 characters (has 5)').className).toBe('field-error');
    expect(within(form).getByLabelText('Secret').getAttribute('aria-invalid')).toBe('true');
    expect(within(form).getByLabelText('URL').getAttribute('aria-invalid')).toBe('false');
    expect(writes(calls)).toEqual([]);

    await user.clear(within(form).getByLabelText('Secret'));
    await user.type(within(form).getByLabelText('Secret'), SECRET);
    await user.click(within(form).getByRole('button', { name: 'Add a channel' }));

    expect((await screen.findByRole('status')).textContent).toBe('Added channel “ERP gateway”');
    expect(writes(calls)).toEqual([
      {
        method: 'POST', url: '/api/notifications/channels',
        body: { channel: 'webhook', name: 'ERP gateway', scope: 'org', scopeId: HQ.id, enabled: true, settings: { events: ['job.*', 'step.*', 'submission.*', 'review.*', 'notice.*'] }, url: 'https://erp.example.com/hooks/sop?key=k-123', secret: SECRET },
      },
    ]);
    const row = await screen.findByRole('row', { name: /ERP gateway/ });
    expect(cells(row).slice(0, 4)).toEqual(['Signed webhook (ERP, …)', 'Organisation: HQ', 'https://erp.example.com/…', 'set']);
    expect((within(screen.getByRole('form', { name: 'Add a channel' })).getByLabelText('Secret') as HTMLInputElement).value).toBe('');
    expect(document.body.textContent).not.toContain(SECRET);
    expect(document.body.textContent).not.toContain('k-123');
  });

  it('offers only internal organisations, since configs of vendor organisations are never used', async () => {
    serve();
    renderWithSession(<ChannelsPanel />);
    const form = await screen.findByRole('form', { name: 'Add a channel' });
    const orgs = within(within(form).getByLabelText('Organisation')).getAllByRole('option').map((o) => o.textContent);
    expect(orgs).toEqual(['Choose…', 'HQ']);
  });

  it('shows the API refusal readably, each field error under its input', async () => {
    const user = userEvent.setup();
    serve({
      refuse: {
        status: 422,
        body: { type: 'urn:sop:problem:channel-config-invalid', title: 'Unprocessable Content', status: 422, detail: 'The channel configuration cannot be used.', errors: [{ path: 'body/scopeId', message: 'no organisation "o-hq"' }, { path: 'body/settings/kinds/0', message: 'must be equal to one of the allowed values' }] },
      },
    });
    renderWithSession(<ChannelsPanel />);
    const form = await screen.findByRole('form', { name: 'Add a channel' });
    await user.type(within(form).getByLabelText('URL'), 'https://oapi.dingtalk.com/robot/send?access_token=t0k');
    await user.click(within(form).getByRole('button', { name: 'Add a channel' }));

    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toContain('Could not save');
    expect(alert.textContent).toContain('The channel configuration cannot be used.');
    expect(within(form).getByText('no organisation "o-hq"').className).toBe('field-error');
    expect(within(form).getByText('must be equal to one of the allowed values').className).toBe('field-error');
  });

  it('shows a refused internal address in the reader\'s language under the URL, naming NOTIFY_ALLOWED_HOSTS', async () => {
    const user = userEvent.setup();
    serve({
      refuse: {
        status: 422,
        body: { type: 'urn:sop:problem:url-not-allowed', title: 'Unprocessable content', status: 422, detail: 'The webhook URL is not allowed: …', errors: [{ path: 'body/url', code: 'link-local', message: '169.254.169.254 is a link-local address …' }] },
      },
    });
    renderWithSession(<ChannelsPanel />);
    const form = await screen.findByRole('form', { name: 'Add a channel' });
    await user.selectOptions(within(form).getByLabelText('Channel'), 'webhook');
    await user.type(within(form).getByLabelText('URL'), 'http://169.254.169.254/latest/meta-data/');
    await user.type(within(form).getByLabelText('Secret'), SECRET);
    await user.click(within(form).getByRole('button', { name: 'Add a channel' }));

    expect((await within(form).findByRole('alert')).textContent).toContain('This address cannot be used');
    expect(within(form).getByText('Notifications may not go to a link-local address (169.254.0.0/16, fe80::/10, including cloud metadata at 169.254.169.254). If an internal host is really meant (an intranet ERP, say), an operator can list it in NOTIFY_ALLOWED_HOSTS.').className).toBe('field-error');
    expect(within(form).getByLabelText('URL').getAttribute('aria-invalid')).toBe('true');
  });

  it('names a robot\'s official hosts when the API refuses another host', async () => {
    const user = userEvent.setup();
    serve({ refuse: { status: 422, body: { type: 'urn:sop:problem:url-not-allowed', title: 'Unprocessable content', status: 422, errors: [{ path: 'body/url', code: 'robot-host', message: '…' }] } } });
    renderWithSession(<ChannelsPanel />);
    const form = await screen.findByRole('form', { name: 'Add a channel' });
    await user.selectOptions(within(form).getByLabelText('Channel'), 'feishu');
    await user.type(within(form).getByLabelText('URL'), 'https://relay.corp.example/open-apis/bot/v2/hook/x');
    await user.click(within(form).getByRole('button', { name: 'Add a channel' }));
    expect((await within(form).findByText(/posts only to/)).textContent).toBe('A Feishu robot posts only to its official address https://open.feishu.cn / https://open.larksuite.com; another host needs an operator to list it in NOTIFY_ALLOWED_HOSTS.');
  });

  it('asks for the secret again before moving a config to another host, and sends nothing until it is typed', async () => {
    const user = userEvent.setup();
    const calls = serve();
    renderWithSession(<ChannelsPanel />);
    await user.click(await screen.findByRole('button', { name: 'Edit Design DingTalk' }));
    const form = screen.getByRole('form', { name: 'Edit channel: Design DingTalk' });
    await user.type(within(form).getByLabelText('URL'), 'https://oapi.dingtalk.com.evil.example/robot/send?access_token=t');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(within(form).getByText('The target changed: enter the secret again (a stored secret is never sent to a new place)').className).toBe('field-error');
    expect(writes(calls)).toEqual([]);
  });

  it('edits a config and keeps its URL and secret when those are left empty', async () => {
    const user = userEvent.setup();
    const calls = serve();
    renderWithSession(<ChannelsPanel />);
    await user.click(await screen.findByRole('button', { name: 'Edit Design DingTalk' }));
    const form = screen.getByRole('form', { name: 'Edit channel: Design DingTalk' });
    expect(within(form).getByLabelText('URL').getAttribute('placeholder')).toBe('Set (https://oapi.dingtalk.com/…) — leave empty to keep it');
    expect(within(form).getByLabelText('Secret').getAttribute('placeholder')).toBe('Set — leave empty to keep it');
    await user.click(within(form).getByRole('checkbox', { name: 'Job completed' }));
    await user.selectOptions(within(form).getByLabelText('Message language'), 'en');
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    expect((await screen.findByRole('status')).textContent).toBe('Saved channel “Design DingTalk”');
    expect(writes(calls)).toEqual([
      { method: 'PUT', url: '/api/notifications/channels/c1', body: { name: 'Design DingTalk', scope: 'org', scopeId: HQ.id, enabled: true, settings: { kinds: ['reminder', 'escalation', 'overdue', 'stuck', 'job_completed'], locale: 'en' } } },
    ]);
  });

  it('deletes a config only after a second, confirming click', async () => {
    const user = userEvent.setup();
    const calls = serve();
    renderWithSession(<ChannelsPanel />);
    await user.click(await screen.findByRole('button', { name: 'Delete Design DingTalk' }));
    expect(writes(calls)).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Confirm deleting Design DingTalk' }));
    expect((await screen.findByRole('status')).textContent).toBe('Deleted channel “Design DingTalk”');
    expect(writes(calls)).toEqual([{ method: 'DELETE', url: '/api/notifications/channels/c1', body: undefined }]);
    await waitFor(() => expect(screen.getByText('No notification channels yet')).toBeTruthy());
  });
});
