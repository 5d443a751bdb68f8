-- Alert state, severity, source and rule kind become enums. Written by hand from
-- the generated diff, which dropped and re-added each column (losing every row's
-- value): each column changes type in place instead, so every row keeps its value,
-- and a value outside the enum stops the migration rather than being lost.

-- CreateEnum
CREATE TYPE "AlertState" AS ENUM ('open', 'acknowledged', 'resolved');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('warning', 'critical');

-- CreateEnum
CREATE TYPE "AlertSource" AS ENUM ('webhook', 'poll', 'manual');

-- CreateEnum
CREATE TYPE "RuleKind" AS ENUM ('offline', 'measuring_stopped', 'calibration', 'sic_failed', 'noise_exceedance', 'low_voltage', 'disk_full');

-- AlterTable (the index on state is rebuilt by Postgres with the column)
ALTER TABLE "Alert"
  ALTER COLUMN "state" TYPE "AlertState" USING "state"::"AlertState",
  ALTER COLUMN "severity" TYPE "Severity" USING "severity"::"Severity",
  ALTER COLUMN "source" TYPE "AlertSource" USING "source"::"AlertSource";

-- AlterTable
ALTER TABLE "AlertRule"
  ALTER COLUMN "kind" TYPE "RuleKind" USING "kind"::"RuleKind",
  ALTER COLUMN "severity" TYPE "Severity" USING "severity"::"Severity";
