import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { audit } from '../../platform/audit/audit-log';
import { openDatabase, type Database } from '../../platform/db/database';
import {
  applyMigrations,
  FailedMigrationError,
  MigrationChecksumError,
  pgExecutor,
  type SqlExecutor,
} from '../../platform/db/migrate';
import { migrationChecksum, readMigrations, type MigrationFile } from '../../platform/db/migration-files';
import { databaseServers, openTestDatabase, type DatabaseServer, type TestDatabase } from '../support/test-database';

/**
 * Every behaviour runs on the embedded PostgreSQL server (the product's
 * default), and on an external server when TEST_DATABASE_URL is set (a fresh
 * database per test, dropped after).
 */
jest.setTimeout(60_000);

const backends = databaseServers();
const migrations = readMigrations();

interface RawDatabase {
  /** A session on the fresh, unmigrated database. */
  sql: SqlExecutor;
  /** Another, independent session on the same database. */
  connect(): Promise<{ sql: SqlExecutor; close(): Promise<void> }>;
  close(): Promise<void>;
}

async function openRaw(server: DatabaseServer): Promise<RawDatabase> {
  const test = await openTestDatabase({ server, migrate: false });
  const sessions: Client[] = [];
  const connect = async () => {
    const client = new Client({ connectionString: test.url });
    await client.connect();
    sessions.push(client);
    return { sql: pgExecutor(client), close: () => client.end() };
  };
  const first = await connect();
  return {
    sql: first.sql,
    connect,
    async close() {
      await Promise.allSettled(sessions.map((s) => s.end()));
      await test.cleanup();
    },
  };
}

async function migrationRows(sql: SqlExecutor) {
  const { rows } = await sql.query<{
    id: string;
    checksum: string;
    migration_name: string;
    finished_at: Date | null;
    started_at: Date;
    logs: string | null;
    rolled_back_at: Date | null;
    applied_steps_count: number;
  }>('SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
  return rows;
}

async function tableExists(sql: SqlExecutor, table: string): Promise<boolean> {
  const { rows } = await sql.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [
    `public."${table}"`,
  ]);
  return rows[0]?.found !== null && rows[0]?.found !== undefined;
}

describe.each(backends)('migrations on %s', (backend) => {
  let raw: RawDatabase;
  beforeEach(async () => {
    raw = await openRaw(backend);
  });
  afterEach(async () => {
    await raw.close();
  });

  it('applies every committed migration to a fresh database and records them as Prisma does', async () => {
    const result = await applyMigrations(raw.sql);

    expect(result.applied).toEqual(migrations.map((m) => m.name));
    const rows = await migrationRows(raw.sql);
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(migrations.map((m) => [m.name, m.checksum]));
    for (const row of rows) {
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.started_at).toBeInstanceOf(Date);
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    for (const table of ['Org', 'User', 'Job', 'StepRun', 'AuditEvent', 'IdempotencyRecord']) {
      expect(await tableExists(raw.sql, table)).toBe(true);
    }
  });

  it('applies nothing the second time', async () => {
    await applyMigrations(raw.sql);
    const before = await migrationRows(raw.sql);

    const again = await applyMigrations(raw.sql);

    expect(again.applied).toEqual([]);
    expect(await migrationRows(raw.sql)).toEqual(before);
  });

  it('applies only the migrations added since the last run', async () => {
    await applyMigrations(raw.sql, { migrations: migrations.slice(0, 1) });

    const rest = await applyMigrations(raw.sql);

    expect(rest.applied).toEqual(migrations.slice(1).map((m) => m.name));
  });

  it('refuses, naming the migration, when an applied migration.sql was edited', async () => {
    await applyMigrations(raw.sql);
    const first = migrations[0] as MigrationFile;
    const edited = { ...first, sql: `${first.sql}\n-- edited\n`, checksum: migrationChecksum(`${first.sql}\n-- edited\n`) };

    const attempt = applyMigrations(raw.sql, { migrations: [edited, ...migrations.slice(1)] });

    await expect(attempt).rejects.toBeInstanceOf(MigrationChecksumError);
    await expect(attempt).rejects.toThrow(
      `Applied migration(s) ${first.name} were modified after they were applied`,
    );
  });

  it('still accepts an applied migration whose line endings were converted to CRLF', async () => {
    await applyMigrations(raw.sql);
    const crlf = migrations.map((m) => ({ ...m, sql: m.sql.replace(/\n/g, '\r\n') }));

    await expect(applyMigrations(raw.sql, { migrations: crlf })).resolves.toEqual({ applied: [] });
  });

  it('rolls a failing migration back whole and records nothing for it', async () => {
    const broken: MigrationFile = {
      name: '29991231235959_broken',
      sql: 'CREATE TABLE "Half" (id INT);\nSELECT * FROM "NoSuchTable";\n',
      checksum: 'unused',
    };

    const attempt = applyMigrations(raw.sql, { migrations: [...migrations, broken] });

    await expect(attempt).rejects.toThrow(/^Migration 29991231235959_broken failed and was rolled back: .*NoSuchTable/);
    expect(await tableExists(raw.sql, 'Half')).toBe(false);
    expect((await migrationRows(raw.sql)).map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
  });

  it('refuses to continue after a migration recorded as unfinished (as prisma migrate deploy does)', async () => {
    await applyMigrations(raw.sql);
    await raw.sql.query('UPDATE "_prisma_migrations" SET finished_at = NULL, logs = $1 WHERE migration_name = $2', [
      'failed elsewhere',
      migrations[0]?.name,
    ]);

    await expect(applyMigrations(raw.sql)).rejects.toBeInstanceOf(FailedMigrationError);
  });

  it('lets exactly one of two processes starting at once apply the migrations', async () => {
    const a = await raw.connect();
    const b = await raw.connect();

    const results = await Promise.all([applyMigrations(a.sql), applyMigrations(b.sql)]);

    const applied = results.map((r) => r.applied.length).sort();
    expect(applied).toEqual([0, migrations.length]);
    expect(await migrationRows(raw.sql)).toHaveLength(migrations.length);
  });
});

describe.each(backends)('the Prisma client on %s', (backend) => {
  let test: TestDatabase;
  let db: Database;
  beforeEach(async () => {
    test = await openTestDatabase({ server: backend });
    db = test.db;
  });
  afterEach(async () => {
    await test.cleanup();
  });

  async function seedJob(code = 'UI-2026-001') {
    const internal = await db.prisma.org.create({ data: { name: 'Acme', kind: 'internal' } });
    const vendor = await db.prisma.org.create({ data: { name: 'Vendor A', kind: 'vendor' } });
    const owner = await db.prisma.user.create({
      data: { email: `owner-${code}@demo.test`, name: 'Owner', passwordHash: 'x', roles: ['owner'], orgId: internal.id },
    });
    await db.prisma.sop.create({ data: { key: `sop-${code}`, name: 'Store decoration', ownerId: owner.id } });
    await db.prisma.sopVersion.create({
      data: { sopKey: `sop-${code}`, version: 1, definition: { nodes: [] }, plan: { steps: [] }, publishedById: owner.id },
    });
    const job = await db.prisma.job.create({
      data: {
        code,
        title: '双十一店铺装修',
        sopKey: `sop-${code}`,
        sopVersion: 1,
        vendorOrgId: vendor.id,
        ownerId: owner.id,
        workflowId: `job-${code}`,
        assignees: { vendor: owner.id },
        fields: { budget: 12000, contractNo: 'HT-7' },
      },
    });
    return { job, owner, vendor };
  }

  it('answers ping and names its own database', async () => {
    await expect(db.ping()).resolves.toBeUndefined();
    expect(db.url).toBe(test.url);
  });

  it('round-trips a job with its steps', async () => {
    const { job, owner } = await seedJob();
    const dueAt = new Date('2026-12-01T10:00:00.000Z');
    await db.prisma.stepRun.createMany({
      data: [
        { jobId: job.id, nodeId: 'upload', type: 'submission', round: 1, status: 'done', outcome: 'submitted' },
        { jobId: job.id, nodeId: 'review', type: 'review', round: 1, dueAt, assigneeRole: 'qa', assigneeUserId: owner.id },
      ],
    });
    await db.prisma.job.update({ where: { id: job.id }, data: { status: 'completed', completedAt: dueAt } });

    const found = await db.prisma.job.findUniqueOrThrow({
      where: { workflowId: 'job-UI-2026-001' },
      include: { steps: { orderBy: { nodeId: 'asc' } }, vendorOrg: true },
    });

    expect(found).toMatchObject({
      code: 'UI-2026-001',
      title: '双十一店铺装修',
      status: 'completed',
      completedAt: dueAt,
      assignees: { vendor: owner.id },
      fields: { budget: 12000, contractNo: 'HT-7' },
      vendorOrg: { name: 'Vendor A', kind: 'vendor' },
    });
    expect(found.steps.map((s) => [s.nodeId, s.status, s.round, s.dueAt, s.assigneeRole])).toEqual([
      ['review', 'active', 1, dueAt, 'qa'],
      ['upload', 'done', 1, null, null],
    ]);
    expect(found.steps[0]?.activatedAt).toBeInstanceOf(Date);

    await db.prisma.job.delete({ where: { id: job.id } });
    expect(await db.prisma.stepRun.count({ where: { jobId: job.id } })).toBe(0);
  });

  it('upserts a step run on (jobId, nodeId, round) without duplicating it', async () => {
    const { job } = await seedJob();
    const key = { jobId_nodeId_round: { jobId: job.id, nodeId: 'upload', round: 2 } };
    const record = (status: 'active' | 'done') =>
      db.prisma.stepRun.upsert({
        where: key,
        create: { jobId: job.id, nodeId: 'upload', type: 'submission', round: 2, status },
        update: { status },
      });

    const first = await record('active');
    const retried = await record('active');
    const finished = await record('done');

    expect(retried.id).toBe(first.id);
    expect(finished).toMatchObject({ id: first.id, status: 'done' });
    expect(await db.prisma.stepRun.count({ where: { jobId: job.id } })).toBe(1);
  });

  it('refuses a second job with the same code', async () => {
    await seedJob('DUP-1');
    const job = await db.prisma.job.findUniqueOrThrow({ where: { code: 'DUP-1' } });

    const duplicate = db.prisma.job.create({
      data: { ...job, id: undefined, workflowId: 'other', assignees: {}, fields: {} },
    });

    await expect(duplicate).rejects.toMatchObject({ code: 'P2002' });
  });

  it('keeps published SOP versions immutable', async () => {
    const { job } = await seedJob();

    const edit = db.prisma.sopVersion.update({
      where: { sopKey_version: { sopKey: job.sopKey, version: 1 } },
      data: { plan: { steps: ['changed'] } },
    });

    await expect(edit).rejects.toThrow(/is published and immutable/);
  });

  it('keeps the audit chain append-only: appends pass, UPDATE, DELETE and TRUNCATE are refused and change nothing', async () => {
    await audit(db.prisma, { type: 'test.appended', actorLabel: 'system', data: { n: 1 } });
    const row = await db.prisma.auditEvent.findFirstOrThrow({ where: { type: 'test.appended' } });
    const count = await db.prisma.auditEvent.count();

    await expect(db.prisma.auditEvent.update({ where: { seq: row.seq }, data: { actorLabel: 'someone else' } })).rejects.toThrow(/AuditEvent is append-only: UPDATE is refused/);
    await expect(db.prisma.$executeRawUnsafe('DELETE FROM "AuditEvent" WHERE "seq" = $1', row.seq)).rejects.toThrow(/AuditEvent is append-only: DELETE is refused/);
    await expect(db.prisma.auditEvent.deleteMany({})).rejects.toThrow(/AuditEvent is append-only: DELETE is refused/);
    await expect(db.prisma.$executeRawUnsafe('TRUNCATE "AuditEvent"')).rejects.toThrow(/AuditEvent is append-only: TRUNCATE is refused/);

    expect(await db.prisma.auditEvent.count()).toBe(count);
    expect(await db.prisma.auditEvent.findUniqueOrThrow({ where: { seq: row.seq } })).toEqual(row);
  });

  it('refuses to migrate when an applied migration was edited, with a clear message', async () => {
    await db.prisma.$executeRawUnsafe(
      `UPDATE "_prisma_migrations" SET checksum = '${'0'.repeat(64)}' WHERE migration_name = '${migrations[0]?.name}'`,
    );

    await expect(db.migrate()).rejects.toThrow(
      `Applied migration(s) ${migrations[0]?.name} were modified after they were applied`,
    );
  });
});

describe('openDatabase options', () => {
  it('rejects a URL that is not PostgreSQL without echoing it', async () => {
    await expect(openDatabase({ url: 'mysql://root:secret@db/x' })).rejects.toThrow(
      'Database url must start with postgres:// or postgresql:// (found "mysql:…")',
    );
  });
});

describe('schema.prisma and the committed migrations', () => {
  it('agree (no migration is missing)', async () => {
    const root = path.resolve(__dirname, '..', '..');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [require.resolve('tsx/cli'), 'scripts/db-new-migration.ts', '--check'],
      { cwd: root },
    );

    expect(stdout.trim()).toBe('no changes');
  });
});
