/**
 * Login limits under attack: attempts are counted in PostgreSQL before the
 * password is checked, so parallel guesses cannot outrun the budget, every API
 * replica on the database shares it, and the owner of the attacked account can
 * still sign in from another address (behind a proxy, with TRUST_PROXY).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import { createLoginLimiter } from '../../api/auth/login-limiter';
import { createPasswordGate } from '../../api/auth/password-gate';
import { auth, startExtraApp, uniqueCode } from '../support/api-fixtures';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';

jest.setTimeout(300_000);

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

  async function newAccount(): Promise<{ email: string; password: string }> {
    const email = `limit-${uniqueCode('l')}@demo.test`.toLowerCase();
    const password = 'the-right-password-1';
    const res = await request(h.app).post('/api/users').set(auth(admin)).send({ email, name: 'Limited', orgId: h.ids.orgs['Demo Co 演示公司'], roles: ['qa'], password });
    expect(res.status).toBe(201);
    return { email, password };
  }

  test('500 parallel wrong passwords for one account from one address: exactly 5 password checks, 5 answers 401 and 495 answers 429 with Retry-After; the owner still signs in from another address', async () => {
    const account = await newAccount();
    const gate = createPasswordGate();
    const extra = await startExtraApp(h, { trustProxy: 1, passwordGate: gate, loginLimiter: createLoginLimiter(h.test.db, { namespace: `flood-${uniqueCode('n')}` }) });
    const server: Server = extra.app.listen(0);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const login = (password: string, from: string) =>
      fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': from }, body: JSON.stringify({ email: account.email, password }) });
    try {
      const answers = await Promise.all(Array.from({ length: 500 }, (_, i) => login(`wrong-password-${i}`, '203.0.113.7')));
      const statuses = answers.map((r) => r.status);
      expect(gate.completed).toBe(5);
      expect([statuses.filter((s) => s === 401).length, statuses.filter((s) => s === 429).length]).toEqual([5, 495]);
      const retryAfter = answers.filter((r) => r.status === 429).map((r) => Number(r.headers.get('retry-after')));
      expect(retryAfter.every((s) => Number.isInteger(s) && s > 0 && s <= 900)).toBe(true);
      const failed = await h.test.db.prisma.auditEvent.count({ where: { type: 'auth.login_failed', actorLabel: account.email } });
      expect(failed).toBe(5);
      // The attacker's address is refused even with the right password; the owner's is not.
      expect((await login(account.password, '203.0.113.7')).status).toBe(429);
      const owner = await login(account.password, '198.51.100.9');
      expect(owner.status).toBe(200);
      expect(gate.completed).toBe(6);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await extra.close();
    }
  });

  test('two API instances on the same database share the budget: 3 failures on one and 2 on the other, then both answer 429', async () => {
    const account = await newAccount();
    const namespace = `replicas-${uniqueCode('r')}`;
    const a = await startExtraApp(h, { loginLimiter: createLoginLimiter(h.test.db, { namespace }) });
    const b = await startExtraApp(h, { loginLimiter: createLoginLimiter(h.test.db, { namespace }) });
    try {
      const tries: number[] = [];
      for (const app of [a.app, a.app, a.app, b.app, b.app]) {
        tries.push((await request(app).post('/api/auth/login').send({ email: account.email, password: 'wrong-password-x' })).status);
      }
      expect(tries).toEqual([401, 401, 401, 401, 401]);
      const onA = await request(a.app).post('/api/auth/login').send(account);
      const onB = await request(b.app).post('/api/auth/login').send(account);
      expect([onA.status, onB.status]).toEqual([429, 429]);
      expect(onB.body.type).toBe('urn:sop:problem:too-many-requests');
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('X-Forwarded-For is ignored unless TRUST_PROXY is set: a spoofed header does not buy new attempts', async () => {
    const account = await newAccount();
    const extra = await startExtraApp(h);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        const res = await request(extra.app).post('/api/auth/login').set('X-Forwarded-For', `192.0.2.${i}`).send({ email: account.email, password: 'wrong-password-y' });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    } finally {
      await extra.close();
    }
  });

  test('a successful login clears the account\'s failures from that address', async () => {
    const account = await newAccount();
    const extra = await startExtraApp(h);
    try {
      for (let i = 0; i < 4; i += 1) expect((await request(extra.app).post('/api/auth/login').send({ ...account, password: 'wrong-password-z' })).status).toBe(401);
      expect((await request(extra.app).post('/api/auth/login').send(account)).status).toBe(200);
      const after: number[] = [];
      for (let i = 0; i < 5; i += 1) after.push((await request(extra.app).post('/api/auth/login').send({ ...account, password: 'wrong-password-z' })).status);
      expect(after).toEqual([401, 401, 401, 401, 401]);
    } finally {
      await extra.close();
    }
  });

  test('one address trying many accounts is refused after its own budget, whatever the accounts', async () => {
    const extra = await startExtraApp(h, { loginLimiter: createLoginLimiter(h.test.db, { namespace: `spray-${uniqueCode('s')}`, perAddress: 3 }) });
    try {
      const statuses: number[] = [];
      for (const who of ['a', 'b', 'c', 'd']) {
        statuses.push((await request(extra.app).post('/api/auth/login').send({ email: `spray-${who}@demo.test`, password: 'wrong-password-s' })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await extra.close();
    }
  });

  test('login_attempts stores neither the e-mail address nor the client address', async () => {
    const rows = await h.test.db.query<{ key: string }>('SELECT key FROM login_attempts', []);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => /@|127\.0\.0\.1|203\.0\.113/.test(r.key))).toEqual([]);
  });
});
