-- CreateTable
CREATE TABLE "ObservedOccurrence" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "instrumentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "viaWebhookAt" TIMESTAMPTZ(3),
    "viaPollAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ObservedOccurrence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InstrumentCursor" (
    "instrumentId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "InstrumentCursor_pkey" PRIMARY KEY ("instrumentId","name")
);

-- CreateIndex
CREATE INDEX "ObservedOccurrence_organizationId_createdAt_idx" ON "ObservedOccurrence"("organizationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ObservedOccurrence_organizationId_key_key" ON "ObservedOccurrence"("organizationId", "key");

-- CreateIndex
CREATE INDEX "InstrumentCursor_organizationId_idx" ON "InstrumentCursor"("organizationId");

-- AddForeignKey
ALTER TABLE "ObservedOccurrence" ADD CONSTRAINT "ObservedOccurrence_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
