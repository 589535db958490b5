#!/bin/sh
# Placeholder for Prisma's native schema engine, which cannot be downloaded on
# this project's machines. prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY
# here so that `prisma generate/validate/format` (WebAssembly) run offline.
# Migrations: `npm run db:migrate` (apply) and `npx tsx scripts/db-new-migration.ts NAME` (create).
echo "The native Prisma schema engine is not installed (offline). Use npm run db:migrate or scripts/db-new-migration.ts; set PRISMA_USE_NATIVE_SCHEMA_ENGINE=1 to let Prisma download it." >&2
exit 1
