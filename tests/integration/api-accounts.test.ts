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
});
