/**
 * API keys for ERP/CRM clients: an admin creates one (roles, organisation,
 * optional expiry) and sees its secret once; the key acts with those roles in
 * that organisation under the same gates and job scopes as a person; revoked,
 * expired or wrong keys answer 401; keys cannot manage keys, people, passwords
 * or sessions; the key's principal never signs in and is not listed.
 */
import request from 'supertest';
import { LAST_USED_RESOLUTION_MS } from '../../api/auth/api-keys';
import { sessionCacheFor } from '../../api/auth/session-cache';
import { auth, publishSop, startJob, strictSop, uniqueCode, waitForActive } from '../support/api-fixtures';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';

jest.setTimeout(240_000);

const TOKEN_PATTERN = /^sopk_[0-9a-f]{24}_[A-Za-z0-9_-]{43}$/;

interface CreatedKey {
  id: string;
  token: string;
  name: string;
  roles: string[];
  org: { id: string; name: string; kind: string };
  lastUsedAt: string | null;
  status: string;
}

describe.each(databaseKinds())('on %s', (kind) => {
  let h: AppHarness;
  let admin: string;
  let sop: string;
  /** Vendor A's job and Vendor B's job. */
  let jobA: { id: string; code: string };
  let jobB: { id: string };

  beforeAll(async () => {
    h = await startAppHarness(kind);
    admin = await h.login('admin');
    sop = `keys-${kind}`;
    await publishSop(h, strictSop(sop));
    jobA = await startJob(h, sop);
    const code = uniqueCode('KB');
    const b = await request(h.app).post('/api/jobs').set(auth(await h.login('owner'))).send({
      sop, code, title: `Job ${code}`, vendorOrgId: h.ids.orgs['Vendor B'],
      assignees: { vendor: h.ids.users['vendor-b'], qa: h.ids.users.qa, manager: h.ids.users.manager }, references: { banner: h.ids.referenceFileId },
    });
    expect(b.status).toBe(201);
    jobB = { id: b.body.id as string };
  });
  afterAll(async () => {
    await h?.close();
  });

  async function createKey(body: Record<string, unknown>): Promise<CreatedKey> {
    const res = await request(h.app).post('/api/api-keys').set(auth(admin)).send({ name: `key ${uniqueCode('k')}`, ...body });
    if (res.status !== 201) throw new Error(`create key: ${res.status} ${res.text}`);
    return res.body as CreatedKey;
  }
  const forgetCachedKey = (id: string) => sessionCacheFor(h.test.db.prisma).evictSession(`apikey:${id}`);
  const asKey = (token: string, path: string) => request(h.app).get(path).set(auth(token));

  test('an admin creates a vendor key: 201 with the token once; the list, the database and the audit trail never hold the secret', async () => {
    const key = await createKey({ name: 'Vendor A ERP', roles: ['vendor'], orgId: h.ids.orgs['Vendor A'] });
    expect(key).toMatchObject({ name: 'Vendor A ERP', roles: ['vendor'], org: { id: h.ids.orgs['Vendor A'], name: 'Vendor A', kind: 'vendor' }, status: 'active', lastUsedAt: null });
    expect(key.token).toMatch(TOKEN_PATTERN);
    expect(key.token.startsWith(`sopk_${key.id}_`)).toBe(true);
    const secret = key.token.slice(`sopk_${key.id}_`.length);

    const list = await request(h.app).get('/api/api-keys').set(auth(admin));
    expect(list.status).toBe(200);
    const listed = (list.body.items as Array<Record<string, unknown>>).find((k) => k.id === key.id);
    expect(listed).toMatchObject({ id: key.id, name: 'Vendor A ERP', prefix: `sopk_${key.id}_`, status: 'active', createdBy: { id: h.ids.users.admin } });
    expect(listed).not.toHaveProperty('token');
    expect(list.text).not.toContain(secret);

    const row = await h.test.db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    const created = await h.test.db.prisma.auditEvent.findFirstOrThrow({ where: { type: 'api_key.created', data: { path: ['apiKeyId'], equals: key.id } } });
    expect(created).toMatchObject({ actorId: h.ids.users.admin, actorLabel: 'admin@demo.test' });
    expect(created.data).toMatchObject({ name: 'Vendor A ERP', roles: ['vendor'], orgId: h.ids.orgs['Vendor A'], expiresAt: null });
    expect(JSON.stringify(created)).not.toContain(secret);
  });

  test('Idempotency-Key is ignored where the answer holds a secret: no record keeps the token, an invitation link or a reset link', async () => {
    const prisma = h.test.db.prisma;
    const before = await prisma.idempotencyRecord.count();
    const created = await request(h.app).post('/api/api-keys').set(auth(admin)).set('Idempotency-Key', `k-${kind}`).send({ name: `idem ${kind}`, roles: ['qa'] });
    expect(created.status).toBe(201);
    const again = await request(h.app).post('/api/api-keys').set(auth(admin)).set('Idempotency-Key', `k-${kind}`).send({ name: `idem ${kind}`, roles: ['qa'] });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(created.body.id); // a second key, not a replay of the first secret
    const invited = await request(h.app).post('/api/invitations').set(auth(admin)).set('Idempotency-Key', `i-${kind}`).send({ email: `idem-${kind}@demo.test`, orgId: h.ids.orgs['Vendor A'], roles: ['vendor'] });
    expect(invited.status).toBe(201);
    const reset = await request(h.app).post(`/api/users/${h.ids.users.qa}/password-reset`).set(auth(admin)).set('Idempotency-Key', `r-${kind}`);
    expect(reset.status).toBe(201);
    expect(await prisma.idempotencyRecord.count()).toBe(before);
    const stored = JSON.stringify(await prisma.idempotencyRecord.findMany());
    for (const secret of [created.body.token, again.body.token, invited.body.token, reset.body.token]) expect(stored.includes(String(secret))).toBe(false);
  });

  test('a vendor key sees only its organisation\'s jobs: its own in the list and by id, the other vendor\'s job answers 404', async () => {
    const keyA = await createKey({ roles: ['vendor'], orgId: h.ids.orgs['Vendor A'] });
    const keyB = await createKey({ roles: ['vendor'], orgId: h.ids.orgs['Vendor B'] });
    const listA = await asKey(keyA.token, '/api/jobs?limit=200');
    expect(listA.status).toBe(200);
    const idsA = (listA.body.items as Array<{ id: string; vendorOrg: { id: string } }>);
    expect(idsA.map((j) => j.id)).toContain(jobA.id);
    expect(idsA.map((j) => j.id)).not.toContain(jobB.id);
    expect(new Set(idsA.map((j) => j.vendorOrg.id))).toEqual(new Set([h.ids.orgs['Vendor A']]));
    expect((await asKey(keyA.token, `/api/jobs/${jobA.id}`)).status).toBe(200);
    const other = await asKey(keyA.token, `/api/jobs/${jobB.id}`);
    expect(other.status).toBe(404);
    expect(other.body).toMatchObject({ type: 'urn:sop:problem:not-found', detail: `Job ${jobB.id} was not found.` });
    const listB = await asKey(keyB.token, '/api/jobs?limit=200');
    expect((listB.body.items as Array<{ id: string }>).map((j) => j.id)).toEqual([jobB.id]);
    expect((await asKey(keyB.token, `/api/jobs/${jobA.id}`)).status).toBe(404);
    // The role gate holds too: a vendor key may not start jobs.
    const start = await request(h.app).post('/api/jobs').set(auth(keyA.token)).send({});
    expect(start.status).toBe(403);
    expect(start.body.type).toBe('urn:sop:problem:forbidden');
  });

  test('an owner key sent as X-Api-Key starts a job it owns; it cannot be bound to a role of another job', async () => {
    const key = await createKey({ name: 'CRM', roles: ['owner'] });
    expect(key.org).toMatchObject({ id: h.ids.orgs['Demo Co 演示公司'], kind: 'internal' });
    const me = await request(h.app).get('/api/me').set('X-Api-Key', key.token);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ name: `API key: ${key.name}`, roles: ['owner'], org: { kind: 'internal' } });
    const code = uniqueCode('KO');
    const started = await request(h.app).post('/api/jobs').set('X-Api-Key', key.token).send({
      sop, code, title: `Job ${code}`, vendorOrgId: h.ids.orgs['Vendor A'],
      assignees: { vendor: h.ids.users['vendor-a'], qa: h.ids.users.qa, manager: h.ids.users.manager }, references: { banner: h.ids.referenceFileId },
    });
    expect(started.status).toBe(201);
    await waitForActive(h, started.body.id as string, 'draft');
    const job = await h.test.db.prisma.job.findUniqueOrThrow({ where: { id: started.body.id as string } });
    expect(job.ownerId).toBe(me.body.id);
    const bind = await request(h.app).post(`/api/jobs/${jobA.id}/assignees`).set(auth(await h.login('owner'))).send({ role: 'owner', userId: me.body.id });
    expect(bind.status).toBe(422);
    expect(bind.body.errors).toEqual([{ path: 'body/userId', message: 'an API key cannot be assigned to a role' }]);
  });

  test('a revoked key answers 401 at once, also right after it was used; revoking again answers 404; the revocation is audited', async () => {
    const key = await createKey({ roles: ['qa'] });
    expect((await asKey(key.token, '/api/jobs')).status).toBe(200);
    expect((await request(h.app).delete(`/api/api-keys/${key.id}`).set(auth(admin))).status).toBe(204);
    const after = await asKey(key.token, '/api/jobs');
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ type: 'urn:sop:problem:unauthorized', detail: 'The API key is invalid, expired or revoked; ask an admin for a new one.' });
    expect((await request(h.app).get('/api/jobs').set('X-Api-Key', key.token)).status).toBe(401);
    const again = await request(h.app).delete(`/api/api-keys/${key.id}`).set(auth(admin));
    expect(again.status).toBe(404);
    expect(again.body.type).toBe('urn:sop:problem:not-found');
    const event = await h.test.db.prisma.auditEvent.findFirstOrThrow({ where: { type: 'api_key.revoked', data: { path: ['apiKeyId'], equals: key.id } } });
    expect(event.actorId).toBe(h.ids.users.admin);
    const listed = await request(h.app).get('/api/api-keys?all=true&limit=200').set(auth(admin));
    expect((listed.body.items as Array<{ id: string; status: string }>).find((k) => k.id === key.id)?.status).toBe('revoked');
    const open = await request(h.app).get('/api/api-keys?limit=200').set(auth(admin));
    expect((open.body.items as Array<{ id: string }>).map((k) => k.id)).not.toContain(key.id);
  });

  test('an expired key answers 401', async () => {
    const key = await createKey({ roles: ['qa'], expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await h.test.db.prisma.apiKey.update({ where: { id: key.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await asKey(key.token, '/api/jobs');
    expect(res.status).toBe(401);
    expect(res.body.type).toBe('urn:sop:problem:unauthorized');
    const listed = await request(h.app).get('/api/api-keys?all=true&limit=200').set(auth(admin));
    expect((listed.body.items as Array<{ id: string; status: string }>).find((k) => k.id === key.id)?.status).toBe('expired');
  });

  test('a wrong secret for a real key id, a malformed key and an unknown id all answer 401', async () => {
    const key = await createKey({ roles: ['qa'] });
    const secret = key.token.slice(-43);
    const flipped = `${secret.slice(0, 42)}${secret.endsWith('A') ? 'B' : 'A'}`;
    for (const token of [`sopk_${key.id}_${flipped}`, `sopk_${key.id}_`, `sopk_${key.id}_${secret}x`, `sopk_${'0'.repeat(24)}_${secret}`, key.token.toUpperCase()]) {
      const res = await asKey(token, '/api/jobs');
      expect([token, res.status]).toEqual([token, 401]);
    }
    expect((await request(h.app).get('/api/jobs').set('X-Api-Key', `sopk_${key.id}_${flipped}`)).status).toBe(401);
    expect((await asKey(key.token, '/api/jobs')).status).toBe(200);
  });

  test('an admin key cannot manage keys, people, passwords, sessions or notification channels (403; the e-mail channel carries reset links), yet reads what admins read; its principal is not listed among people', async () => {
    const key = await createKey({ roles: ['admin'] });
    const k = auth(key.token);
    const refused = [
      await request(h.app).get('/api/api-keys').set(k),
      await request(h.app).post('/api/api-keys').set(k).send({ name: 'escalate', roles: ['admin'] }),
      await request(h.app).delete(`/api/api-keys/${key.id}`).set(k),
      await request(h.app).post('/api/users').set(k).send({ email: 'x@demo.test', name: 'X', orgId: h.ids.orgs['Vendor A'], roles: ['vendor'], password: 'long-enough-1' }),
      await request(h.app).patch(`/api/users/${h.ids.users.qa}`).set(k).send({ disabled: true }),
      await request(h.app).post('/api/invitations').set(k).send({ email: 'y@demo.test', orgId: h.ids.orgs['Vendor A'], roles: ['vendor'] }),
      await request(h.app).post(`/api/users/${h.ids.users.qa}/password-reset`).set(k),
      await request(h.app).post('/api/auth/password').set(k).send({ currentPassword: 'whatever-1', newPassword: 'whatever-2-long' }),
      await request(h.app).post('/api/auth/logout').set(k),
      await request(h.app).post('/api/notifications/channels').set(k)
        .send({ scope: 'org', scopeId: h.ids.orgs['Vendor A'], channel: 'email', url: 'smtps://mx.attacker.example:465', secret: 'x', settings: { from: 'a@attacker.example' } }),
      await request(h.app).put('/api/notifications/channels/any').set(k).send({ enabled: false }),
      await request(h.app).delete('/api/notifications/channels/any').set(k),
    ];
    expect(refused.map((r) => [r.status, r.body.type])).toEqual(refused.map(() => [403, 'urn:sop:problem:forbidden']));
    expect(await h.test.db.prisma.apiKey.count({ where: { name: 'escalate' } })).toBe(0);
    const users = await request(h.app).get('/api/users').set(k);
    expect(users.status).toBe(200);
    expect((users.body.items as Array<{ email: string }>).filter((u) => u.email.endsWith('@api-keys.invalid'))).toEqual([]);
    expect((await asKey(key.token, '/api/jobs')).status).toBe(200);
  });

  test('a key\'s principal cannot sign in, is refused as a user to change, and gets no reset link', async () => {
    const key = await createKey({ roles: ['admin'] });
    const principal = await h.test.db.prisma.user.findFirstOrThrow({ where: { apiKey: { id: key.id } } });
    expect(principal).toMatchObject({ kind: 'apiKey', email: `key-${key.id}@api-keys.invalid`, roles: ['admin'], notificationChannels: [] });
    for (const password of ['!api-key', '', key.token]) {
      const res = await request(h.app).post('/api/auth/login').send({ email: principal.email, password: password || 'x' });
      expect(res.status).toBe(401);
      expect(res.body.type).toBe('urn:sop:problem:invalid-credentials');
    }
    const patch = await request(h.app).patch(`/api/users/${principal.id}`).set(auth(admin)).send({ roles: ['owner'] });
    expect(patch.status).toBe(404);
    const reset = await request(h.app).post(`/api/users/${principal.id}/password-reset`).set(auth(admin));
    expect(reset.status).toBe(404);
    expect(await h.test.db.prisma.user.findUniqueOrThrow({ where: { id: principal.id } })).toMatchObject({ roles: ['admin'], disabled: false });
  });

  test('roles must fit the organisation: a vendor key needs a vendor organisation, internal roles an internal one; the expiry must be in the future', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ roles: ['vendor'] }, 'roles-do-not-fit-org', 'body/roles'],
      [{ roles: ['vendor'], orgId: h.ids.orgs['Demo Co 演示公司'] }, 'roles-do-not-fit-org', 'body/roles'],
      [{ roles: ['owner'], orgId: h.ids.orgs['Vendor A'] }, 'roles-do-not-fit-org', 'body/roles'],
      [{ roles: ['vendor', 'qa'], orgId: h.ids.orgs['Vendor A'] }, 'roles-do-not-fit-org', 'body/roles'],
      [{ roles: ['vendor'], orgId: 'no-such-org' }, 'org-unknown', 'body/orgId'],
      [{ roles: ['qa'], expiresAt: new Date(Date.now() - 60_000).toISOString() }, 'api-key-expiry-past', 'body/expiresAt'],
      [{ roles: ['qa'], expiresAt: '2030-12-31T23:59:60Z' }, 'api-key-expiry-past', 'body/expiresAt'],
    ];
    const before = await h.test.db.prisma.apiKey.count();
    for (const [body, code, path] of cases) {
      const res = await request(h.app).post('/api/api-keys').set(auth(admin)).send({ name: 'bad', ...body });
      expect([res.status, res.body.type, res.body.errors?.[0]?.path]).toEqual([422, `urn:sop:problem:${code}`, path]);
    }
    const unknownRole = await request(h.app).post('/api/api-keys').set(auth(admin)).send({ name: 'bad', roles: ['root'] });
    expect([unknownRole.status, unknownRole.body.type]).toEqual([400, 'urn:sop:problem:bad-request']);
    // Text PostgreSQL cannot store is refused at the edge (api/http/input-rules.ts), in the body and in the path.
    for (const body of [{ name: 'nul\u0000', roles: ['qa'] }, { name: 'bad', roles: ['qa'], orgId: 'o\u0000' }]) {
      const bad = await request(h.app).post('/api/api-keys').set(auth(admin)).send(body);
      expect([bad.status, bad.body.type]).toEqual([422, 'urn:sop:problem:text-not-storable']);
    }
    const nul = await request(h.app).delete('/api/api-keys/%00').set(auth(admin));
    expect([nul.status, nul.body.type]).toEqual([422, 'urn:sop:problem:text-not-storable']);
    expect(await h.test.db.prisma.apiKey.count()).toBe(before);
  });

  test('last used is set on first use and written at most once a minute', async () => {
    const key = await createKey({ roles: ['manager'] });
    expect((await asKey(key.token, '/api/me')).status).toBe(200);
    const first = (await h.test.db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    const listed = await request(h.app).get('/api/api-keys?limit=200').set(auth(admin));
    expect((listed.body.items as Array<{ id: string; lastUsedAt: string }>).find((k) => k.id === key.id)?.lastUsedAt).toBe(first!.toISOString());
    // Within the minute: the value stays (a cache miss reads it and skips the write).
    await h.test.db.prisma.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date(Date.now() - 30_000) } });
    const recent = (await h.test.db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt!;
    forgetCachedKey(key.id); // as after the cache's 2 s: the next request reads the row
    expect((await asKey(key.token, '/api/me')).status).toBe(200);
    expect((await h.test.db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).toEqual(recent);
    // Older than a minute: the next read writes it.
    await h.test.db.prisma.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date(Date.now() - LAST_USED_RESOLUTION_MS - 1000) } });
    forgetCachedKey(key.id);
    expect((await asKey(key.token, '/api/me')).status).toBe(200);
    const written = (await h.test.db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt!;
    expect(written.getTime()).toBeGreaterThan(recent.getTime());
  });

  test('the list pages newest first with a cursor', async () => {
    const made = [await createKey({ roles: ['qa'] }), await createKey({ roles: ['qa'] }), await createKey({ roles: ['qa'] })];
    // Newest first; keys made in the same millisecond are ordered by id.
    const order = (await h.test.db.prisma.apiKey.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 3, select: { id: true } })).map((k) => k.id);
    expect(new Set(order)).toEqual(new Set(made.map((k) => k.id)));
    const first = await request(h.app).get('/api/api-keys?limit=2').set(auth(admin));
    expect(first.status).toBe(200);
    expect((first.body.items as Array<{ id: string }>).map((k) => k.id)).toEqual(order.slice(0, 2));
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await request(h.app).get(`/api/api-keys?limit=1&cursor=${first.body.nextCursor as string}`).set(auth(admin));
    expect((second.body.items as Array<{ id: string }>).map((k) => k.id)).toEqual(order.slice(2, 3));
    const broken = await request(h.app).get('/api/api-keys?cursor=nonsense').set(auth(admin));
    expect([broken.status, broken.body.type]).toEqual([422, 'urn:sop:problem:cursor-invalid']);
  });
});
