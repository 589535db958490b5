/**
 * Account administration: an admin changes a person's roles or disables the
 * account. A disabled account's tokens stop working on the very next request
 * and it cannot log in; a role change applies at once (no cached roles); an
 * admin cannot lock themselves out; every change is an audit event saying what
 * changed from what. Preferences (language, time zone) apply at once too.
 */
import request from 'supertest';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';
import { auth, uniqueCode } from '../support/api-fixtures';

jest.setTimeout(180_000);

describe.each(databaseKinds())('on %s', (kind) => {
  let h: AppHarness;
  let admin: string;

  beforeAll(async () => {
    h = await startAppHarness(kind);
    admin = await h.login('admin');
  });
  afterAll(async () => {
    await h?.close();
  });

  async function newUser(roles: string[], orgName = 'Demo Co 演示公司'): Promise<{ id: string; email: string; token: string }> {
    const email = `acct-${uniqueCode('u')}@demo.test`.toLowerCase();
    const created = await request(h.app).post('/api/users').set(auth(admin)).send({ email, name: 'Account', orgId: h.ids.orgs[orgName], roles, password: 'account-password-1' });
    expect(created.status).toBe(201);
    const login = await request(h.app).post('/api/auth/login').send({ email, password: 'account-password-1' });
    return { id: created.body.id as string, email, token: login.body.token as string };
  }

  test('a role change applies to the person\'s very next request', async () => {
    const person = await newUser(['qa']);
    expect((await request(h.app).get('/api/notifications/channels').set(auth(person.token))).status).toBe(403);
    const res = await request(h.app).patch(`/api/users/${person.id}`).set(auth(admin)).send({ roles: ['qa', 'admin'] });
    expect(res.status).toBe(200);
    expect(res.body.roles).toEqual(['qa', 'admin']);
    expect((await request(h.app).get('/api/me').set(auth(person.token))).body.roles).toEqual(['qa', 'admin']);
    expect((await request(h.app).get('/api/notifications/channels').set(auth(person.token))).status).toBe(200);
    await request(h.app).patch(`/api/users/${person.id}`).set(auth(admin)).send({ roles: ['qa'] });
    expect((await request(h.app).get('/api/notifications/channels').set(auth(person.token))).status).toBe(403);
  });

  test('disabling an account ends its sessions at once and refuses its logins; the audit trail says what changed from what', async () => {
    const vendor = await newUser(['vendor'], 'Vendor A');
    expect((await request(h.app).get('/api/jobs').set(auth(vendor.token))).status).toBe(200);
    const res = await request(h.app).patch(`/api/users/${vendor.id}`).set(auth(admin)).send({ disabled: true });
    expect(res.status).toBe(200);
    expect(res.body.disabled).toBe(true);
    expect((await request(h.app).get('/api/jobs').set(auth(vendor.token))).status).toBe(401);
    expect((await request(h.app).post('/api/auth/login').send({ email: vendor.email, password: 'account-password-1' })).status).toBe(401);
    const event = await h.test.db.prisma.auditEvent.findFirstOrThrow({ where: { type: 'user.updated' }, orderBy: { seq: 'desc' } });
    expect(event.data).toEqual({ userId: vendor.id, email: vendor.email, changed: ['disabled'], from: { disabled: false }, to: { disabled: true }, sessionsRevoked: 1 });
    const enabled = await request(h.app).patch(`/api/users/${vendor.id}`).set(auth(admin)).send({ disabled: false });
    expect(enabled.body.disabled).toBe(false);
    expect((await request(h.app).post('/api/auth/login').send({ email: vendor.email, password: 'account-password-1' })).status).toBe(200);
  });

  test('an admin cannot disable themselves or drop their own admin role (409), and nothing changes', async () => {
    const me = (await request(h.app).get('/api/me').set(auth(admin))).body as { id: string; roles: string[] };
    const disable = await request(h.app).patch(`/api/users/${me.id}`).set(auth(admin)).send({ disabled: true });
    const demote = await request(h.app).patch(`/api/users/${me.id}`).set(auth(admin)).send({ roles: ['owner'] });
    expect([disable.status, demote.status]).toEqual([409, 409]);
    expect(disable.body.type).toBe('urn:sop:problem:cannot-lock-out-self');
    expect((await request(h.app).get('/api/me').set(auth(admin))).body.roles).toEqual(me.roles);
  });

  test('roles that do not fit the organisation, an empty body and an unknown id are refused with what is wrong', async () => {
    const person = await newUser(['qa']);
    const vendorRole = await request(h.app).patch(`/api/users/${person.id}`).set(auth(admin)).send({ roles: ['vendor'] });
    expect(vendorRole.status).toBe(422);
    expect(vendorRole.body.type).toBe('urn:sop:problem:roles-do-not-fit-org');
    expect((await request(h.app).patch(`/api/users/${person.id}`).set(auth(admin)).send({})).status).toBe(400);
    expect((await request(h.app).patch('/api/users/no-such-user').set(auth(admin)).send({ disabled: true })).status).toBe(404);
  });

  test('changed preferences (language, time zone) are what /api/me answers on the next request', async () => {
    const person = await newUser(['qa']);
    const put = await request(h.app).put('/api/notifications/preferences').set(auth(person.token)).send({ locale: 'en', timezone: 'Europe/Berlin' });
    expect(put.status).toBe(200);
    const me = (await request(h.app).get('/api/me').set(auth(person.token))).body as { locale: string; timezone: string };
    expect([me.locale, me.timezone]).toEqual(['en', 'Europe/Berlin']);
  });

  async function invite(email: string): Promise<{ id: string; token: string }> {
    const res = await request(h.app).post('/api/invitations').set(auth(admin)).send({ email, orgId: h.ids.orgs['Vendor A'], roles: ['vendor'] });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, token: res.body.token as string };
  }

  test('an invited person sets their own language and time zone when accepting; open invitations are listed until accepted', async () => {
    const email = `inv-${uniqueCode('a')}@demo.test`.toLowerCase();
    const { id, token } = await invite(email);
    const open = await request(h.app).get('/api/invitations').set(auth(admin));
    expect((open.body.items as Array<{ id: string; email: string; open: boolean; roles: string[] }>).find((i) => i.id === id)).toMatchObject({ email, open: true, roles: ['vendor'] });
    const accepted = await request(h.app).post(`/api/invitations/${token}/accept`).send({ name: 'Designer', password: 'invited-password-1', locale: 'en', timezone: 'Europe/Berlin' });
    expect(accepted.status).toBe(201);
    const me = (await request(h.app).get('/api/me').set(auth(accepted.body.token as string))).body as { locale: string; timezone: string; email: string };
    expect([me.email, me.locale, me.timezone]).toEqual([email, 'en', 'Europe/Berlin']);
    const after = await request(h.app).get('/api/invitations').set(auth(admin));
    expect((after.body.items as Array<{ id: string }>).map((i) => i.id)).not.toContain(id);
  });

  test('a revoked invitation link answers 404 at once and stays listed only with ?all=true, marked not open', async () => {
    const { id, token } = await invite(`inv-${uniqueCode('r')}@demo.test`.toLowerCase());
    expect((await request(h.app).delete(`/api/invitations/${id}`).set(auth(admin))).status).toBe(204);
    const accept = await request(h.app).post(`/api/invitations/${token}/accept`).send({ name: 'Late', password: 'invited-password-1' });
    expect(accept.status).toBe(404);
    expect((await request(h.app).delete(`/api/invitations/${id}`).set(auth(admin))).status).toBe(404);
    const open = await request(h.app).get('/api/invitations').set(auth(admin));
    expect((open.body.items as Array<{ id: string }>).map((i) => i.id)).not.toContain(id);
    const all = await request(h.app).get('/api/invitations?all=true').set(auth(admin));
    expect((all.body.items as Array<{ id: string; open: boolean }>).find((i) => i.id === id)!.open).toBe(false);
  });

  test('accepting an invitation for an e-mail that has an account answers 409 email-taken; unknown zones answer 422 timezone-unknown', async () => {
    const email = `inv-${uniqueCode('d')}@demo.test`.toLowerCase();
    const { token } = await invite(email);
    const badZone = await request(h.app).post(`/api/invitations/${token}/accept`).send({ name: 'X', password: 'invited-password-1', timezone: 'Mars/Olympus' });
    expect(badZone.status).toBe(422);
    expect(badZone.body.type).toBe('urn:sop:problem:timezone-unknown');
    const created = await request(h.app).post('/api/users').set(auth(admin)).send({ email, name: 'Already', orgId: h.ids.orgs['Vendor A'], roles: ['vendor'], password: 'account-password-1' });
    expect(created.status).toBe(201);
    const taken = await request(h.app).post(`/api/invitations/${token}/accept`).send({ name: 'X', password: 'invited-password-1' });
    expect(taken.status).toBe(409);
    expect(taken.body.type).toBe('urn:sop:problem:email-taken');
    const userZone = await request(h.app).post('/api/users').set(auth(admin))
      .send({ email: `tz-${uniqueCode('z')}@demo.test`.toLowerCase(), name: 'Zone', orgId: h.ids.orgs['Demo Co 演示公司'], roles: ['qa'], password: 'account-password-1', timezone: 'Asia/Nowhere' });
    expect(userZone.status).toBe(422);
    expect(userZone.body.errors).toEqual([{ path: 'body/timezone', message: 'unknown time zone' }]);
  });
});
