/**
 * A DATA_DIR written by the PGlite versions moves into the PostgreSQL server
 * on first start (platform/db/pglite-import.ts): every row in one transaction,
 * the old folder kept and named; a folder PGlite cannot open stops the start
 * with what to do and is left exactly as it was.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { audit, verifyAuditChain } from '../../platform/audit/audit-log';
import type { Database } from '../../platform/db/database';
import { applyMigrations } from '../../platform/db/migrate';
import { importPglite, PgliteUnreadableError } from '../../platform/db/pglite-import';
import { PrismaClient } from '../../platform/db/prisma-types';
import { seedDemoTenant } from '../../platform/seed/demo-tenant';
import { LocalFileStorage } from '../../platform/storage/file-storage';
import { openTestDatabase, type TestDatabase } from '../support/test-database';

const dirs: string[] = [];
const databases: TestDatabase[] = [];

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-pglite-'));
  dirs.push(dir);
  return dir;
}

async function emptyTarget(): Promise<TestDatabase> {
  const db = await openTestDatabase({ migrate: false });
  databases.push(db);
  return db;
}

/** A PGlite database as the old `npm start` left it: migrated, demo tenant, a comment and audit events. */
async function oldDataDir(): Promise<{ dir: string; counts: Record<string, number>; headHash: string }> {
  const dir = dataDir();
  const pglite = await PGlite.create(path.join(dir, 'pglite'), { extensions: { pg_trgm } }); // the migrations create pg_trgm
  await applyMigrations(pglite);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  try {
    await seedDemoTenant({ prisma } as Database, new LocalFileStorage(path.join(dir, 'files')), 'old-password', { demoMode: true });
    const counts = { User: await prisma.user.count(), Org: await prisma.org.count(), SopVersion: await prisma.sopVersion.count(), AuditEvent: await prisma.auditEvent.count() };
    const { headHash } = await verifyAuditChain(prisma);
    return { dir, counts, headHash };
  } finally {
    await prisma.$disconnect();
    await pglite.close();
  }
}

afterAll(async () => {
  for (const db of databases) await db.cleanup();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

test('an old PGlite DATA_DIR is imported whole into an empty server, and the old folder is kept under a new name', async () => {
  const old = await oldDataDir();
  const target = await emptyTarget();
  const lines: string[] = [];

  const result = await importPglite(old.dir, target.url, (line) => lines.push(line));

  expect(result.outcome).toBe('imported');
  expect(result.keptAt).toMatch(new RegExp(`^${old.dir}/pglite\\.imported-\\d{8}-\\d{6}$`));
  expect(fs.existsSync(path.join(old.dir, 'pglite'))).toBe(false);
  expect(fs.existsSync(path.join(result.keptAt!, 'PG_VERSION'))).toBe(true);
  expect(lines.at(-1)).toBe(`imported ${Object.values(result.rows!).reduce((a, b) => a + b, 0)} rows from ${old.dir}/pglite; the old directory is kept at ${result.keptAt}`);
  const prisma = target.db.prisma;
  expect({ User: await prisma.user.count(), Org: await prisma.org.count(), SopVersion: await prisma.sopVersion.count(), AuditEvent: await prisma.auditEvent.count() }).toEqual(old.counts);
  expect(await verifyAuditChain(prisma)).toMatchObject({ valid: true, headHash: old.headHash });
  expect((await prisma.user.findUniqueOrThrow({ where: { email: 'owner@demo.test' } })).passwordHash).toMatch(/^\$argon2id\$/);
  // Sequences moved past the imported rows: a new audit event continues the chain.
  await audit(prisma, { type: 'test.after-import', actorLabel: 'test' });
  expect(await verifyAuditChain(prisma)).toMatchObject({ valid: true, checked: old.counts.AuditEvent! + 1 });

  // Started again (the folder was renamed): nothing more to import.
  expect(await importPglite(old.dir, target.url, () => undefined)).toEqual({ outcome: 'none' });
});

test('a folder whose import finished before the rename is only renamed, never imported twice', async () => {
  const old = await oldDataDir();
  const target = await emptyTarget();
  await importPglite(old.dir, target.url, () => undefined);
  fs.renameSync(fs.readdirSync(old.dir).map((n) => path.join(old.dir, n)).find((p) => p.includes('pglite.imported-'))!, path.join(old.dir, 'pglite'));

  const again = await importPglite(old.dir, target.url, () => undefined);

  expect(again.outcome).toBe('already-imported');
  expect(await target.db.prisma.user.count()).toBe(old.counts.User);
});

test('a PGlite folder that cannot be opened stops the import with what to do, and is left exactly as it was', async () => {
  const dir = dataDir();
  const pgliteDir = path.join(dir, 'pglite');
  fs.mkdirSync(path.join(pgliteDir, 'global'), { recursive: true });
  fs.writeFileSync(path.join(pgliteDir, 'PG_VERSION'), '17\n');
  fs.writeFileSync(path.join(pgliteDir, 'global', 'pg_control'), Buffer.alloc(8192, 7));
  const before = fs.readdirSync(pgliteDir, { recursive: true }).sort();
  const target = await emptyTarget();

  const exitCodeBefore = process.exitCode;
  const error = await importPglite(dir, target.url, () => undefined).catch((e: Error) => e);
  // PGlite's runtime sets process.exitCode when it aborts; the import must not decide how the process ends.
  expect(process.exitCode).toBe(exitCodeBefore);

  expect(error).toBeInstanceOf(PgliteUnreadableError);
  expect((error as Error).message).toContain(`The old embedded database in ${pgliteDir} cannot be opened`);
  expect((error as Error).message).toContain(`mv "${pgliteDir}" "${pgliteDir}.unreadable"`);
  expect(fs.readdirSync(pgliteDir, { recursive: true }).sort()).toEqual(before);
  expect(await target.db.prisma.user.count()).toBe(0);
});
