-- AlterTable
ALTER TABLE "FleetSyncState" ADD COLUMN     "lastDataSearchAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "InstrumentSnapshot" ADD COLUMN     "onlineChangedAtExact" BOOLEAN NOT NULL DEFAULT false;
