-- CreateEnum
CREATE TYPE "RiskModelStatus" AS ENUM ('trained', 'not_enough_history');

-- CreateTable
CREATE TABLE "RiskModel" (
    "id" TEXT NOT NULL,
    "status" "RiskModelStatus" NOT NULL,
    "model" JSONB,
    "metrics" JSONB NOT NULL DEFAULT '{}',
    "finishedSteps" INTEGER NOT NULL,
    "trainedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RiskModel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StepRisk" (
    "stepRunId" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "probability" DOUBLE PRECISION NOT NULL,
    "atRisk" BOOLEAN NOT NULL,
    "factors" JSONB NOT NULL DEFAULT '[]',
    "modelId" TEXT NOT NULL,
    "scoredAt" TIMESTAMPTZ(3) NOT NULL,
    "notifiedAt" TIMESTAMPTZ(3),

    CONSTRAINT "StepRisk_pkey" PRIMARY KEY ("stepRunId")
);

-- CreateIndex
CREATE INDEX "RiskModel_trainedAt_idx" ON "RiskModel"("trainedAt");

-- CreateIndex
CREATE INDEX "StepRisk_atRisk_probability_idx" ON "StepRisk"("atRisk", "probability");

-- CreateIndex
CREATE INDEX "StepRisk_jobId_idx" ON "StepRisk"("jobId");

-- AddForeignKey
ALTER TABLE "StepRisk" ADD CONSTRAINT "StepRisk_stepRunId_fkey" FOREIGN KEY ("stepRunId") REFERENCES "StepRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StepRisk" ADD CONSTRAINT "StepRisk_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;
