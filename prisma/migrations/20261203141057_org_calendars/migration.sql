-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "calendarKey" TEXT,
ADD COLUMN     "calendarVersion" INTEGER;

-- CreateTable
CREATE TABLE "Calendar" (
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Calendar_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "CalendarVersion" (
    "id" TEXT NOT NULL,
    "calendarKey" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "spec" JSONB NOT NULL,
    "timezone" TEXT NOT NULL,
    "note" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CalendarVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CalendarVersion_calendarKey_version_key" ON "CalendarVersion"("calendarKey", "version");

-- CreateIndex
CREATE INDEX "Job_calendarKey_status_idx" ON "Job"("calendarKey", "status");

-- AddForeignKey
ALTER TABLE "CalendarVersion" ADD CONSTRAINT "CalendarVersion_calendarKey_fkey" FOREIGN KEY ("calendarKey") REFERENCES "Calendar"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalendarVersion" ADD CONSTRAINT "CalendarVersion_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
