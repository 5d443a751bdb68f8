/**
 * The noise alerts' "judged up to" cursor per instrument. A deployment or a
 * schedule version that starts in the past moves it back, so the windows since
 * then are judged by the limits that now hold for them (at most a day back, as
 * far as the alert path ever looks). Occurrence keys make a window raise its
 * alert once, however often it is looked at.
 */
import type { Tx } from "@/server/db/client";

/** The InstrumentCursor name the alerts domain judges noise windows up to. */
export const NOISE_CURSOR = "exceedance";
export const MAX_REWIND_MS = 25 * 60 * 60_000;

export async function rewindNoiseCursors(
  tx: Tx,
  organizationId: string,
  instrumentIds: readonly string[],
  to: Date,
  now = new Date(),
): Promise<void> {
  if (instrumentIds.length === 0 || to >= now) return;
  const floor = new Date(Math.max(to.getTime(), now.getTime() - MAX_REWIND_MS));
  await tx.instrumentCursor.updateMany({
    where: { organizationId, name: NOISE_CURSOR, instrumentId: { in: [...instrumentIds] }, at: { gt: floor } },
    data: { at: floor },
  });
}
