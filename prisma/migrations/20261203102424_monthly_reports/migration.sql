-- AlterTable
ALTER TABLE "Org" ADD COLUMN     "timezone" TEXT NOT NULL DEFAULT 'Asia/Shanghai';

-- CreateTable
CREATE TABLE "MonthlyReport" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "from" TIMESTAMPTZ(3) NOT NULL,
    "to" TIMESTAMPTZ(3) NOT NULL,
    "timezone" TEXT NOT NULL,
    "vendorCount" INTEGER NOT NULL,
    "pdfSha256" TEXT NOT NULL,
    "xlsxSha256" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MonthlyReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MonthlyReport_orgId_from_idx" ON "MonthlyReport"("orgId", "from");

-- CreateIndex
CREATE UNIQUE INDEX "MonthlyReport_orgId_period_key" ON "MonthlyReport"("orgId", "period");

-- AddForeignKey
ALTER TABLE "MonthlyReport" ADD CONSTRAINT "MonthlyReport_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MonthlyReport" ADD CONSTRAINT "MonthlyReport_pdfSha256_fkey" FOREIGN KEY ("pdfSha256") REFERENCES "FileBlob"("sha256") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MonthlyReport" ADD CONSTRAINT "MonthlyReport_xlsxSha256_fkey" FOREIGN KEY ("xlsxSha256") REFERENCES "FileBlob"("sha256") ON DELETE RESTRICT ON UPDATE CASCADE;
