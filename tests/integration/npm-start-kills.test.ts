/**
 * The kill drill (issue 11): `npm start`, and a client that drives jobs through
 * submission and approval — retrying every request with the same
 * Idempotency-Key until it gets an answer (scripts/chaos/retrying-client.ts, the
 * chaos run's client) — while processes of the product are
 * SIGKILLed at random a few seconds after each healthy restart: the API, the
 * worker, the supervisor itself (the operator then starts it again, as a
 * container runtime would) and the PostgreSQL server.
 *
 * Afterwards every job is completed, each submission is stored exactly once
 * with its bytes, the audit chain verifies, and a fresh start opens the data.
 * The figures (jobs, kills, retries, recovery times) are printed as one JSON
 * line: docs/BENCHMARKS.md records them.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import sharp from 'sharp';
import { embeddedDatabaseUrl } from '../../platform/db/database-url';
import { freePort } from '../../platform/net';
import { waitFor } from '../support/wait-for';
import { RetryingClient, type ApiAnswer, type RequestBody } from '../../scripts/chaos/retrying-client';
import {
  ctrlC,
  killProduct,
  makeDataDir,
  postgresMarker,
  processesMentioning,
  processOrNone,
  startProduct,
  type StartedProduct,
  waitForHealth,
} from '../support/npm-start-process';

const PASSWORD = 'kill-drill-password';
const JOBS = 50;
const CONCURRENCY = 4;
const APP_KILLS = 10;
const DATABASE_KILLS = 2;
const KILLS = APP_KILLS + DATABASE_KILLS;

/** start → draft (vendor) → auto (naming check) → qa review → done. */
const drillSop = {
  schemaVersion: 1, key: 'kill-drill', name: 'Kill drill', timezone: 'Asia/Shanghai', roles: ['owner', 'vendor', 'qa'],
  deliverables: [{ id: 'banner', label: 'Banner', naming: '{job.code}_banner_v{version:2}.{ext:png}', accept: ['image/png'] }],
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'draft', type: 'task', assignee: 'vendor', produces: ['banner'] },
    { id: 'auto', type: 'check', checks: [{ kind: 'naming', deliverable: 'banner' }] },
    { id: 'qa', type: 'review', assignee: 'qa', reasons: [{ code: 'bad', label: 'Bad' }] },
    { id: 'done', type: 'end' },
  ],
  edges: [
    { from: 'start', to: 'draft' }, { from: 'draft', to: 'auto' },
    { from: 'auto', to: 'qa', on: 'passed' }, { from: 'auto', to: 'draft', on: 'failed' },
    { from: 'qa', to: 'done', on: 'approved' }, { from: 'qa', to: 'draft', on: 'rejected' },
  ],
};

interface Figures {
  jobs: number;
  kills: Record<string, number>;
  recoverySeconds: number[];
  drillSeconds: number;
}

class Drill {
  product: StartedProduct;
  readonly outputs: string[] = [];
  readonly figures: Figures = { jobs: 0, kills: {}, recoverySeconds: [], drillSeconds: 0 };
  readonly client: RetryingClient;

  constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {
    this.client = new RetryingClient([port], { timeoutMs: 240_000, host: 'localhost' });
    this.product = this.start();
  }

  start(): StartedProduct {
    return startProduct(this.dataDir, this.port, { DEMO_PASSWORD: PASSWORD });
  }

  async healthy(): Promise<void> {
    await waitForHealth(this.product, this.port);
  }

  /** One request, retried with the same Idempotency-Key until the product answers for real (scripts/chaos/retrying-client.ts). */
  call(method: string, url: string, token: string, body: RequestBody = {}, key?: string): Promise<ApiAnswer> {
    return this.client.call(method, url, token, body, key);
  }

  async login(email: string): Promise<string> {
    return this.client.login(email, PASSWORD);
  }

  /** Set when the test ends (passed or failed): the killer stops, and so does any request still retrying. */
  get stopped(): boolean {
    return this.client.stopped;
  }

  set stopped(value: boolean) {
    this.client.stopped = value;
  }

  /** The figures with the client's retries and answers by status. */
  report(): string {
    return JSON.stringify({ ...this.figures, retries: this.client.retries, answersByStatus: this.client.answersByStatus });
  }

  /** Waits until the job's active steps include `nodeId` (or the job has the given status). */
  async until(token: string, jobId: string, test: (job: any) => boolean): Promise<any> {
    return waitFor(async () => {
      const res = await this.call('GET', `/api/jobs/${jobId}`, token);
      return res.status === 200 && test(res.body) ? res.body : undefined;
    }, 240_000);
  }

  /** SIGKILLs one process of the product; for the supervisor, starts the product again as an operator would. */
  async kill(target: 'api' | 'worker' | 'supervisor' | 'postgres'): Promise<void> {
    const marker = { api: 'api/main.ts', worker: 'worker/main.ts', supervisor: 'scripts/start.ts', postgres: postgresMarker(this.dataDir) }[target];
    const pid = processOrNone(this.dataDir, marker);
    if (pid === undefined) throw new Error(`no ${target} process to kill`);
    const at = Date.now();
    process.kill(pid, 'SIGKILL');
    this.figures.kills[target] = (this.figures.kills[target] ?? 0) + 1;
    if (target === 'supervisor') {
      await this.product.exited;
      this.outputs.push(this.product.output());
      // Its services stop when their IPC channel closes; the next start ends anything left over.
      this.product = this.start();
    } else {
      await waitFor(async () => {
        const now = processOrNone(this.dataDir, marker);
        return now !== undefined && now !== pid ? true : undefined;
      }, 120_000);
    }
    await this.healthy();
    this.figures.recoverySeconds.push(Math.round((Date.now() - at) / 100) / 10);
  }
}

/** A small PNG of its own colour per job (so every submission has distinct bytes). */
async function bannerFor(n: number): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 20, channels: 3, background: { r: n % 256, g: (n * 37) % 256, b: 99 } } })
    .png()
    .toBuffer();
}

test('jobs driven through submit and approve survive repeated SIGKILLs of the API, worker, supervisor and database: all complete, each submission stored once, audit chain intact', async () => {
  const dataDir = makeDataDir('sop-kill-');
  const drill = new Drill(dataDir, await freePort());
  const began = Date.now();
  try {
    await drill.healthy();
    const owner = await drill.login('owner@demo.test');
    const vendor = await drill.login('vendor-a@demo.test');
    const qa = await drill.login('qa@demo.test');
    const created = await drill.call('POST', '/api/sops', owner, { json: { definition: drillSop } }, 'drill-sop');
    expect([created.status, created.body?.detail]).toEqual([201, undefined]);
    const published = await drill.call('POST', '/api/sops/kill-drill/publish', owner, {}, 'drill-publish');
    expect([published.status, published.body?.detail]).toEqual([200, undefined]);
    const orgs = (await drill.call('GET', '/api/orgs', owner)).body.items as Array<{ id: string; name: string }>;
    const users = (await drill.call('GET', '/api/users', owner)).body.items as Array<{ id: string; email: string }>;
    const userId = (email: string) => users.find((u) => u.email === email)!.id;
    const vendorOrgId = orgs.find((o) => o.name === 'Vendor A')!.id;
    const run = randomUUID().slice(0, 8);

    // The killer: after each healthy (re)start, a random pause, then one SIGKILL. Two of the
    // twelve kills hit the database server; the others the API, the worker or the supervisor.
    let kills = 0;
    const plan = ['api', 'worker', 'supervisor', 'api', 'worker', 'supervisor', 'api', 'worker', 'api', 'worker'] as const;
    const order: Array<'api' | 'worker' | 'supervisor' | 'postgres'> = [...plan].sort(() => Math.random() - 0.5);
    order.splice(3 + Math.floor(Math.random() * 3), 0, 'postgres');
    order.splice(8 + Math.floor(Math.random() * 3), 0, 'postgres');
    const killer = (async () => {
      for (const target of order) {
        await new Promise((resolve) => setTimeout(resolve, 1500 + Math.random() * 3500));
        if (drill.stopped) return;
        await drill.kill(target);
        kills += 1;
      }
    })();
    killer.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile

    const submitted = new Map<string, { jobId: string; sha256: string }>();
    const driveJob = async (n: number) => {
      // Spread the jobs over the drill: job n starts once n/JOBS of the kills have happened.
      while (kills < Math.floor((n * KILLS) / JOBS)) {
        if (drill.stopped) throw new Error('the drill is over');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const code = `KILL-${run}-${n}`;
      const started = await drill.call('POST', '/api/jobs', owner, {
        json: { sop: 'kill-drill', code, title: `Kill drill ${n}`, vendorOrgId, assignees: { vendor: userId('vendor-a@demo.test'), qa: userId('qa@demo.test') } },
      }, `start-${code}`);
      expect([started.status, started.body?.code, started.body?.type]).toEqual([201, code, undefined]);
      const jobId = started.body.id as string;
      await drill.until(owner, jobId, (job) => job.activeSteps?.includes('draft'));
      const banner = await bannerFor(n);
      const submission = await drill.call('POST', `/api/jobs/${jobId}/steps/draft/submissions`, vendor, {
        form: () => {
          const form = new FormData();
          form.append('banner', new Blob([banner], { type: 'image/png' }), `${code}_banner_v01.png`);
          return form;
        },
      }, `submit-${code}`);
      expect([submission.status, submission.body?.type, submission.body?.detail]).toEqual([201, undefined, undefined]);
      submitted.set(code, { jobId, sha256: createHash('sha256').update(banner).digest('hex') });
      await drill.until(owner, jobId, (job) => job.activeSteps?.includes('qa'));
      const review = await drill.call('POST', `/api/jobs/${jobId}/steps/qa/review`, qa, { json: { decision: 'approved' } }, `approve-${code}`);
      expect([review.status, review.body?.type, review.body?.detail]).toEqual([200, undefined, undefined]);
      await drill.until(owner, jobId, (job) => job.status === 'completed');
      drill.figures.jobs += 1;
    };
    let next = 0;
    const drivers = Array.from({ length: CONCURRENCY }, async () => {
      while (next < JOBS) await driveJob(next++);
    });
    await Promise.all([...drivers, killer]); // fails as soon as a driver or the killer does
    drill.figures.drillSeconds = Math.round((Date.now() - began) / 1000);

    expect(kills).toBe(KILLS);
    expect(drill.figures.kills.postgres).toBe(DATABASE_KILLS);
    expect(drill.figures.jobs).toBe(JOBS);

    // Each submission exactly once, with the bytes that were sent.
    for (const [code, { jobId, sha256 }] of submitted) {
      const files = await drill.call('GET', `/api/jobs/${jobId}/files`, owner);
      expect([code, files.body.versions.map((v: any) => [v.version, v.sha256])]).toEqual([code, [[1, sha256]]]);
      const content = await fetch(`http://localhost:${drill.port}/api/files/${files.body.versions[0].fileId}/content`, { headers: { authorization: `Bearer ${owner}` } });
      expect(createHash('sha256').update(Buffer.from(await content.arrayBuffer())).digest('hex')).toBe(sha256);
    }
    const db = new pg.Client({ connectionString: embeddedDatabaseUrl(dataDir) });
    await db.connect();
    try {
      const rows = await db.query<{ code: string; submissions: string; reviews: string; status: string }>(
        `SELECT j.code, j.status,
                (SELECT count(*) FROM "Submission" s WHERE s."jobId" = j.id) AS submissions,
                (SELECT count(*) FROM "Review" r WHERE r."jobId" = j.id) AS reviews
           FROM "Job" j WHERE j.code LIKE $1 ORDER BY j.code`,
        [`KILL-${run}-%`],
      );
      expect(rows.rows).toHaveLength(JOBS);
      for (const row of rows.rows) expect([row.code, row.status, Number(row.submissions), Number(row.reviews)]).toEqual([row.code, 'completed', 1, 1]);
    } finally {
      await db.end();
    }
    const admin = await drill.login('admin@demo.test');
    const verified = await drill.call('GET', '/api/audit/verify', admin);
    expect(verified.body).toMatchObject({ valid: true });

    // A fresh start opens the same data.
    expect(await ctrlC(drill.product)).toBe(0);
    expect(processesMentioning(dataDir)).toEqual([]);
    drill.outputs.push(drill.product.output());
    drill.product = drill.start();
    await drill.healthy();
    const token = await drill.login('owner@demo.test');
    const listed = await drill.call('GET', `/api/jobs?sop=kill-drill&status=completed&limit=100`, token);
    expect(listed.status).toBe(200);
    expect(listed.body.items.filter((j: { code: string }) => j.code.startsWith(`KILL-${run}-`))).toHaveLength(JOBS);
    expect(await ctrlC(drill.product)).toBe(0);

    process.stdout.write(`kill drill figures: ${drill.report()}\n`);
  } catch (error) {
    process.stderr.write(`kill drill figures so far: ${drill.report()}\nnpm start output:\n${drill.outputs.join('\n---\n')}\n${drill.product.output()}\n`);
    throw error;
  } finally {
    drill.stopped = true;
    killProduct(drill.product);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 1_500_000);
