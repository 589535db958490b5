import path from 'node:path';
import { defineConfig } from 'prisma/config';

/*
 * Prisma 7 CLI configuration (Prisma requires the default export).
 *
 * Offline: every CLI command would try to download the native schema engine
 * first. Pointing PRISMA_SCHEMA_ENGINE_BINARY at a placeholder lets
 * `prisma generate` (the postinstall), `validate` and `format` run, since they
 * use WebAssembly. Migrations are applied by platform/db/migrate.ts and created
 * by scripts/db-new-migration.ts instead. Set PRISMA_USE_NATIVE_SCHEMA_ENGINE=1
 * (or PRISMA_SCHEMA_ENGINE_BINARY) on a machine that has the native engine to
 * use `prisma migrate deploy/status` against the same database.
 */
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY && !process.env.PRISMA_USE_NATIVE_SCHEMA_ENGINE) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = path.join(__dirname, 'prisma', 'offline-schema-engine.sh');
}

export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  datasource: { url: process.env.DATABASE_URL },
});
