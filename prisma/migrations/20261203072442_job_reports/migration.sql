-- CreateEnum
CREATE TYPE "JobReportStatus" AS ENUM ('filed', 'missed');

-- CreateTable
CREATE TABLE "JobReport" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "period" INTEGER NOT NULL,
    "status" "JobReportStatus" NOT NULL,
    "periodStart" TIMESTAMPTZ(3) NOT NULL,
    "periodEnd" TIMESTAMPTZ(3) NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "answers" JSONB NOT NULL DEFAULT '{}',
    "note" TEXT,
    "actorId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JobReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "JobReport_jobId_createdAt_id_idx" ON "JobReport"("jobId", "createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "JobReport_jobId_nodeId_round_period_key" ON "JobReport"("jobId", "nodeId", "round", "period");

-- AddForeignKey
ALTER TABLE "JobReport" ADD CONSTRAINT "JobReport_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobReport" ADD CONSTRAINT "JobReport_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
