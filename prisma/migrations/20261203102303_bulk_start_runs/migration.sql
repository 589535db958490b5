-- CreateTable
CREATE TABLE "BulkStartRun" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "startedById" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "total" INTEGER NOT NULL,
    "done" INTEGER NOT NULL DEFAULT 0,
    "results" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "BulkStartRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BulkStartRun_orgId_createdAt_idx" ON "BulkStartRun"("orgId", "createdAt");

-- AddForeignKey
ALTER TABLE "BulkStartRun" ADD CONSTRAINT "BulkStartRun_startedById_fkey" FOREIGN KEY ("startedById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
