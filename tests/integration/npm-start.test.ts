/**
 * `npm start` as a user runs it: everything comes up healthy, a second start on
 * the same DATA_DIR is refused, probes and metrics answer on the API and the
 * worker, a killed API, worker, PostgreSQL or Temporal dev server is restarted
 * with the job still running, Ctrl-C (SIGINT to the process group, as
 * a terminal sends it) leaves no process behind, and a new start finds the same
 * data and the same running job.
 */
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../../platform/net';
import { waitFor } from '../support/wait-for';
import {
  callApi as api,
  ctrlC,
  killAndWaitForReplacement,
  killProduct,
  makeDataDir,
  postgresMarker,
  processesMentioning,
  startProduct,
  type StartedProduct,
  uploadReference,
  waitForHealth,
} from '../support/npm-start-process';

const PASSWORD = 'restart-test-password';

async function loginOwner(port: number): Promise<string> {
  const login = await waitFor(async () => {
    const res = await api(port, 'POST', '/api/auth/login', undefined, { email: 'owner@demo.test', password: PASSWORD });
    return res.status === 200 ? res : undefined;
  }, 60_000);
  return login.body.token as string;
}

test('npm start comes up healthy with probes and metrics, refuses a second start, restarts a killed API, worker, database server or Temporal dev server, stops cleanly on Ctrl-C, and a restart keeps data and running jobs', async () => {
  const dataDir = makeDataDir('sop-start-');
  const port = await freePort();
  let product: StartedProduct | undefined = startProduct(dataDir, port, { DEMO_PASSWORD: PASSWORD });
  let outputs = '';
  try {
    await waitForHealth(product, port);
    expect((await api(port, 'GET', '/api/health')).body).toEqual({ status: 'ok', db: 'ok', temporal: 'ok' });
    // npm start is demo mode: its API (a child process) names the demo accounts on the login page.
    expect((await api(port, 'GET', '/api/auth/options')).body).toMatchObject({ demoMode: true, demoAccounts: expect.arrayContaining(['owner@demo.test', 'admin@demo.test']) });
    expect(product.output()).toContain('Temporal dev server on');
    expect(product.output()).toMatch(/PostgreSQL on 127\.0\.0\.1:\d+ \(cluster in /);
    expect([(await api(port, 'GET', '/livez')).body, (await api(port, 'GET', '/readyz')).body]).toEqual([{ status: 'ok' }, { status: 'ready', db: 'ok', temporal: 'ok' }]);
    // The worker's probes and metrics, on the free port npm start printed; its /metrics includes the Temporal SDK's.
    const workerPort = Number(/worker: +http:\/\/localhost:(\d+)\/metrics/.exec(product.output())?.[1]);
    // Each probe gives up after 5 s, so one request that hangs while the machine is busy does not use up the wait.
    const probe = (route: string) => fetch(`http://127.0.0.1:${workerPort}${route}`, { signal: AbortSignal.timeout(5000) });
    await waitFor(async () => ((await probe('/readyz').catch(() => undefined))?.status === 200 ? true : undefined), 120_000);
    const workerMetrics = await waitFor(async () => {
      const text = await (await probe('/metrics')).text();
      return /^temporal_\w+/m.test(text) ? text : undefined;
    }, 120_000);
    expect(workerMetrics).toContain('# TYPE sop_ocr_pool_queue gauge');
    // the OCR check's second engine (PaddleOCR) is on by default in a worker
    expect(workerMetrics).toMatch(/^sop_ocr_second_engine\{state="busy"\} [01]$/m);
    const page = await fetch(`http://localhost:${port}/jobs/any-client-route`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<div id="root">');

    const owner = await loginOwner(port);
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

    // A second supervisor on the same data directory is refused while this one runs.
    const second = startProduct(dataDir, await freePort());
    expect(await second.exited).toBe(2);
    expect(second.output()).toMatch(/already runs on .* \(pid \d+\)/);

    // The API, the worker and the database server each die hard: each comes back and the job carries on.
    await killAndWaitForReplacement(dataDir, 'api/main.ts');
    await killAndWaitForReplacement(dataDir, 'worker/main.ts');
    await killAndWaitForReplacement(dataDir, postgresMarker(dataDir));
    await killAndWaitForReplacement(dataDir, path.join(dataDir, 'temporal.db'));
    await waitFor(async () => ((await api(port, 'GET', '/api/health')).status === 200 ? true : undefined), 120_000);
    const again = await loginOwner(port);
    expect((await api(port, 'GET', `/api/jobs/${jobId}`, again)).body).toMatchObject({ status: 'running', activeSteps: ['draft'] });
    expect(product.output()).toMatch(/api exited \(SIGKILL\); restarting/);
    expect(product.output()).toMatch(/worker exited \(SIGKILL\); restarting/);
    expect(product.output()).toMatch(/PostgreSQL exited \([^)]+\); restarting/);
    expect(product.output()).toMatch(/Temporal dev server exited \([^)]+\); restarting/);

    expect(await ctrlC(product)).toBe(0);
    expect(processesMentioning(dataDir)).toEqual([]);
    outputs += product.output();

    product = startProduct(dataDir, port, { DEMO_PASSWORD: PASSWORD });
    await waitForHealth(product, port);
    const token = await loginOwner(port);
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

    expect(await ctrlC(product)).toBe(0);
    expect(processesMentioning(dataDir)).toEqual([]);
  } catch (error) {
    process.stderr.write(`npm start output:\n${outputs}${product?.output() ?? ''}\n`);
    throw error;
  } finally {
    killProduct(product);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 600_000);
