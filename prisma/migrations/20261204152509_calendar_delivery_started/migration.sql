-- AlterTable
ALTER TABLE "CalendarVersion" ADD COLUMN     "deliveryStartedAt" TIMESTAMPTZ(3);

-- Versions stored before this column existed are taken as delivered, except each calendar's latest version
-- after the first: the sweep starts that one once more (a no-op for a version already delivered — one workflow
-- id per version, and jobs ignore a version they applied), which delivers one that a crash left unstarted.
UPDATE "CalendarVersion" v SET "deliveryStartedAt" = v."createdAt"
 WHERE v."version" = 1
    OR v."version" < (SELECT MAX(l."version") FROM "CalendarVersion" l WHERE l."calendarKey" = v."calendarKey");
