/**
 * The whole product in one test process: a fresh database (on the embedded
 * PostgreSQL server, or the external one of TEST_DATABASE_URL), file storage in a
 * temp folder, the demo tenant, a real worker with the real activities on the
 * real Temporal dev server, and the Express app driven by supertest.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { Express } from 'express';
import type { Client } from '@temporalio/client';
import { createApp, liveHubOf } from '../../api/app';
import { createLoginLimiter } from '../../api/auth/login-limiter';
import { createActivities } from '../../activities/create-activities';
import { sharedOcrPool } from '../../checks/ocr-pool';
import { seedDemoTenant } from '../../platform/seed/demo-tenant';
import { LocalFileStorage, type FileStorage } from '../../platform/storage/file-storage';
import { databaseServers, openTestDatabase, type DatabaseServer, type TestDatabase } from './test-database';
import { connectClient, startWorker, uniqueTaskQueue, type RunningWorker } from './temporal';

export const DEMO_PASSWORD = 'demo-password-for-tests';

export interface AppHarness {
  app: Express;
  test: TestDatabase;
  storage: FileStorage;
  taskQueue: string;
  worker: RunningWorker;
  /** The Temporal client the app uses (tests read workflow results and histories through it). */
  client: Client;
  /** A bearer token for a demo account (`owner`, `qa`, `vendor-a`, …). */
  login(who: string): Promise<string>;
  ids: { users: Record<string, string>; orgs: Record<string, string>; referenceFileId: string };
  close(): Promise<void>;
}

/** The database servers this run covers: the embedded one always, the external one when TEST_DATABASE_URL is set. */
export function databaseKinds(): DatabaseServer[] {
  return databaseServers();
}

export interface AppHarnessOptions {
  /** NOTIFY_ALLOWED_HOSTS of the app (default none, as in production): tests whose receivers listen on loopback list 127.0.0.1. */
  notifyAllowedHosts?: string[];
  /** The store of app and worker (default a LocalFileStorage in a temp folder), e.g. an S3FileStorage on a test gateway. */
  storage?: FileStorage;
}

export async function startAppHarness(kind: DatabaseServer = 'embedded', options: AppHarnessOptions = {}): Promise<AppHarness> {
  const test = await openTestDatabase({ server: kind });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-files-'));
  const storage = options.storage ?? new LocalFileStorage(dir);
  await seedDemoTenant(test.db, storage, DEMO_PASSWORD, { demoMode: true });
  const taskQueue = uniqueTaskQueue(`app-${kind}`);
  const { client, connection } = await connectClient();
  const worker = await startWorker(taskQueue, createActivities({ db: test.db, storage, ocrPool: () => sharedOcrPool(), publicUrl: 'http://localhost' }));
  const app = createApp({
    config: { taskQueue, publicUrl: 'http://localhost' },
    db: test.db,
    temporal: { client, connection, taskQueue },
    storage,
    loginLimiter: createLoginLimiter(test.db),
    notifyAllowedHosts: options.notifyAllowedHosts,
  });
  const prisma = test.db.prisma;
  const users = Object.fromEntries((await prisma.user.findMany()).map((u) => [u.email.replace('@demo.test', ''), u.id]));
  const orgs = Object.fromEntries((await prisma.org.findMany()).map((o) => [o.name, o.id]));
  const reference = await prisma.storedFile.findFirstOrThrow({ where: { originalName: 'reference-banner.png' } });
  const tokens = new Map<string, string>();
  return {
    app,
    test,
    storage,
    taskQueue,
    worker,
    client,
    ids: { users, orgs, referenceFileId: reference.id },
    async login(who) {
      const cached = tokens.get(who);
      if (cached) return cached;
      const res = await request(app).post('/api/auth/login').send({ email: `${who}@demo.test`, password: DEMO_PASSWORD });
      if (res.status !== 200) throw new Error(`login ${who}: ${res.status} ${JSON.stringify(res.body)}`);
      tokens.set(who, res.body.token as string);
      return res.body.token as string;
    },
    async close() {
      await liveHubOf(app).close();
      await worker.stop();
      await sharedOcrPool().terminate();
      await connection.close();
      await test.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
