import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubApi, writes } from '../../test/api-stub';
import { HQ, VENDOR_A, person, renderWithSession } from '../../test/render-with-session';
import type { Org, Person } from './people';
import { PeoplePanel } from './people-panel';

const VENDOR_B = { id: 'o-vb', name: 'Vendor B', kind: 'vendor' as const, createdAt: '2026-11-01T00:00:00.000Z' };
const ME = person(['admin']);
const LINK = 'https://sop.example.com/invite/tok-3f9a';
const INTERNAL_ROLE_NAMES = ['Admin', 'Process owner', 'QA inspector', 'Project manager', 'Procurement'];

const people = (): Person[] => [
  { id: ME.id, email: ME.email, name: ME.name, roles: ['admin'], orgId: HQ.id, locale: 'en', timezone: 'Asia/Shanghai', disabled: false },
  { id: 'u-owner', email: 'olivia@hq.test', name: 'Olivia Owner', roles: ['owner'], orgId: HQ.id, locale: 'en', timezone: 'Asia/Shanghai', disabled: false },
  { id: 'u-qa', email: 'quinn@hq.test', name: 'Quinn QA', roles: ['manager', 'qa'], orgId: HQ.id, locale: 'en', timezone: 'Asia/Shanghai', disabled: false },
  { id: 'u-va', email: 'alice@vendor-a.test', name: 'Alice', roles: ['vendor'], orgId: VENDOR_A.id, locale: 'en', timezone: 'Asia/Shanghai', disabled: false },
  { id: 'u-vb', email: 'bob@vendor-b.test', name: 'Bob', roles: ['vendor'], orgId: VENDOR_B.id, locale: 'en', timezone: 'Asia/Shanghai', disabled: true },
];

type Refusal = { status: number; body: unknown };
const problem = (status: number, code: string, detail: string, errors?: Array<{ path: string; message: string }>): Refusal => ({
  status, body: { type: `urn:sop:problem:${code}`, title: status === 409 ? 'Conflict' : 'Unprocessable content', status, detail, ...(errors ? { errors } : {}) },
});

/** The admin's API, keeping orgs and people in memory as the server does; `refuse` answers a write instead. */
function serve(refuse: (method: string, url: string, body: Record<string, unknown>) => Refusal | undefined = () => undefined) {
  let orgs: Org[] = [HQ, VENDOR_A, VENDOR_B].map((o) => ({ createdAt: '2026-11-01T00:00:00.000Z', timezone: 'Asia/Shanghai', ...o }));
  let users = people();
  return stubApi((method, url, body) => {
    const b = (body ?? {}) as Record<string, unknown>;
    if (url === '/api/me') return { body: ME };
    if (url === '/api/orgs' && method === 'GET') return { body: { items: orgs } };
    if (url === '/api/users' && method === 'GET') return { body: { items: users } };
    const refusal = method !== 'GET' ? refuse(method, url, b) : undefined;
    if (refusal) return refusal;
    if (url === '/api/orgs' && method === 'POST') {
      const org = { id: 'o-new', name: String(b.name), kind: b.kind as Org['kind'], timezone: 'Asia/Shanghai', createdAt: '2026-11-27T08:00:00.000Z' };
      orgs = [...orgs, org];
      return { status: 201, body: org };
    }
    if (url === '/api/users' && method === 'POST') {
      const created: Person = { id: 'u-new', email: String(b.email), name: String(b.name), roles: b.roles as Person['roles'], orgId: String(b.orgId), locale: String(b.locale ?? 'zh-CN'), timezone: String(b.timezone ?? 'Asia/Shanghai'), disabled: false };
      users = [...users, created];
      return { status: 201, body: created };
    }
    if (url.endsWith('/password-reset') && method === 'POST') return { status: 201, body: { link: 'https://sop.example.com/reset-password/tok-r1', token: 'tok-r1', expiresAt: '2026-12-04T08:00:00.000Z' } };
    if (url === '/api/invitations' && method === 'POST') return { status: 201, body: { id: 'inv-1', email: String(b.email), expiresAt: '2026-12-04T08:00:00.000Z', link: LINK, token: 'tok-3f9a' } };
    const patch = url.match(/^\/api\/users\/([^/]+)$/);
    if (patch && method === 'PATCH') {
      users = users.map((u) => (u.id === patch[1] ? { ...u, ...(b as Partial<Person>) } : u));
      return { body: users.find((u) => u.id === patch[1]) };
    }
    return undefined;
  });
}

const groupNames = () => screen.queryAllByRole('region').map((r) => within(r).getByRole('heading').textContent);
const personItem = (name: string) => screen.findByRole('listitem', { name });
/** The people listed in an organisation's group, by the name each list item is labelled with. */
const namesIn = (org: string) =>
  within(screen.getByRole('region', { name: org }))
    .getAllByRole('listitem')
    .filter((li) => li.hasAttribute('aria-labelledby'))
    .map((li) => document.getElementById(li.getAttribute('aria-labelledby') ?? '')?.textContent);
const chipsOf = (item: HTMLElement) => within(within(item).getByRole('list')).getAllByRole('listitem').map((c) => c.textContent);
const checkboxes = (scope: HTMLElement) => within(scope).queryAllByRole('checkbox').map((c) => [(c as HTMLInputElement).labels?.[0]?.textContent, (c as HTMLInputElement).checked]);

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.removeItem('sop.token');
});

describe('people (admin)', () => {
  it('lists people by organisation, internal ones first, with role chips, status, and the admin marked as "you"', async () => {
    serve();
    renderWithSession(<PeoplePanel />);
    const quinn = await personItem('Quinn QA');
    expect(groupNames()).toEqual(['HQ', 'Vendor A', 'Vendor B']);
    expect(screen.getAllByRole('region').map((r) => r.querySelector('.kind-tag')?.textContent)).toEqual(['Internal', 'Vendor', 'Vendor']);
    expect(namesIn('HQ')).toEqual(['admin person', 'Olivia Owner', 'Quinn QA']);
    expect(chipsOf(quinn)).toEqual(['QA inspector', 'Project manager']);
    expect(within(quinn).getByText('quinn@hq.test')).toBeTruthy();
    expect(within(quinn).getByText('Active').className).toBe('badge status-done');
    const bob = await personItem('Bob');
    expect(chipsOf(bob)).toEqual(['Vendor']);
    expect(within(bob).getByText('Disabled').className).toBe('badge status-cancelled');
    expect(within(bob).getByRole('button', { name: 'Enable Bob' })).toBeTruthy();
    expect(within(await personItem('admin person')).getByText('you')).toBeTruthy();
  });

  it('finds people by part of a name or e-mail, and narrows the list to vendors or one organisation', async () => {
    const user = userEvent.setup();
    serve();
    renderWithSession(<PeoplePanel />);
    await personItem('Alice');
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'VENDOR-');
    expect(groupNames()).toEqual(['Vendor A', 'Vendor B']);
    await user.clear(screen.getByRole('searchbox', { name: 'Search' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'olivia');
    expect(groupNames()).toEqual(['HQ']);
    expect(namesIn('HQ')).toEqual(['Olivia Owner']);
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'zzz');
    expect(screen.getByText('No one’s name or e-mail contains “oliviazzz”')).toBeTruthy();

    await user.clear(screen.getByRole('searchbox', { name: 'Search' }));
    await user.selectOptions(screen.getByLabelText('Show'), 'All vendors');
    expect(groupNames()).toEqual(['Vendor A', 'Vendor B']);
    await user.selectOptions(screen.getByLabelText('Show'), 'HQ');
    expect(groupNames()).toEqual(['HQ']);
  });

  it('edits roles with checkboxes of the internal roles only, and sends just the roles', async () => {
    const user = userEvent.setup();
    const calls = serve();
    renderWithSession(<PeoplePanel />);
    await user.click(within(await personItem('Quinn QA')).getByRole('button', { name: 'Edit Quinn QA' }));
    const form = screen.getByRole('form', { name: 'Edit Quinn QA' });
    expect(checkboxes(form)).toEqual([['Admin', false], ['Process owner', false], ['QA inspector', true], ['Project manager', true], ['Procurement', false]]);
    await user.click(within(form).getByRole('checkbox', { name: 'Project manager' }));
    await user.click(within(form).getByRole('checkbox', { name: 'Process owner' }));
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    expect((await screen.findByRole('status')).textContent).toBe('Saved Quinn QA');
    expect(writes(calls)).toEqual([{ method: 'PATCH', url: '/api/users/u-qa', body: { roles: ['owner', 'qa'] } }]);
    await waitFor(async () => expect(chipsOf(await personItem('Quinn QA'))).toEqual(['Process owner', 'QA inspector']));
    expect(screen.queryByRole('form', { name: 'Edit Quinn QA' })).toBeNull();
  });

  it('gives a vendor’s person no role to pick but vendor, so only the name changes', async () => {
    const user = userEvent.setup();
    const calls = serve();
    renderWithSession(<PeoplePanel />);
    await user.click(within(await personItem('Alice')).getByRole('button', { name: 'Edit Alice' }));
    const form = screen.getByRole('form', { name: 'Edit Alice' });
    expect(checkboxes(form)).toEqual([]);
    expect(within(within(form).getByRole('group', { name: 'Roles of Alice' })).getByText('People of a vendor organisation hold only the vendor role.')).toBeTruthy();
    await user.clear(within(form).getByLabelText('Name'));
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(within(form).getByText('Enter a name').className).toBe('field-error');
    expect(writes(calls)).toEqual([]);

    await user.type(within(form).getByLabelText('Name'), 'Alice Chen');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('status')).textContent).toBe('Saved Alice Chen');
    expect(writes(calls)).toEqual([{ method: 'PATCH', url: '/api/users/u-va', body: { name: 'Alice Chen' } }]);
  });

  it('disables a person only on a second click, saying that their sessions end at once', async () => {
    const user = userEvent.setup();
    const calls = serve();
    renderWithSession(<PeoplePanel />);
    await user.click(within(await personItem('Olivia Owner')).getByRole('button', { name: 'Disable Olivia Owner' }));
    expect(writes(calls)).toEqual([]);
    const confirm = screen.getByRole('button', { name: 'Confirm disabling Olivia Owner' });
    expect(confirm.textContent).toBe('Confirm disable');
    expect(document.getElementById(confirm.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Olivia Owner is signed out at once and cannot sign in until enabled again. Click again to confirm.',
    );
    await user.click(confirm);

    expect((await screen.findByRole('status')).textContent).toBe('Disabled Olivia Owner: their sessions ended at once');
    expect(writes(calls)).toEqual([{ method: 'PATCH', url: '/api/users/u-owner', body: { disabled: true } }]);
    const olivia = await personItem('Olivia Owner');
    await waitFor(() => expect(within(olivia).getByText('Disabled').className).toBe('badge status-cancelled'));
    expect(within(olivia).getByRole('button', { name: 'Enable Olivia Owner' })).toBeTruthy();
  });

  it('enables a disabled person again after the confirming click', async () => {
    const user = userEvent.setup();
    const calls = serve();
    renderWithSession(<PeoplePanel />);
    await user.click(within(await personItem('Bob')).getByRole('button', { name: 'Enable Bob' }));
    expect(screen.getByText('Bob can sign in again with their old password. Click again to confirm.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Confirm enabling Bob' }));
    expect((await screen.findByRole('status')).textContent).toBe('Enabled Bob');
    expect(writes(calls)).toEqual([{ method: 'PATCH', url: '/api/users/u-vb', body: { disabled: false } }]);
  });

  it('issues a password reset link for a person and shows it once with its expiry in the viewer\'s zone; a disabled person has no such button', async () => {
    const user = userEvent.setup();
    const calls = serve();
    renderWithSession(<PeoplePanel />);
    expect(within(await personItem('Bob')).queryByRole('button', { name: 'Issue a password reset link for Bob' })).toBeNull();
    const alice = await personItem('Alice');
    await user.click(within(alice).getByRole('button', { name: 'Issue a password reset link for Alice' }));
    expect(writes(calls)).toEqual([{ method: 'POST', url: '/api/users/u-va/password-reset', body: undefined }]);
    const link = await within(alice).findByLabelText('Password reset link for Alice (shown only this once: hand it to them)');
    expect((link as HTMLInputElement).value).toBe('https://sop.example.com/reset-password/tok-r1');
    expect(within(alice).getByText('Valid until 12/04/2026, 16:00 (Asia/Shanghai); it works once.')).toBeTruthy();
  });

  it('explains readably why the last active admin cannot be demoted (409 last-admin)', async () => {
    const user = userEvent.setup();
    serve((method, url) => (method === 'PATCH' && url === '/api/users/u-owner' ? problem(409, 'last-admin', 'This is the last active admin: make someone else an admin first.') : undefined));
    renderWithSession(<PeoplePanel />);
    const olivia = await personItem('Olivia Owner');
    await user.click(within(olivia).getByRole('button', { name: 'Disable Olivia Owner' }));
    await user.click(within(olivia).getByRole('button', { name: 'Confirm disabling Olivia Owner' }));
    expect((await within(olivia).findByRole('alert')).querySelector('p')?.textContent).toBe('This is the last active admin: make someone else an admin first.');
  });

  it('explains readably why an admin cannot lock themselves out (409 cannot-lock-out-self)', async () => {
    const user = userEvent.setup();
    serve((method, url) => (method === 'PATCH' && url === `/api/users/${ME.id}` ? problem(409, 'cannot-lock-out-self', 'An admin cannot disable their own account or remove their own admin role; ask another admin.') : undefined));
    renderWithSession(<PeoplePanel />);
    const me = await personItem('admin person');
    await user.click(within(me).getByRole('button', { name: 'Disable admin person' }));
    await user.click(within(me).getByRole('button', { name: 'Confirm disabling admin person' }));

    const alert = await within(me).findByRole('alert');
    expect(alert.querySelector('strong')?.textContent).toBe('Could not change admin person');
    expect(alert.querySelector('.problem-status')?.textContent).toBe('409');
    expect(alert.querySelector('p')?.textContent).toBe('You cannot disable your own account or remove your own admin role; ask another admin to do it.');
    expect(within(me).getByText('Active')).toBeTruthy();

    await user.click(within(me).getByRole('button', { name: 'Edit admin person' }));
    const form = within(me).getByRole('form', { name: 'Edit admin person' });
    await user.click(within(form).getByRole('checkbox', { name: 'Admin' }));
    await user.click(within(form).getByRole('checkbox', { name: 'Process owner' }));
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect((await within(form).findByRole('alert')).querySelector('p')?.textContent).toBe('You cannot disable your own account or remove your own admin role; ask another admin to do it.');
  });
});

describe('invitations, organisations and internal accounts (admin)', () => {
  it('invites a vendor’s designer with the vendor role only, then shows the link once with Copy and its expiry in the viewer’s zone', async () => {
    const user = userEvent.setup();
    const calls = serve();
    renderWithSession(<PeoplePanel />);
    const form = await screen.findByRole('form', { name: 'Invite' });
    expect((within(form).getByLabelText('Organisation') as HTMLSelectElement).selectedOptions[0]?.textContent).toBe('Vendor A');
    expect(checkboxes(form)).toEqual([]);
    expect(within(form).getByText('People of a vendor organisation hold only the vendor role.')).toBeTruthy();
    await user.type(within(form).getByLabelText('E-mail'), ' bea@vendor-a.test ');
    await user.click(within(form).getByRole('button', { name: 'Create invitation link' }));

    expect(writes(calls)).toEqual([{ method: 'POST', url: '/api/invitations', body: { email: 'bea@vendor-a.test', orgId: VENDOR_A.id, roles: ['vendor'] } }]);
    const result = await within(form).findByRole('status');
    expect(within(result).getByText('Invitation link for bea@vendor-a.test')).toBeTruthy();
    const link = within(result).getByRole('textbox', { name: 'Invitation link' }) as HTMLInputElement;
    expect(link.value).toBe(LINK);
    expect(link.readOnly).toBe(true);
    expect(document.getElementById(link.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Valid until 12/04/2026, 16:00 (Asia/Shanghai); it works once. This link is shown only this once: copy it now and send it to them.',
    );
    await user.click(within(result).getByRole('button', { name: 'Copy link' }));
    expect(await navigator.clipboard.readText()).toBe(LINK);
    expect(within(result).getByRole('button', { name: '✓ Copied' })).toBeTruthy();
    expect((within(form).getByLabelText('E-mail') as HTMLInputElement).value).toBe('');

    await user.click(within(result).getByRole('button', { name: 'Done' }));
    expect(within(form).queryByRole('textbox', { name: 'Invitation link' })).toBeNull();
  });

  it('offers the internal roles when the invitation is for an internal organisation, and asks for one', async () => {
    const user = userEvent.setup();
    const calls = serve();
    renderWithSession(<PeoplePanel />);
    const form = await screen.findByRole('form', { name: 'Invite' });
    await user.selectOptions(within(form).getByLabelText('Organisation'), 'HQ');
    expect(checkboxes(form).map(([name]) => name)).toEqual(INTERNAL_ROLE_NAMES);
    await user.type(within(form).getByLabelText('E-mail'), 'pat@hq.test');
    await user.click(within(form).getByRole('button', { name: 'Create invitation link' }));
    expect(within(form).getByText('Pick at least one role').className).toBe('field-error');
    expect(writes(calls)).toEqual([]);

    await user.click(within(form).getByRole('checkbox', { name: 'Procurement' }));
    await user.click(within(form).getByRole('button', { name: 'Create invitation link' }));
    await within(form).findByRole('textbox', { name: 'Invitation link' });
    expect(writes(calls)).toEqual([{ method: 'POST', url: '/api/invitations', body: { email: 'pat@hq.test', orgId: HQ.id, roles: ['procurement'] } }]);
  });

  it('opens the invitation for an organisation from its group, with the e-mail field focused', async () => {
    const user = userEvent.setup();
    serve();
    renderWithSession(<PeoplePanel />);
    await user.click(within(await screen.findByRole('region', { name: 'Vendor B' })).getByRole('button', { name: '+ Invite to Vendor B' }));
    const form = screen.getByRole('form', { name: 'Invite' });
    expect((within(form).getByLabelText('Organisation') as HTMLSelectElement).value).toBe(VENDOR_B.id);
    expect(document.activeElement).toBe(within(form).getByLabelText('E-mail'));
  });

  it('shows the API’s refusal of an invitation under the e-mail field when the address has an account (409 email-taken)', async () => {
    const user = userEvent.setup();
    serve((_m, url) => (url === '/api/invitations' ? problem(409, 'email-taken', 'An account for alice@vendor-a.test exists already.') : undefined));
    renderWithSession(<PeoplePanel />);
    const form = await screen.findByRole('form', { name: 'Invite' });
    await user.type(within(form).getByLabelText('E-mail'), 'alice@vendor-a.test');
    await user.click(within(form).getByRole('button', { name: 'Create invitation link' }));

    const error = await within(form).findByText('An account with this e-mail exists already.');
    expect(error.className).toBe('field-error');
    expect(within(form).getByLabelText('E-mail').getAttribute('aria-invalid')).toBe('true');
    expect(within(form).getByLabelText('E-mail').getAttribute('aria-describedby')).toBe(error.id);
    const alert = within(form).getByRole('alert');
    expect(alert.querySelector('strong')?.textContent).toBe('Could not create the invitation');
    expect(alert.querySelector('.problem-status')?.textContent).toBe('409');
  });

  it('creates an internal account with a first password, sending exactly what was entered', async () => {
    const user = userEvent.setup();
    const calls = serve();
    renderWithSession(<PeoplePanel />);
    const form = await screen.findByRole('form', { name: 'Create an internal account' });
    expect(within(form).getAllByRole('option').filter((o) => (o as HTMLOptionElement).value.startsWith('o-')).map((o) => o.textContent)).toEqual(['HQ']);
    expect(checkboxes(form).map(([name]) => name)).toEqual(INTERNAL_ROLE_NAMES);
    await user.type(within(form).getByLabelText('E-mail'), 'pat@hq.test');
    await user.type(within(form).getByLabelText('Name'), 'Pat Procurement');
    await user.click(within(form).getByRole('checkbox', { name: 'Procurement' }));
    await user.type(within(form).getByLabelText('First password'), 'short');
    await user.click(within(form).getByRole('button', { name: 'Create account' }));
    expect(within(form).getByText('The password needs at least 10 characters (has 5)').className).toBe('field-error');
    expect(writes(calls)).toEqual([]);

    await user.type(within(form).getByLabelText('First password'), '-but-long-now');
    await user.selectOptions(within(form).getByLabelText('Language'), 'English');
    await user.type(within(form).getByLabelText('Time zone'), 'Europe/Berlin');
    await user.click(within(form).getByRole('button', { name: 'Create account' }));

    expect((await within(form).findByRole('status')).textContent).toBe('Created the account of Pat Procurement (pat@hq.test)');
    expect(writes(calls)).toEqual([
      { method: 'POST', url: '/api/users', body: { email: 'pat@hq.test', name: 'Pat Procurement', orgId: HQ.id, roles: ['procurement'], password: 'short-but-long-now', locale: 'en', timezone: 'Europe/Berlin' } },
    ]);
    expect(chipsOf(await personItem('Pat Procurement'))).toEqual(['Procurement']);
    expect((within(form).getByLabelText('First password') as HTMLInputElement).value).toBe('');
  });

  it('shows the API’s field errors under the account form’s inputs: roles that do not fit, and any other field it names', async () => {
    const user = userEvent.setup();
    let answer = problem(422, 'roles-do-not-fit-org', 'A internal organisation\u2019s users cannot hold: vendor.', [{ path: 'body/roles', message: 'not allowed for this organisation' }]);
    serve((_m, url) => (url === '/api/users' ? answer : undefined));
    renderWithSession(<PeoplePanel />);
    const form = await screen.findByRole('form', { name: 'Create an internal account' });
    await user.type(within(form).getByLabelText('E-mail'), 'pat@hq.test');
    await user.type(within(form).getByLabelText('Name'), 'Pat');
    await user.click(within(form).getByRole('checkbox', { name: 'QA inspector' }));
    await user.type(within(form).getByLabelText('First password'), 'long-enough-password');
    await user.click(within(form).getByRole('button', { name: 'Create account' }));
    const rolesGroup = within(form).getByRole('group', { name: 'Roles' });
    expect((await within(rolesGroup).findByText(/^These roles do not fit the organisation/)).className).toBe('field-error');

    answer = { status: 400, body: { type: 'urn:sop:problem:bad-request', title: 'Bad request', status: 400, detail: 'The request body is invalid.', errors: [{ path: 'body/timezone', message: 'must NOT have more than 64 characters' }, { path: 'body', message: 'must NOT have fewer than 1 properties' }] } };
    await user.click(within(form).getByRole('button', { name: 'Create account' }));
    expect((await within(form).findByText('must NOT have more than 64 characters')).className).toBe('field-error');
    expect(within(form).getByLabelText('Time zone').getAttribute('aria-invalid')).toBe('true');
    const alert = within(form).getByRole('alert');
    expect(alert.querySelector('p')?.textContent).toBe('Bad request — The request body is invalid.');
    expect(within(alert).getByRole('listitem').textContent).toBe('body must NOT have fewer than 1 properties');
  });

  it('adds a vendor organisation, lists it, and makes it the organisation to invite into', async () => {
    const user = userEvent.setup();
    const calls = serve();
    renderWithSession(<PeoplePanel />);
    const form = await screen.findByRole('form', { name: 'Add an organisation' });
    expect((within(form).getByRole('radio', { name: 'Vendor' }) as HTMLInputElement).checked).toBe(true);
    await user.click(within(form).getByRole('button', { name: 'Add organisation' }));
    expect(within(form).getByText('Enter a name').className).toBe('field-error');
    await user.type(within(form).getByLabelText('Name'), '  Galaxy Studio ');
    await user.click(within(form).getByRole('button', { name: 'Add organisation' }));

    expect((await within(form).findByRole('status')).textContent).toBe('Added organisation “Galaxy Studio”');
    expect(writes(calls)).toEqual([{ method: 'POST', url: '/api/orgs', body: { name: 'Galaxy Studio', kind: 'vendor' } }]);
    const group = await screen.findByRole('region', { name: 'Galaxy Studio' });
    expect(within(group).getByText('No one yet.')).toBeTruthy();
    expect((within(screen.getByRole('form', { name: 'Invite' })).getByLabelText('Organisation') as HTMLSelectElement).value).toBe('o-new');
  });
});
