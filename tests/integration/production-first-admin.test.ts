/**
 * A production start (`npm run api`, NODE_ENV=production, an empty PostgreSQL
 * database) seeds nothing: no demo accounts, no demo hints; the first admin
 * comes from `npx sop-admin create-admin`, whose one-time link sets the
 * password through the running API. The demo seed itself refuses to run
 * outside demo mode.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { freePort } from '../../platform/net';
import { NotDemoModeError, seedDemoTenant } from '../../platform/seed/demo-tenant';
import { LocalFileStorage } from '../../platform/storage/file-storage';
import { openTestDatabase, type TestDatabase } from '../support/test-database';
import { temporalAddress } from '../support/temporal';
import { waitFor } from '../support/wait-for';

jest.setTimeout(180_000);

const ROOT = path.join(__dirname, '..', '..');

interface Run { code: number; stdout: string; stderr: string }

function productionEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', ...extra };
  delete env.SOP_DEMO;
  delete env.DEMO_PASSWORD;
  return env;
}

function sopAdmin(env: NodeJS.ProcessEnv, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin', 'sop-admin.js'), ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

function expectBadInput(run: Run, pattern: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^sop-admin: [^\n]+\n$/);
  expect(run.stderr).toMatch(pattern);
}

describe('a production start on an empty database', () => {
  let database: TestDatabase;
  let api: ChildProcess | undefined;
  let output = '';
  let port: number;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    database = await openTestDatabase();
    port = await freePort();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-prod-'));
    env = productionEnv({ DATABASE_URL: database.url, TEMPORAL_ADDRESS: temporalAddress(), PORT: String(port), DATA_DIR: dataDir, PUBLIC_URL: `http://localhost:${port}` });
    api = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    api.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    api.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(async () => (output.includes('[api] listening') ? true : undefined), 90_000);
  });
  afterAll(async () => {
    if (api && api.exitCode === null) {
      const exited = new Promise((resolve) => api!.once('exit', resolve));
      api.kill('SIGTERM');
      await exited;
    }
    await database?.cleanup();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const base = () => `http://localhost:${port}`;

  test('seeds no account, names no demo account, and says how to create the first admin', async () => {
    expect(await database.db.prisma.user.count()).toBe(0);
    expect(await database.db.prisma.org.count()).toBe(0);
    expect(output).toContain('no active admin yet: create one with `npx sop-admin create-admin');
    expect(output).not.toMatch(/demo/i);
    expect((await request(base()).get('/api/auth/options')).body).toEqual({ demoMode: false, demoAccounts: [] });
    expect((await request(base()).post('/api/auth/login').send({ email: 'admin@demo.test', password: 'demo-password-for-tests' })).status).toBe(401);
  });

  test('sop-admin refuses bad input with exit 2 and one line: no command, no e-mail, a malformed e-mail, no name, an unknown option', async () => {
    expectBadInput(await sopAdmin(env), /usage: sop-admin create-admin --email/);
    expectBadInput(await sopAdmin(env, 'create-admin', '--name', 'X'), /--email is required/);
    expectBadInput(await sopAdmin(env, 'create-admin', '--email', 'not-an-address', '--name', 'X'), /--email must be an e-mail address/);
    expectBadInput(await sopAdmin(env, 'create-admin', '--email', 'a@example.com'), /--name is required/);
    expectBadInput(await sopAdmin(env, 'create-admin', '--email', 'a@example.com', '--name', 'X', '--role', 'owner'), /Unknown option '--role'/);
    expect(await database.db.prisma.invitation.count()).toBe(0);
  });

  test('sop-admin create-admin prints a one-time link; it sets the password of an admin who then signs in; a second use answers 410 and the same e-mail again exits 2', async () => {
    const run = await sopAdmin(env, 'create-admin', '--email', 'First.Admin@Example.com', '--name', 'First Admin');
    expect([run.code, run.stderr]).toEqual([0, '']);
    const link = run.stdout.trim().split('\n').at(-1)!;
    expect(link).toMatch(new RegExp(`^http://localhost:${port}/invite/[A-Za-z0-9_-]{43}$`));
    const token = link.split('/').at(-1)!;
    const invitation = await database.db.prisma.invitation.findFirstOrThrow();
    expect(invitation).toMatchObject({ email: 'first.admin@example.com', name: 'First Admin', roles: ['admin'], createdById: null });
    expect(JSON.stringify(invitation)).not.toContain(token);

    const accepted = await request(base()).post(`/api/invitations/${token}/accept`).send({ password: 'first-admin-password' });
    expect(accepted.status).toBe(201);
    const login = await request(base()).post('/api/auth/login').send({ email: 'first.admin@example.com', password: 'first-admin-password' });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ name: 'First Admin', roles: ['admin'], org: { name: 'Internal', kind: 'internal' } });
    expect((await request(base()).post(`/api/invitations/${token}/accept`).send({ password: 'another-password' })).status).toBe(410);
    expectBadInput(await sopAdmin(env, 'create-admin', '--email', 'first.admin@example.com', '--name', 'Again'), /an account for first\.admin@example\.com exists already/);
  });

  test('the demo seed refuses outside demo mode and writes nothing', async () => {
    const storage = new LocalFileStorage(path.join(dataDir, 'seed-files'));
    const users = await database.db.prisma.user.count();
    await expect(seedDemoTenant(database.db, storage, 'x-password-1')).rejects.toBeInstanceOf(NotDemoModeError);
    await expect(seedDemoTenant(database.db, storage, 'x-password-1', { demoMode: false })).rejects.toThrow('seeded only in demo mode');
    expect(await database.db.prisma.user.count()).toBe(users);
  });
});
