/**
 * `npm run cluster` as an operator runs it: PostgreSQL, the Temporal server on
 * it as four service processes, the S3 gateway, two APIs and two workers come
 * up; a session from one API works on the other, a file uploaded through one is
 * read through the other (S3), a job started on one runs; the history service
 * and a worker die hard and come back with the job still answering; Ctrl-C
 * leaves no process behind.
 */
import fs from 'node:fs';
import { freePort } from '../../platform/net';
import { waitFor } from '../support/wait-for';
import {
  callApi as api,
  ctrlC,
  killAndWaitForReplacement,
  killProduct,
  makeDataDir,
  processesMentioning,
  startProduct,
  type StartedProduct,
  uploadReference,
} from '../support/npm-start-process';

const PASSWORD = 'cluster-test-password';

test('npm run cluster serves the product from two APIs and two workers on Temporal-on-PostgreSQL and S3, survives a killed history service and worker, and stops on Ctrl-C', async () => {
  const dataDir = makeDataDir('sop-cluster-');
  let product: StartedProduct | undefined;
  try {
    product = startProduct(dataDir, await freePort(), { DEMO_PASSWORD: PASSWORD, STORAGE: '', S3_BUCKET: '' }, 'scripts/cluster.ts');
    const started = product;
    await waitFor(async () => (started.output().includes('Ctrl-C stops everything.') ? true : undefined), 15 * 60_000);
    const output = product.output();
    const [api1, api2] = [...(/app: +http:\/\/localhost:(\d+) +http:\/\/localhost:(\d+)/.exec(output) ?? [])].slice(1).map(Number) as [number, number];
    expect(output).toMatch(/Temporal server on PostgreSQL at 127\.0\.0\.1:\d+ \(frontend, history, matching, worker;/);
    expect(output).toMatch(/S3 gateway \(versitygw\) at http:\/\/127\.0\.0\.1:\d+, bucket sop-files/);
    for (const port of [api1, api2]) expect((await api(port, 'GET', '/readyz')).body).toEqual({ status: 'ready', db: 'ok', temporal: 'ok' });

    const login = await api(api2, 'POST', '/api/auth/login', undefined, { email: 'owner@demo.test', password: PASSWORD });
    expect(login.status).toBe(200);
    const owner = login.body.token as string;
    const reference = await uploadReference(api2, owner);
    const bytes = await fetch(`http://localhost:${api1}/api/files/${reference}/content`, { headers: { authorization: `Bearer ${owner}` } });
    expect(bytes.status).toBe(200);
    expect((await bytes.arrayBuffer()).byteLength).toBeGreaterThan(1000);

    const orgs = (await api(api1, 'GET', '/api/orgs', owner)).body.items as Array<{ id: string; name: string }>;
    const users = (await api(api1, 'GET', '/api/users', owner)).body.items as Array<{ id: string; email: string }>;
    const userId = (email: string) => users.find((u) => u.email === email)!.id;
    const startJob = (port: number, code: string) => api(port, 'POST', '/api/jobs', owner, {
      sop: 'store-decoration', code, title: code, vendorOrgId: orgs.find((o) => o.name === 'Vendor A')!.id,
      assignees: { qa: userId('qa@demo.test'), manager: userId('manager@demo.test') },
      references: { banner: reference },
    });
    const draftActive = (port: number, id: string) =>
      waitFor(async () => ((await api(port, 'GET', `/api/jobs/${id}`, owner)).body.activeSteps?.includes('draft') ? true : undefined), 120_000);
    const first = await startJob(api1, 'CLUSTER-1');
    expect(first.status).toBe(201);
    await draftActive(api2, first.body.id as string);

    // The history service and one worker die hard: the supervisor starts each again and jobs carry on.
    await killAndWaitForReplacement(dataDir, '--service history', 120_000);
    await killAndWaitForReplacement(dataDir, 'worker/main.ts', 120_000);
    const second = await startJob(api2, 'CLUSTER-2');
    expect(second.status).toBe(201);
    await draftActive(api1, second.body.id as string);
    expect((await api(api1, 'POST', `/api/jobs/${first.body.id as string}/cancel`, owner, { reason: 'test over' })).status).toBe(200);
    await waitFor(async () => ((await api(api2, 'GET', `/api/jobs/${first.body.id as string}`, owner)).body.status === 'cancelled' ? true : undefined), 120_000);

    expect(await ctrlC(product)).toBe(0);
    expect(processesMentioning(dataDir)).toEqual([]);
  } catch (error) {
    process.stderr.write(`npm run cluster output:\n${product?.output().slice(-6000) ?? ''}\n`);
    throw error;
  } finally {
    killProduct(product);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 20 * 60_000);
