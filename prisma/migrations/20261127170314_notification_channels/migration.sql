-- AlterTable
ALTER TABLE "ChannelConfig" ADD COLUMN     "name" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "settings" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "configId" TEXT,
ADD COLUMN     "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "notificationChannels" "NotificationChannel"[] DEFAULT ARRAY['inbox', 'email']::"NotificationChannel"[];

-- CreateTable
CREATE TABLE "NotificationCursor" (
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "NotificationCursor_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "Notification_status_nextAttemptAt_idx" ON "Notification"("status", "nextAttemptAt");

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_configId_fkey" FOREIGN KEY ("configId") REFERENCES "ChannelConfig"("id") ON DELETE SET NULL ON UPDATE CASCADE;
