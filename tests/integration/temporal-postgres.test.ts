/**
 * The production topology's Temporal: the server built from its Go module
 * (go.temporal.io/server v1.29.1) on PostgreSQL, its frontend, history,
 * matching and internal worker services in four processes. A job runs through
 * it while the history and matching services are killed (SIGKILL) and
 * restarted, and completes with each notice decided once.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import type { NotifyInput } from '../../core/jobs/contract';
import { ensureTemporalServer, type TemporalServerTools } from '../../platform/temporal/server-binary';
import { setupTemporalSchemas, startTemporalCluster, temporalDatabaseOf, type TemporalCluster, type TemporalDatabase } from '../../platform/temporal/postgres-temporal';
import { reviewUpdate, submitUpdate } from '../../workflows/definitions';
import type { jobWorkflow } from '../../workflows/job-workflow';
import { noticeKey } from '../support/memory-activities';
import { jobInput, minimalReviewSop, qa, vendor } from '../support/sop-builder';
import { uniqueTaskQueue } from '../support/temporal';
import { noticeLines, spawnWorkerProcess } from '../support/worker-process';
import { activeStep } from '../support/engine-waits';

jest.setTimeout(30 * 60_000); // the first run builds the server from source

let tools: TemporalServerTools;
let db: TemporalDatabase;
let cluster: TemporalCluster;
let connection: Connection;
let client: Client;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-pg-'));

beforeAll(async () => {
  tools = await ensureTemporalServer((line) => process.stderr.write(`${line}\n`));
  const url = process.env.TEST_EMBEDDED_DATABASE_URL;
  if (!url) throw new Error('TEST_EMBEDDED_DATABASE_URL is not set: the jest global setup starts PostgreSQL');
  const suffix = randomBytes(4).toString('hex');
  db = temporalDatabaseOf(url, { database: `temporal_${suffix}`, visibilityDatabase: `temporal_vis_${suffix}` });
  cluster = await startTemporalCluster({ tools, db, dir: path.join(dir, 'server') });
  connection = await Connection.connect({ address: cluster.address });
  client = new Client({ connection });
});

afterAll(async () => {
  await connection?.close();
  await cluster?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the server keeps its state in PostgreSQL: both schemas are at the server version and a second setup changes nothing', async () => {
  setupTemporalSchemas(tools, db);
  const client = new pg.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database: db.database });
  await client.connect();
  try {
    const version = await client.query<{ curr_version: string }>('SELECT curr_version FROM schema_version');
    expect(version.rows.map((r) => r.curr_version)).toEqual(['1.18']);
    const namespaces = await client.query<{ name: string }>("SELECT name FROM namespaces WHERE name = 'default'");
    expect(namespaces.rows).toEqual([{ name: 'default' }]);
  } finally {
    await client.end();
  }
  expect([...cluster.processes().keys()]).toEqual(['frontend', 'history', 'matching', 'worker']);
});

test('a job runs on four service processes and completes with each notice once while history and matching are killed and restarted', async () => {
  const log = path.join(dir, 'activities.jsonl');
  const taskQueue = uniqueTaskQueue('temporal-pg');
  const worker = await spawnWorkerProcess({ address: cluster.address, taskQueue, log });
  try {
    const input = jobInput(minimalReviewSop());
    const handle = await client.workflow.start<typeof jobWorkflow>('jobWorkflow', { taskQueue, workflowId: input.jobId, args: [input] });
    await activeStep(handle, 'draft');

    await cluster.kill('history');
    await cluster.restart('history');
    await handle.executeUpdate(submitUpdate, { args: [{ nodeId: 'draft', actor: vendor, files: [{ deliverable: 'banner', fileId: 'f-1' }] }] });
    await activeStep(handle, 'review');

    await cluster.kill('matching');
    await cluster.restart('matching');
    await handle.executeUpdate(reviewUpdate, { args: [{ nodeId: 'review', actor: qa, decision: 'approved' }] });
    expect((await handle.result()).status).toBe('completed');

    // Each notice in the bookkeeping call that carried it (a recordEvents batch, or a submit or review's one call).
    const notices = noticeLines(log).map((n) => ({ key: noticeKey(n.input), id: n.activityId }));
    const idsByKey = new Map<string, Set<string>>();
    for (const n of notices) idsByKey.set(n.key, (idsByKey.get(n.key) ?? new Set()).add(n.id));
    expect([...idsByKey].map(([key, ids]) => [key, ids.size])).toEqual([
      ['task_assigned/draft/1/-/0', 1],
      ['review_request/review/1/-/0', 1],
      ['job_completed/-/-/-/-', 1],
    ]);
  } finally {
    await worker.stop();
  }
});
