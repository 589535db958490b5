-- AlterTable
ALTER TABLE "CalendarVersion" ADD COLUMN     "deliveryStartedAt" TIMESTAMPTZ(3);

-- Versions stored before this column existed were delivered when they were stored.
UPDATE "CalendarVersion" SET "deliveryStartedAt" = "createdAt";
