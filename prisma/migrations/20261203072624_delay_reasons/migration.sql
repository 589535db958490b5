-- CreateEnum
CREATE TYPE "StepDelayKind" AS ENUM ('deadline_moved', 'late_completion');

-- CreateTable
CREATE TABLE "DelayReason" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "labelZh" TEXT NOT NULL,
    "labelEn" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DelayReason_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StepDelay" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "kind" "StepDelayKind" NOT NULL,
    "reason" TEXT NOT NULL,
    "note" TEXT,
    "fromDueAt" TIMESTAMPTZ(3),
    "toDueAt" TIMESTAMPTZ(3),
    "actorId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StepDelay_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DelayReason_orgId_code_key" ON "DelayReason"("orgId", "code");

-- CreateIndex
CREATE INDEX "StepDelay_jobId_nodeId_round_idx" ON "StepDelay"("jobId", "nodeId", "round");

-- CreateIndex
CREATE INDEX "StepDelay_createdAt_idx" ON "StepDelay"("createdAt");

-- AddForeignKey
ALTER TABLE "DelayReason" ADD CONSTRAINT "DelayReason_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StepDelay" ADD CONSTRAINT "StepDelay_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;
