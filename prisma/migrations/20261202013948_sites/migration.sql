-- CreateEnum
CREATE TYPE "PositionType" AS ENUM ('facade', 'free_field');

-- CreateEnum
CREATE TYPE "NoiseMetric" AS ENUM ('LAeq', 'LAFMax', 'LAF90', 'LCPeak');

-- AlterTable
ALTER TABLE "Alert" ADD COLUMN     "positionName" TEXT,
ADD COLUMN     "siteId" TEXT;

-- AlterTable
ALTER TABLE "AlertSubscription" ADD COLUMN     "siteIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "siteIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "siteLimited" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "Site" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "clientName" TEXT,
    "address" TEXT,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "timezone" TEXT,
    "startDate" DATE,
    "endDate" DATE,
    "notes" TEXT,
    "archivedAt" TIMESTAMPTZ(3),
    "ruleOverrides" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Site_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Deployment" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "instrumentId" TEXT NOT NULL,
    "positionName" TEXT NOT NULL,
    "positionType" "PositionType" NOT NULL,
    "correctionDb" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "startAt" TIMESTAMPTZ(3) NOT NULL,
    "endAt" TIMESTAMPTZ(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Deployment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LimitSchedule" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "siteId" TEXT,
    "scopeKey" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "effectiveFrom" TIMESTAMPTZ(3) NOT NULL,
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LimitSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LimitRow" (
    "id" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "days" INTEGER[],
    "fromTime" TEXT NOT NULL,
    "toTime" TEXT NOT NULL,
    "metric" "NoiseMetric" NOT NULL,
    "averagingMinutes" INTEGER,
    "triggerDb" DOUBLE PRECISION,
    "limitDb" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "LimitRow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MembershipSite" (
    "membershipId" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,

    CONSTRAINT "MembershipSite_pkey" PRIMARY KEY ("membershipId","siteId")
);

-- CreateIndex
CREATE INDEX "Site_organizationId_idx" ON "Site"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "Site_organizationId_code_key" ON "Site"("organizationId", "code");

-- CreateIndex
CREATE INDEX "Deployment_organizationId_siteId_idx" ON "Deployment"("organizationId", "siteId");

-- CreateIndex
CREATE INDEX "Deployment_instrumentId_startAt_idx" ON "Deployment"("instrumentId", "startAt");

-- CreateIndex
CREATE INDEX "LimitSchedule_organizationId_scopeKey_effectiveFrom_idx" ON "LimitSchedule"("organizationId", "scopeKey", "effectiveFrom");

-- CreateIndex
CREATE UNIQUE INDEX "LimitSchedule_organizationId_scopeKey_version_key" ON "LimitSchedule"("organizationId", "scopeKey", "version");

-- CreateIndex
CREATE UNIQUE INDEX "LimitRow_scheduleId_position_key" ON "LimitRow"("scheduleId", "position");

-- CreateIndex
CREATE INDEX "MembershipSite_siteId_idx" ON "MembershipSite"("siteId");

-- CreateIndex
CREATE INDEX "Alert_organizationId_siteId_idx" ON "Alert"("organizationId", "siteId");

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Site" ADD CONSTRAINT "Site_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_instrumentId_fkey" FOREIGN KEY ("instrumentId") REFERENCES "Instrument"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LimitSchedule" ADD CONSTRAINT "LimitSchedule_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LimitSchedule" ADD CONSTRAINT "LimitSchedule_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LimitRow" ADD CONSTRAINT "LimitRow_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "LimitSchedule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MembershipSite" ADD CONSTRAINT "MembershipSite_membershipId_fkey" FOREIGN KEY ("membershipId") REFERENCES "Membership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MembershipSite" ADD CONSTRAINT "MembershipSite_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One deployment of an instrument at a time, enforced by the database: no two rows of one
-- instrument whose [startAt, endAt) ranges overlap (endAt null = still deployed = open-ended).
-- Prisma's schema language cannot express this, so it lives here only (see ARCHITECTURE.md).
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_ends_after_start" CHECK ("endAt" IS NULL OR "endAt" > "startAt");
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_one_at_a_time"
  EXCLUDE USING gist ("instrumentId" WITH =, tstzrange("startAt", "endAt", '[)') WITH &&);

-- The organisation-wide noise rule's JSON limits become version 1 of the organisation's default
-- schedule (used for instruments not deployed at a site), row for row: label, weekdays, from, to
-- and level (as the limit). Its averaging period becomes each row's T when it is 5, 15, 30 or 60
-- minutes, otherwise T = the whole period. The rule keeps only what is not a limit.
INSERT INTO "LimitSchedule" ("id", "organizationId", "siteId", "scopeKey", "version", "effectiveFrom", "note")
SELECT DISTINCT ON (r."organizationId") 'ls_' || r."id", r."organizationId", NULL, 'org', 1,
       TIMESTAMPTZ '1970-01-01 00:00:00+00', 'Migrated from the noise rule''s limits'
FROM "AlertRule" r
WHERE r."kind" = 'noise_exceedance'
ORDER BY r."organizationId", r."createdAt";

INSERT INTO "LimitRow" ("id", "scheduleId", "position", "label", "days", "fromTime", "toTime", "metric",
                        "averagingMinutes", "triggerDb", "limitDb")
SELECT 'lr_' || r."id" || '_' || (e.ord - 1), 'ls_' || r."id", (e.ord - 1)::int, e.value ->> 'label',
       ARRAY(SELECT jsonb_array_elements_text(e.value -> 'days')::int), e.value ->> 'from', e.value ->> 'to',
       'LAeq',
       CASE WHEN (r."params" ->> 'periodMinutes')::int IN (5, 15, 30, 60) THEN (r."params" ->> 'periodMinutes')::int END,
       NULL, (e.value ->> 'level')::double precision
FROM "AlertRule" r
JOIN "LimitSchedule" s ON s."id" = 'ls_' || r."id"
CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(r."params" -> 'limits') = 'array' THEN r."params" -> 'limits' ELSE '[]'::jsonb END)
  WITH ORDINALITY AS e(value, ord)
WHERE r."kind" = 'noise_exceedance';

UPDATE "AlertRule"
SET "params" = jsonb_build_object('events', COALESCE("params" -> 'events', 'false'::jsonb), 'projectedBreach', 'false'::jsonb)
WHERE "kind" = 'noise_exceedance';
