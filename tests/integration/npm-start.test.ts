/**
 * `npm start` as a user runs it: everything comes up healthy, Ctrl-C (SIGINT to
 * the process group, as a terminal sends it) leaves no process behind, and a
 * second start finds the same data and the same running job.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../platform/net';
import { waitFor } from '../support/wait-for';
import { renderDemoBanner } from '../../platform/seed/demo-tenant';

const ROOT = path.resolve(__dirname, '..', '..');
const PASSWORD = 'restart-test-password';

function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const env = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
      if (cmd.includes(text) || env.includes(text)) found.push(`${pid}: ${cmd}`);
    } catch {
      // process gone or not ours to read
    }
  }
  return found;
}

function start(dataDir: string, port: number): ChildProcess {
  return spawn(process.execPath, [require.resolve('tsx/cli'), 'scripts/start.ts'], {
    cwd: ROOT,
    detached: true, // its own process group, like a terminal's foreground job
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), DEMO_PASSWORD: PASSWORD, TEMPORAL_ADDRESS: '', DATABASE_URL: '' },
  });
}

/** The pid of the running app process (api/main.ts --with-worker) of this data dir, if any. */
function appProcessOrNone(dataDir: string): number | undefined {
  const line = processesMentioning(dataDir).find((p) => p.includes('api/main.ts') && p.includes('--with-worker') && p.includes('tsx/dist/loader'));
  return line ? Number(line.split(':')[0]) : undefined;
}

function appProcess(dataDir: string): number {
  const pid = appProcessOrNone(dataDir);
  if (pid === undefined) throw new Error(`no app process found for ${dataDir}`);
  return pid;
}

async function ctrlC(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  process.kill(-child.pid!, 'SIGINT');
  return exited;
}

async function api(port: number, method: string, url: string, token?: string, body?: unknown) {
  const res = await fetch(`http://localhost:${port}${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, any> };
}

test('npm start comes up healthy, restarts a killed app process, stops cleanly on Ctrl-C, and a restart keeps data and running jobs', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-start-'));
  const port = await freePort();
  let child = start(dataDir, port);
  let output = '';
  const collect = (c: ChildProcess) => {
    c.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    c.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  };
  collect(child);
  try {
    const health = await waitFor(async () => {
      const res = await api(port, 'GET', '/api/health');
      return res.status === 200 ? res.body : undefined;
    }, 180_000);
    expect(health).toEqual({ status: 'ok', db: 'ok', temporal: 'ok' });
    expect(output).toContain('Temporal UI: http://localhost:');
    const page = await fetch(`http://localhost:${port}/jobs/any-client-route`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<div id="root">');

    const login = await api(port, 'POST', '/api/auth/login', undefined, { email: 'owner@demo.test', password: PASSWORD });
    expect(login.status).toBe(200);
    const owner = login.body.token as string;
    const orgs = (await api(port, 'GET', '/api/orgs', owner)).body.items as Array<{ id: string; name: string }>;
    const users = (await api(port, 'GET', '/api/users', owner)).body.items as Array<{ id: string; email: string }>;
    const userId = (email: string) => users.find((u) => u.email === email)!.id;
    const started = await api(port, 'POST', '/api/jobs', owner, {
      sop: 'store-decoration', code: 'RESTART-1', title: 'Restart', vendorOrgId: orgs.find((o) => o.name === 'Vendor A')!.id,
      assignees: { qa: userId('qa@demo.test'), manager: userId('manager@demo.test') },
      references: { banner: await uploadReference(port, owner) },
    });
    expect(started.status).toBe(201);
    const jobId = started.body.id as string;
    await waitFor(async () => ((await api(port, 'GET', `/api/jobs/${jobId}`, owner)).body.activeSteps?.includes('draft') ? true : undefined));

    // The app process (API + worker) dies hard: the supervisor restarts it and the job carries on.
    const app = appProcess(dataDir);
    process.kill(app, 'SIGKILL');
    await waitFor(async () => (appProcessOrNone(dataDir) !== undefined && appProcessOrNone(dataDir) !== app ? true : undefined), 60_000);
    await waitFor(async () => ((await api(port, 'GET', '/api/health')).status === 200 ? true : undefined), 120_000);
    const relogged = await api(port, 'POST', '/api/auth/login', undefined, { email: 'owner@demo.test', password: PASSWORD });
    expect((await api(port, 'GET', `/api/jobs/${jobId}`, relogged.body.token as string)).body).toMatchObject({ status: 'running', activeSteps: ['draft'] });
    expect(output).toMatch(/app \(API \+ worker, embedded PostgreSQL\) exited \([^)]+\); restarting/);

    expect(await ctrlC(child)).toBe(0);
    expect(processesMentioning(dataDir)).toEqual([]);

    child = start(dataDir, port);
    collect(child);
    await waitFor(async () => ((await api(port, 'GET', '/api/health')).status === 200 ? true : undefined), 120_000);
    const again = await api(port, 'POST', '/api/auth/login', undefined, { email: 'owner@demo.test', password: PASSWORD });
    const token = again.body.token as string;
    const job = await api(port, 'GET', `/api/jobs/${jobId}`, token);
    expect(job.body).toMatchObject({ code: 'RESTART-1', status: 'running', activeSteps: ['draft'] });
    expect((await api(port, 'POST', `/api/jobs/${jobId}/cancel`, token, { reason: 'test over' })).status).toBe(200);
    // After a server restart the job's first task may wait out Temporal's sticky-queue and
    // workflow-task timeouts (10 s each) left by the killed worker: allow for both, and load.
    const cancelled = await waitFor(async () => {
      const res = await api(port, 'GET', `/api/jobs/${jobId}`, token);
      return res.body.status === 'cancelled' ? res.body : undefined;
    }, 90_000);
    expect(cancelled.steps.find((s: { nodeId: string }) => s.nodeId === 'draft')).toMatchObject({ status: 'cancelled' });

    expect(await ctrlC(child)).toBe(0);
    expect(processesMentioning(dataDir)).toEqual([]);
  } catch (error) {
    process.stderr.write(`npm start output:\n${output}\n`);
    throw error;
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 400_000);

/** Uploads a reference banner through the API, as an owner would. */
async function uploadReference(port: number, token: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([await renderDemoBanner()], { type: 'image/png' }), 'reference.png');
  const res = await fetch(`http://localhost:${port}/api/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}
