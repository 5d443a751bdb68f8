/**
 * How a status read from MyCirrus (the poller, or an instrument page's live
 * status) goes into the stored snapshot without undoing something newer.
 *
 * A webhook can land while a poll is in flight, and the poll's answer may
 * predate it: an instrument back online at 10:00:03 must not be put offline
 * again by a poll that asked at 10:00:02 and wrote at 10:00:04. So a polled
 * status counts as of the moment its request was sent (`readAt`) and never
 * overwrites a status stamped later; calibration and SIC results only move
 * forward. Callers lock the snapshot rows first (`lockSnapshots`), so the
 * comparison and the write see the same row.
 */
import type { Prisma } from "@/server/db/generated/client";
import type { Calibration, InstrumentStatus, SicResult } from "@/server/mycirrus";

/** What the comparison needs of the stored snapshot. */
export interface StoredStatus {
  online: boolean | null;
  statusAt: Date | null;
  lastCalibrationAt: Date | null;
  lastSicAt: Date | null;
}

const isAfter = (stored: Date | null | undefined, time: Date) => !!stored && stored.getTime() > time.getTime();

/** A calibration result's columns, or none when the stored result is newer: results only move forward. */
export function calibrationFields(cal: Calibration | null, stored: Pick<StoredStatus, "lastCalibrationAt"> | null) {
  if (!cal || isAfter(stored?.lastCalibrationAt, cal.time)) return null;
  return {
    lastCalibrationAt: cal.time,
    lastCalibrationStatus: cal.status,
    lastCalibrationLevel: cal.level,
    lastCalibrationOffset: cal.offset,
  };
}

/** A SIC result's columns, or none when the stored result is newer. */
export function sicFields(sic: SicResult | null, stored: Pick<StoredStatus, "lastSicAt"> | null) {
  if (!sic || isAfter(stored?.lastSicAt, sic.time)) return null;
  return {
    lastSicAt: sic.time,
    lastSicStatus: sic.status,
    lastSic500Hz: sic.band500Hz,
    lastSic1kHz: sic.band1kHz,
    lastSic8kHz: sic.band8kHz,
  };
}

/** The snapshot columns a status read at `readAt` may set over what is stored. */
export function polledStatusFields(status: InstrumentStatus, stored: StoredStatus | null, readAt: Date) {
  const statusIsCurrent = !isAfter(stored?.statusAt, readAt);
  return {
    ...(statusIsCurrent && {
      online: status.online,
      measuring: status.measuring,
      statusAt: readAt,
      ...(stored?.online !== status.online && { onlineChangedAt: readAt, onlineChangedAtExact: false }),
    }),
    // "In progress" read before a result that was stored later is stale.
    ...(!isAfter(stored?.lastCalibrationAt, readAt) && { calibrationInProgress: status.calibrationInProgress }),
    ...(!isAfter(stored?.lastSicAt, readAt) && { sicInProgress: status.sicInProgress }),
    ...calibrationFields(status.lastCalibration, stored),
    ...sicFields(status.lastSic, stored),
  };
}

/**
 * Locks the organisation's snapshot rows (or just the given instruments') until
 * the transaction ends, in one order, so a poll and a webhook writing the same
 * instrument take turns and neither decides on a row the other is changing.
 */
export async function lockSnapshots(
  tx: Prisma.TransactionClient,
  organizationId: string,
  instrumentIds?: string[],
): Promise<void> {
  if (instrumentIds) {
    await tx.$queryRaw`
      SELECT 1 FROM "InstrumentSnapshot"
      WHERE "organizationId" = ${organizationId} AND "instrumentId" = ANY(${instrumentIds})
      ORDER BY "instrumentId" FOR UPDATE`;
  } else {
    await tx.$queryRaw`
      SELECT 1 FROM "InstrumentSnapshot" WHERE "organizationId" = ${organizationId} ORDER BY "instrumentId" FOR UPDATE`;
  }
}
