/**
 * The baseline of bench/api.bench.ts: a bare Express + `pg` server that runs
 * the SAME SQL statements as the product's hot reads (api/jobs/job-reads.ts
 * builds them; here they go straight to a `pg` pool as named prepared
 * statements, as the product's Database.query does) and sends the rows as
 * JSON with the SOP version's definition and the list's step titles (read once per version) — no sessions,
 * scope lookups, SOP plans, DTOs, security headers, request logging or metrics. One fixed bearer token stands in for auth.
 * The bench divides the product's p95 by this server's, measured in the same run.
 */
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Pool } from 'pg';
import { readJobInScope, readJobList } from '../api/jobs/job-reads';
import type { AuthUser } from '../api/auth/auth-user';
import type { Database } from '../platform/db/database';

async function main(): Promise<void> {
  const url = process.env.BENCH_API_DATABASE_URL;
  const token = process.env.BENCH_BARE_TOKEN;
  if (!url || !token) throw new Error('BENCH_API_DATABASE_URL and BENCH_BARE_TOKEN must be set');
  const pool = new Pool({ connectionString: url });
  // The bench drops the database at the end: idle clients losing their server must not crash the process.
  pool.on('error', () => undefined);
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) names.set(text, (name = `b_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`));
    return name;
  };
  const db = { query: async (text: string, values: readonly unknown[]) => (await pool.query({ name: nameOf(text), text, values: values as unknown[] })).rows } as unknown as Database;
  // The manager of the demo tenant, as the product's session cache would hold it (only roles and organisation matter here).
  const manager: AuthUser = { id: 'bench', email: 'manager@demo.test', name: 'Manager', roles: ['manager'], orgId: 'buyer', orgKind: 'internal', orgName: 'Buyer', locale: 'zh-CN', timezone: 'Asia/Shanghai' };

  const app = express();
  app.use((req, res, next) => {
    if (req.headers.authorization === `Bearer ${token}`) next();
    else res.sendStatus(401);
  });
  // The SOP version's definition goes out with the job as in the product (whose plan cache holds it): read once per version.
  const definitions = new Map<string, Promise<unknown>>();
  const definitionOf = (sopKey: string, version: number) => {
    const key = `${sopKey}@${version}`;
    let found = definitions.get(key);
    if (!found) {
      found = pool.query('SELECT definition FROM "SopVersion" WHERE "sopKey" = $1 AND version = $2', [sopKey, version]).then((r) => (r.rows[0] as { definition?: unknown } | undefined)?.definition ?? null);
      definitions.set(key, found);
    }
    return found;
  };
  app.get('/api/jobs/:id', (req, res, next) => {
    readJobInScope(db, manager, req.params.id, true)
      .then(async (job) => (job ? res.json({ ...job, definition: await definitionOf(job.sopKey, job.sopVersion) }) : res.sendStatus(404)), next);
  });
  // Node titles per version (the product's plan cache keeps them): the list's active steps carry their step's title.
  const titles = new Map<string, Promise<Map<string, string>>>();
  const titlesOf = (sopKey: string, version: number) => {
    const key = `${sopKey}@${version}`;
    let found = titles.get(key);
    if (!found) {
      found = pool.query('SELECT plan FROM "SopVersion" WHERE "sopKey" = $1 AND version = $2', [sopKey, version]).then((r) => {
        const plan = (r.rows[0] as { plan?: { nodes?: Record<string, { id: string; spec: { title?: string } }> } } | undefined)?.plan;
        return new Map(Object.values(plan?.nodes ?? {}).flatMap((n) => (n.spec.title ? [[n.id, n.spec.title] as [string, string]] : [])));
      });
      titles.set(key, found);
    }
    return found;
  };
  app.get('/api/jobs', (req, res, next) => {
    const limit = Number(req.query.limit ?? 50);
    readJobList(db, manager, { status: req.query.status as string | undefined, vendorOrgId: req.query.vendorOrgId as string | undefined, limit: limit + 1 }).then(async (rows) => {
      const page = rows.slice(0, limit);
      const items: string[] = [];
      for (const row of page) {
        const names = await titlesOf(row.sopKey, row.sopVersion);
        const activeSteps = (row.activeSteps ?? []).map((s) => ({ nodeId: s.nodeId, title: names.get(s.nodeId) ?? null, type: s.type, round: s.round, dueAt: s.dueAt, assigneeRole: s.assigneeRole }));
        items.push(`${row.summary.slice(0, -1)},"activeSteps":${JSON.stringify(activeSteps)}}`);
      }
      const last = page.at(-1);
      const nextCursor = rows.length > limit && last ? Buffer.from(`${last.createdAt}|${last.id}`).toString('base64url') : null;
      res.type('application/json').send(`{"items":[${items.join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`);
    }, next);
  });
  const server = app.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
  server.keepAliveTimeout = 60_000;
  process.on('disconnect', () => {
    server.close(() => setTimeout(() => void pool.end().then(() => process.exit(0)), 1000));
    server.closeAllConnections();
  });
}

main().catch((error: Error) => {
  process.stderr.write(`api-bare-server: ${error.message}\n`);
  process.exit(1);
});
