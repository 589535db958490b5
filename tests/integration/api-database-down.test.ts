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
import { openDatabase, type Database } from '../../platform/db/database';
import { freePort } from '../../platform/net';
import { LocalFileStorage } from '../../platform/storage/file-storage';
import { connectClient } from '../support/temporal';

test('with the database unreachable, reads, writes and sign-in answer 503 database-unavailable with Retry-After', async () => {
  const db: Database = await openDatabase({ url: `postgres://sop:secret@127.0.0.1:${await freePort()}/sop` });
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
    const answers = [
      await request(app).get('/api/jobs').set('Authorization', 'Bearer 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'),
      await request(app).post('/api/auth/login').send({ email: 'owner@demo.test', password: 'whatever-it-is' }),
    ];
    for (const res of answers) {
      expect([res.status, res.headers['retry-after'], res.body.type]).toEqual([503, '2', 'urn:sop:problem:database-unavailable']);
      expect(res.body.detail).toBe('The database is not reachable right now (restarting?): retry in a few seconds.');
    }
    expect(logged.filter((line) => line.includes('database unavailable'))).toHaveLength(2);
    expect(logged.join('\n')).not.toContain('secret');
    expect(logged.join('\n')).not.toMatch(/\n\s+at /);
  } finally {
    await db.close();
    await connection.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('with the database unreachable, the public health check answers status words only; the reason is in the server log', async () => {
  const port = await freePort();
  const db: Database = await openDatabase({ url: `postgres://sop:secret@127.0.0.1:${port}/sop` });
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
    const res = await request(app).get('/api/health');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'degraded', db: 'unavailable', temporal: 'ok' });
    expect(res.text).not.toContain(String(port));
    expect(res.text).not.toContain('127.0.0.1');
    expect(logged.filter((line) => line.startsWith('[api] health: database unavailable ('))).toHaveLength(1);
  } finally {
    await db.close();
    await connection.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
