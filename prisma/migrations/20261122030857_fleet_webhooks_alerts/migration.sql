-- CreateTable
CREATE TABLE "Instrument" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "serial" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "model" TEXT,
    "name" TEXT NOT NULL,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "features" TEXT[],
    "subscriptionStatus" TEXT,
    "subscriptionTier" TEXT,
    "removedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Instrument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InstrumentSnapshot" (
    "instrumentId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "online" BOOLEAN,
    "measuring" BOOLEAN,
    "calibrationInProgress" BOOLEAN,
    "sicInProgress" BOOLEAN,
    "statusAt" TIMESTAMPTZ(3),
    "onlineChangedAt" TIMESTAMPTZ(3),
    "lastCalibrationAt" TIMESTAMPTZ(3),
    "lastCalibrationStatus" TEXT,
    "lastCalibrationLevel" DOUBLE PRECISION,
    "lastCalibrationOffset" DOUBLE PRECISION,
    "lastSicAt" TIMESTAMPTZ(3),
    "lastSicStatus" TEXT,
    "lastSic500Hz" DOUBLE PRECISION,
    "lastSic1kHz" DOUBLE PRECISION,
    "lastSic8kHz" DOUBLE PRECISION,
    "voltage" DOUBLE PRECISION,
    "diskPercent" DOUBLE PRECISION,
    "cpuPercent" DOUBLE PRECISION,
    "temperature" DOUBLE PRECISION,
    "uptimeSeconds" INTEGER,
    "healthAt" TIMESTAMPTZ(3),
    "lteRsrp" DOUBLE PRECISION,
    "lteSignal" DOUBLE PRECISION,
    "lteAt" TIMESTAMPTZ(3),
    "lastDataAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "InstrumentSnapshot_pkey" PRIMARY KEY ("instrumentId")
);

-- CreateTable
CREATE TABLE "FleetSyncState" (
    "organizationId" TEXT NOT NULL,
    "lastSyncAt" TIMESTAMPTZ(3),
    "lastSyncError" TEXT,
    "lastSyncDurationMs" INTEGER,
    "eventsCursor" TIMESTAMPTZ(3),
    "calibrationCursor" TIMESTAMPTZ(3),
    "sicCursor" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FleetSyncState_pkey" PRIMARY KEY ("organizationId")
);

-- CreateTable
CREATE TABLE "WebhookRegistration" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "instrumentSerial" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "remoteId" TEXT NOT NULL,
    "secretCiphertext" TEXT NOT NULL,
    "secretKeyId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "lastDeliveryAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WebhookRegistration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "registrationId" TEXT,
    "remoteWebhookId" TEXT NOT NULL,
    "bodySha256" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "instrumentSerial" TEXT,
    "payload" JSONB NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMPTZ(3),
    "processingError" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertRule" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "severity" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AlertRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "instrumentId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "openKey" TEXT,
    "state" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "detail" TEXT,
    "data" JSONB,
    "source" TEXT NOT NULL,
    "openedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastTriggeredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "triggerCount" INTEGER NOT NULL DEFAULT 1,
    "acknowledgedAt" TIMESTAMPTZ(3),
    "acknowledgedById" TEXT,
    "resolvedAt" TIMESTAMPTZ(3),
    "resolution" TEXT,
    "assigneeId" TEXT,

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertActivity" (
    "id" TEXT NOT NULL,
    "alertId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actorId" TEXT,
    "text" TEXT,
    "data" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertActivity_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Instrument_organizationId_idx" ON "Instrument"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "Instrument_organizationId_serial_key" ON "Instrument"("organizationId", "serial");

-- CreateIndex
CREATE INDEX "InstrumentSnapshot_organizationId_idx" ON "InstrumentSnapshot"("organizationId");

-- CreateIndex
CREATE INDEX "WebhookRegistration_remoteId_idx" ON "WebhookRegistration"("remoteId");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookRegistration_organizationId_instrumentSerial_type_key" ON "WebhookRegistration"("organizationId", "instrumentSerial", "type");

-- CreateIndex
CREATE INDEX "WebhookEvent_organizationId_receivedAt_idx" ON "WebhookEvent"("organizationId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_remoteWebhookId_bodySha256_key" ON "WebhookEvent"("remoteWebhookId", "bodySha256");

-- CreateIndex
CREATE INDEX "AlertRule_organizationId_idx" ON "AlertRule"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "Alert_openKey_key" ON "Alert"("openKey");

-- CreateIndex
CREATE INDEX "Alert_organizationId_state_openedAt_idx" ON "Alert"("organizationId", "state", "openedAt");

-- CreateIndex
CREATE INDEX "Alert_instrumentId_idx" ON "Alert"("instrumentId");

-- CreateIndex
CREATE INDEX "AlertActivity_alertId_createdAt_idx" ON "AlertActivity"("alertId", "createdAt");

-- CreateIndex
CREATE INDEX "AlertActivity_organizationId_idx" ON "AlertActivity"("organizationId");

-- AddForeignKey
ALTER TABLE "Instrument" ADD CONSTRAINT "Instrument_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InstrumentSnapshot" ADD CONSTRAINT "InstrumentSnapshot_instrumentId_fkey" FOREIGN KEY ("instrumentId") REFERENCES "Instrument"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FleetSyncState" ADD CONSTRAINT "FleetSyncState_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookRegistration" ADD CONSTRAINT "WebhookRegistration_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookEvent" ADD CONSTRAINT "WebhookEvent_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookEvent" ADD CONSTRAINT "WebhookEvent_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "WebhookRegistration"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertRule" ADD CONSTRAINT "AlertRule_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_instrumentId_fkey" FOREIGN KEY ("instrumentId") REFERENCES "Instrument"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AlertRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_acknowledgedById_fkey" FOREIGN KEY ("acknowledgedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertActivity" ADD CONSTRAINT "AlertActivity_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;
