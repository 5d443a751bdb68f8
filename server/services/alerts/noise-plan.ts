/** Where an instrument stood and which windows are due: the database half of noise.ts's planning. */
import { deploymentsBetween, type ScheduleBook } from "@/server/services/sites";
import { LOOKBACK_MS, placementsBetween, windowsDue, type DueWindow } from "./noise";

/**
 * The windows of one instrument that end in (from, to], from where it stood
 * and the schedules in force: what to fetch, and what to judge once fetched.
 */
export async function plannedWindows(
  ctx: { organizationId: string; timezone: string; book: ScheduleBook },
  instrumentId: string,
  from: Date,
  to: Date,
): Promise<DueWindow[]> {
  const since = new Date(from.getTime() - LOOKBACK_MS);
  const deployments = await deploymentsBetween(ctx.organizationId, [instrumentId], since, to);
  const placements = placementsBetween(deployments, ctx.timezone, since, to);
  return windowsDue(ctx.book, placements, from, to);
}
