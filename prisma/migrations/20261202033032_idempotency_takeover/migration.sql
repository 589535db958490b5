-- AlterTable
ALTER TABLE "IdempotencyRecord" ADD COLUMN     "lockedUntil" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "startRequest" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Job_startRequest_key" ON "Job"("startRequest");
