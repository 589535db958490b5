import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubApi, writes } from '../../test/api-stub';
import { person, renderWithSession } from '../../test/render-with-session';
import { useSession } from '../auth/session-context';
import { PreferencesForm } from './preferences-form';

function ZoneProbe() {
  return <span data-testid="zone">{useSession().zone}</span>;
}

function serve(overrides: { put?: { status: number; body: unknown } } = {}) {
  let prefs = { channels: ['inbox', 'email'], locale: 'zh-CN', timezone: 'Asia/Shanghai', available: ['inbox', 'email'] };
  return stubApi((method, url, body) => {
    // Like the API's session cache, /api/me keeps answering with the zone of sign-in.
    if (url === '/api/me') return { body: person(['manager'], { email: 'max@demo.test', timezone: 'Asia/Shanghai', locale: 'zh-CN' }) };
    if (url !== '/api/notifications/preferences') return undefined;
    if (method === 'GET') return { body: prefs };
    if (overrides.put) return overrides.put;
    prefs = { ...prefs, ...(body as object) };
    return { body: prefs };
  });
}

function renderForm() {
  renderWithSession(
    <>
      <PreferencesForm />
      <ZoneProbe />
    </>,
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.removeItem('sop.token');
});

describe('my notification preferences', () => {
  it('saves channels, language and time zone, and the app shows times in the new zone at once, without waiting for /api/me', async () => {
    const user = userEvent.setup();
    const calls = serve();
    renderForm();
    const email = await screen.findByRole('checkbox', { name: 'E-mail (max@demo.test)' });
    expect((email as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Notification language') as HTMLSelectElement).value).toBe('zh-CN');
    await user.click(email);
    await user.selectOptions(screen.getByLabelText('Notification language'), 'en');
    const zone = screen.getByLabelText('Time zone');
    await user.clear(zone);
    await user.type(zone, 'Europe/Berlin');
    await user.click(screen.getByRole('button', { name: 'Save notification settings' }));

    expect((await screen.findByRole('status')).textContent).toBe('Notification settings saved');
    expect(writes(calls)).toEqual([{ method: 'PUT', url: '/api/notifications/preferences', body: { channels: ['inbox'], locale: 'en', timezone: 'Europe/Berlin' } }]);
    await waitFor(() => expect(screen.getByTestId('zone').textContent).toBe('Europe/Berlin'));
  });

  it('refuses a time zone that does not exist before sending anything', async () => {
    const user = userEvent.setup();
    const calls = serve();
    renderForm();
    const zone = await screen.findByLabelText('Time zone');
    await user.clear(zone);
    await user.type(zone, 'Mars/Olympus_Mons');
    await user.click(screen.getByRole('button', { name: 'Save notification settings' }));

    expect(zone.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('“Mars/Olympus_Mons” is not an IANA time zone, e.g. Asia/Shanghai, Europe/Berlin.')).toBeTruthy();
    expect(writes(calls)).toEqual([]);
  });

  it('does not let a person switch every channel off', async () => {
    const user = userEvent.setup();
    const calls = serve();
    renderForm();
    await user.click(await screen.findByRole('checkbox', { name: 'In-app inbox (the bell, top right)' }));
    await user.click(screen.getByRole('checkbox', { name: 'E-mail (max@demo.test)' }));
    expect(screen.getByRole('alert').textContent).toBe('Pick at least one way, or you will get no reminders and no escalations.');
    await user.click(screen.getByRole('button', { name: 'Save notification settings' }));
    expect(writes(calls)).toEqual([]);
  });

  it('shows a refusal of the API as a readable message, the field error under the time zone', async () => {
    const user = userEvent.setup();
    serve({ put: { status: 422, body: { type: 'urn:sop:problem:timezone-unknown', title: 'Unprocessable Content', status: 422, detail: '"Europe/Kyiv" is not an IANA time zone.', errors: [{ path: 'body/timezone', message: 'unknown time zone' }] } } });
    renderForm();
    const zone = await screen.findByLabelText('Time zone');
    await user.clear(zone);
    await user.type(zone, 'Europe/Kyiv');
    await user.click(screen.getByRole('button', { name: 'Save notification settings' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not save');
    expect(alert.textContent).toContain('"Europe/Kyiv" is not an IANA time zone.');
    expect(screen.getByText('unknown time zone').className).toBe('field-error');
    expect(screen.queryByRole('status')).toBeNull();
  });
});
