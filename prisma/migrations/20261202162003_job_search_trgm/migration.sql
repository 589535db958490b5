-- Job search (GET /api/jobs?q=): substring matches over code, title, vendor and file names in any
-- script. pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it without
-- superuser rights. The embedded server ships it; PGlite loads it from its contrib modules.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "Job_search_trgm_idx" ON "Job" USING GIN ("code" gin_trgm_ops, "title" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Org_name_trgm_idx" ON "Org" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "StoredFile_originalName_trgm_idx" ON "StoredFile" USING GIN ("originalName" gin_trgm_ops);
