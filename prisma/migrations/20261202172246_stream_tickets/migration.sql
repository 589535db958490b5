-- CreateTable
CREATE TABLE "StreamTicket" (
    "tokenHash" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "StreamTicket_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateIndex
CREATE INDEX "StreamTicket_expiresAt_idx" ON "StreamTicket"("expiresAt");

-- AddForeignKey
ALTER TABLE "StreamTicket" ADD CONSTRAINT "StreamTicket_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;
