/**
 * Passwords and admins: everyone changes their own password (current one
 * required, other sessions end); a forgotten one is reset by an e-mailed,
 * single-use, expiring link (the request answers the same for unknown
 * accounts); admins hand out reset links; at least one active admin always
 * remains, also under concurrent demotions; concurrent invitation accepts give
 * one account and one clear refusal.
 */
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { tokenHash } from '../../api/auth/tokens';
import { auth, uniqueCode } from '../support/api-fixtures';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';
import { startSmtpReceiver, type SmtpReceiver } from '../support/notification-smtp-receiver';
import { waitFor } from '../support/wait-for';
import { LOOPBACK_RECEIVERS } from '../support/notification-fixtures';

jest.setTimeout(240_000);

describe.each(databaseKinds())('on %s', (kind) => {
  let h: AppHarness;
  let admin: string;
  let smtp: SmtpReceiver;

  beforeAll(async () => {
    h = await startAppHarness(kind, { notifyAllowedHosts: LOOPBACK_RECEIVERS });
    admin = await h.login('admin');
    smtp = await startSmtpReceiver();
    const channel = await request(h.app).post('/api/notifications/channels').set(auth(admin))
      .send({ scope: 'org', scopeId: h.ids.orgs['Demo Co 演示公司'], channel: 'email', url: smtp.url, secret: '', settings: { from: 'SOP <noreply@sop.example>', tls: false } });
    expect(channel.status).toBe(201);
  });
  afterAll(async () => {
    await smtp?.close();
    await h?.close();
  });

  async function newUser(roles: string[], orgName = 'Demo Co 演示公司', password = 'first-password-1'): Promise<{ id: string; email: string; password: string }> {
    const email = `pw-${uniqueCode('p')}@demo.test`.toLowerCase();
    const res = await request(h.app).post('/api/users').set(auth(admin)).send({ email, name: 'Pat Word', orgId: h.ids.orgs[orgName], roles, password });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, email, password };
  }
  const login = (email: string, password: string) => request(h.app).post('/api/auth/login').send({ email, password });

  test('a vendor changes their password: the current one is required, the session used stays, the others end, the old password stops working', async () => {
    const user = await newUser(['vendor'], 'Vendor A');
    const here = (await login(user.email, user.password)).body.token as string;
    const elsewhere = (await login(user.email, user.password)).body.token as string;
    const wrong = await request(h.app).post('/api/auth/password').set(auth(here)).send({ currentPassword: 'not-my-password', newPassword: 'second-password-2' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.type).toBe('urn:sop:problem:current-password-wrong');
    const changed = await request(h.app).post('/api/auth/password').set(auth(here)).send({ currentPassword: user.password, newPassword: 'second-password-2' });
    expect(changed.status).toBe(204);
    expect((await request(h.app).get('/api/me').set(auth(here))).status).toBe(200);
    expect((await request(h.app).get('/api/me').set(auth(elsewhere))).status).toBe(401);
    expect((await login(user.email, user.password)).status).toBe(401);
    expect((await login(user.email, 'second-password-2')).status).toBe(200);
    const event = await h.test.db.prisma.auditEvent.findFirstOrThrow({ where: { type: 'auth.password_changed', actorId: user.id } });
    expect(event.data).toMatchObject({ sessionsRevoked: 1 });
  });

  test('a too short new password answers 400 and changes nothing', async () => {
    const user = await newUser(['qa']);
    const token = (await login(user.email, user.password)).body.token as string;
    const res = await request(h.app).post('/api/auth/password').set(auth(token)).send({ currentPassword: user.password, newPassword: 'short' });
    expect(res.status).toBe(400);
    expect((await login(user.email, user.password)).status).toBe(200);
  });

  test('a reset request answers the same 202 for an existing and an unknown account; only the existing one gets a link, stored as a hash, usable once', async () => {
    const user = await newUser(['qa']);
    const before = smtp.mails.length;
    const known = await request(h.app).post('/api/auth/password-reset').send({ email: user.email.toUpperCase() });
    const unknown = await request(h.app).post('/api/auth/password-reset').send({ email: `nobody-${uniqueCode('n')}@demo.test` });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(known.body).toEqual(unknown.body);
    const mail = await waitFor(async () => smtp.mails.slice(before).find((m) => m.to.includes(user.email)));
    const link = /http:\/\/localhost\/reset-password\/([A-Za-z0-9_-]{43})/.exec(mail.text);
    expect(link).not.toBeNull();
    const token = link![1]!;
    const row = await h.test.db.prisma.passwordReset.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.tokenHash).toBe(tokenHash(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(60 * 60_000);
    const session = (await login(user.email, user.password)).body.token as string;
    expect((await request(h.app).post(`/api/auth/password-reset/${token}`).send({ password: 'reset-password-3' })).status).toBe(204);
    expect((await request(h.app).get('/api/me').set(auth(session))).status).toBe(401);
    expect((await login(user.email, 'reset-password-3')).status).toBe(200);
    const again = await request(h.app).post(`/api/auth/password-reset/${token}`).send({ password: 'reset-password-4' });
    expect(again.status).toBe(410);
    expect(again.body.type).toBe('urn:sop:problem:reset-link-invalid');
    expect(smtp.mails.slice(before).filter((m) => m.to.includes(user.email)).length).toBe(1);
    expect(smtp.mails.slice(before).length).toBe(1);
  });

  test('an expired reset link answers 410 and leaves the password as it was', async () => {
    const user = await newUser(['qa']);
    const issued = await request(h.app).post(`/api/users/${user.id}/password-reset`).set(auth(admin));
    await h.test.db.prisma.passwordReset.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await request(h.app).post(`/api/auth/password-reset/${issued.body.token as string}`).send({ password: 'reset-password-5' })).status).toBe(410);
    expect((await login(user.email, user.password)).status).toBe(200);
  });

  test('an admin issues a reset link (24 h) for a person; others may not (403); the person sets a password with it', async () => {
    const user = await newUser(['vendor'], 'Vendor A');
    const owner = await h.login('owner');
    expect((await request(h.app).post(`/api/users/${user.id}/password-reset`).set(auth(owner))).status).toBe(403);
    const issued = await request(h.app).post(`/api/users/${user.id}/password-reset`).set(auth(admin));
    expect(issued.status).toBe(201);
    expect(issued.body.link).toBe(`http://localhost/reset-password/${issued.body.token as string}`);
    expect(Date.parse(issued.body.expiresAt as string) - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect((await request(h.app).post(`/api/auth/password-reset/${issued.body.token as string}`).send({ password: 'handed-over-6' })).status).toBe(204);
    expect((await login(user.email, 'handed-over-6')).status).toBe(200);
    expect((await request(h.app).post('/api/users/no-such-user/password-reset').set(auth(admin))).status).toBe(404);
  });

  test('the last active admin cannot be demoted or disabled (409 last-admin), also when all admins demote or disable each other at once: exactly one remains', async () => {
    const admins = await Promise.all(Array.from({ length: 8 }, () => newUser(['admin'])));
    const tokens = await Promise.all(admins.map(async (a) => (await login(a.email, a.password)).body.token as string));
    // Leave only these eight as active admins.
    const demoAdmin = h.ids.users.admin!;
    expect((await request(h.app).patch(`/api/users/${demoAdmin}`).set(auth(tokens[0]!)).send({ roles: ['owner'] })).status).toBe(200);
    const server = h.app.listen(0);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      // Admin i demotes (even i) or disables (odd i) admin i+1, all in parallel.
      const answers = await Promise.all(admins.map((_, i) => {
        const target = admins[(i + 1) % admins.length]!;
        return fetch(`${base}/api/users/${target.id}`, {
          method: 'PATCH', headers: { 'Content-Type': 'application/json', ...auth(tokens[i]!) }, body: JSON.stringify(i % 2 === 0 ? { roles: ['qa'] } : { disabled: true }),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as { type?: string } }));
      }));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 409]);
      expect(answers.find((a) => a.status === 409)!.body.type).toBe('urn:sop:problem:last-admin');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    const remaining = await h.test.db.prisma.user.findMany({ where: { disabled: false, roles: { has: 'admin' } } });
    expect(remaining.length).toBe(1);
    // The last admin cannot be removed by anyone, themselves included.
    const lastToken = tokens[admins.findIndex((a) => a.id === remaining[0]!.id)]!;
    const self = await request(h.app).patch(`/api/users/${remaining[0]!.id}`).set(auth(lastToken)).send({ roles: ['owner'] });
    expect(self.status).toBe(409);
    // Restore the demo admin for the other tests.
    expect((await request(h.app).patch(`/api/users/${demoAdmin}`).set(auth(lastToken)).send({ roles: ['admin'] })).status).toBe(200);
  });

  test('two concurrent accepts of one invitation: one account (201), the other 410 invitation-used, never 500', async () => {
    const email = `inv-${uniqueCode('c')}@demo.test`.toLowerCase();
    const invited = await request(h.app).post('/api/invitations').set(auth(admin)).send({ email, orgId: h.ids.orgs['Vendor A'], roles: ['vendor'] });
    const token = invited.body.token as string;
    const answers = await Promise.all([1, 2, 3].map((i) => request(h.app).post(`/api/invitations/${token}/accept`).send({ name: `Racer ${i}`, password: 'invited-password-1' })));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 410, 410]);
    expect(answers.filter((r) => r.status === 410).map((r) => r.body.type)).toEqual(['urn:sop:problem:invitation-used', 'urn:sop:problem:invitation-used']);
    expect(await h.test.db.prisma.user.count({ where: { email } })).toBe(1);
  });

  test('the login page learns it is not in demo mode: no demo accounts are named', async () => {
    const res = await request(h.app).get('/api/auth/options');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ demoMode: false, demoAccounts: [] });
  });
});
