/**
 * While the database server restarts (after a crash, under `npm start`'s
 * supervisor), the API answers 503 `database-unavailable` with Retry-After —
 * retryable — rather than a 500, and says so in one log line without a stack.
 * The public health check then names no error, address or port: only status
 * words, the reason going to the server log.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../api/app';
import { createLoginLimiter } from '../../api/auth/login-limiter';
import { openDatabase } from '../../platform/db/database';
import { freePort } from '../../platform/net';
import { LocalFileStorage } from '../../platform/storage/file-storage';
import { connectClient } from '../support/temporal';

/** The real app on a database URL where nothing listens (as while the server restarts); what it logs is collected. */
async function withDatabaseDown(work: (app: ReturnType<typeof createApp>, logged: string[], port: number) => Promise<void>): Promise<void> {
  const port = await freePort();
  const db = await openDatabase({ url: `postgres://sop:secret@127.0.0.1:${port}/sop` });
  const { client, connection } = await connectClient();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-db-down-'));
  const logged: string[] = [];
  try {
    const app = createApp({
      config: { taskQueue: 'unused', publicUrl: 'http://localhost' },
      db,
      temporal: { client, connection, taskQueue: 'unused' },
      storage: new LocalFileStorage(dir),
      loginLimiter: createLoginLimiter(db),
      log: (line: string) => logged.push(line),
    });
    await work(app, logged, port);
  } finally {
    await db.close();
    await connection.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('with the database unreachable, reads, writes and sign-in answer 503 database-unavailable with Retry-After', async () => {
  await withDatabaseDown(async (app, logged) => {
    const answers = [
      await request(app).get('/api/jobs').set('Authorization', 'Bearer 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'),
      await request(app).post('/api/auth/login').send({ email: 'owner@demo.test', password: 'whatever-it-is' }),
    ];
    for (const res of answers) {
      expect([res.status, res.headers['retry-after'], res.body.type]).toEqual([503, '2', 'urn:sop:problem:database-unavailable']);
      expect(res.body.detail).toBe('The database is not reachable or has no free connection right now: retry in a few seconds.');
    }
    expect(logged.filter((line) => line.includes('database unavailable'))).toHaveLength(2);
    expect(logged.join('\n')).not.toContain('secret');
    expect(logged.join('\n')).not.toMatch(/\n\s+at /);
  });
});

test('with the database unreachable, the public health check answers status words only; the reason is in the server log', async () => {
  await withDatabaseDown(async (app, logged, port) => {
    const res = await request(app).get('/api/health');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'degraded', db: 'unavailable', temporal: 'ok' });
    expect(res.text).not.toContain(String(port));
    expect(res.text).not.toContain('127.0.0.1');
    expect(logged.filter((line) => line.startsWith('[api] health: database unavailable ('))).toHaveLength(1);
  });
});

test('with the database unreachable, /readyz answers 503 naming the part that is down while /livez still answers 200', async () => {
  await withDatabaseDown(async (app, logged, port) => {
    const ready = await request(app).get('/readyz');
    expect([ready.status, ready.body]).toEqual([503, { status: 'not-ready', db: 'down', temporal: 'ok' }]);
    expect(ready.text).not.toContain(String(port));
    expect((await request(app).get('/livez')).status).toBe(200);
    expect(logged.filter((line) => line.startsWith('readiness: database down ('))).toHaveLength(1);
  });
});
