-- AlterTable
ALTER TABLE "InstrumentSnapshot" ADD COLUMN     "onlineChangedAtExact" BOOLEAN NOT NULL DEFAULT false;
