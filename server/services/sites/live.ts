/**
 * A site's period in progress: per deployed position and per row of the
 * schedule in force, the level so far, the limit, and the headroom, i.e. the
 * largest LAeq the rest of the window may average without breaching.
 */
import { headroom, projectedBreach } from "@/lib/acoustics";
import { periodInProgress } from "@/lib/limit-schedule";
import { windowLevel, windowSeconds } from "@/lib/window-levels";
import { withMyCirrus } from "@/server/services/mycirrus";
import { db } from "@/server/db/client";
import { assertSiteVisible, type SiteAccess } from "./access";
import { scheduleBook } from "./schedules";

const HOUR_MS = 3_600_000;
const LIVE_VALUES = ["LAeq", "LAFMax", "LAF90", "LCPeak"];

export interface HeadroomRow {
  label: string;
  metric: string;
  /** The row's T: minutes, or null for the whole period. */
  averagingMinutes: number | null;
  limitDb: number;
  triggerDb: number | null;
  window: { start: Date; end: Date };
  runningLevel: number | null;
  elapsedSeconds: number;
  remainingSeconds: number;
  /** LAeq rows: the most the rest may average; max-type rows: the limit, unless already above it. */
  maxRemainingLevel: number | null;
  breached: boolean;
  /** LAeq over the last hour at this position, corrected. */
  recentLevel: number | null;
  projectedBreach: boolean;
}

export interface PositionHeadroom {
  deploymentId: string;
  serial: string;
  instrumentName: string;
  positionName: string;
  correctionDb: number;
  rows: HeadroomRow[];
}

/** Reads the site's live levels through MyCirrus: one request for all its monitors. */
export async function siteHeadroom(access: SiteAccess, siteId: string, now = new Date()) {
  await assertSiteVisible(access, siteId);
  const organizationId = access.organizationId;
  const site = await db().site.findFirst({
    where: { id: siteId, organizationId },
    select: { timezone: true, organization: { select: { timezone: true } } },
  });
  if (!site) return { timezone: "UTC", version: null, positions: [] };
  const timezone = site.timezone ?? site.organization.timezone;
  const book = await scheduleBook(organizationId, [siteId]);
  const version = book.inForce(siteId, now);
  const deployments = await db().deployment.findMany({
    where: { organizationId, siteId, endAt: null },
    select: {
      id: true,
      positionName: true,
      correctionDb: true,
      startAt: true,
      instrument: { select: { serial: true, name: true, type: true } },
    },
    orderBy: { positionName: "asc" },
  });
  const noise = deployments.filter((d) => d.instrument.type === "Noise");
  const current = version ? periodInProgress(version.rows, now, timezone) : [];
  if (noise.length === 0 || current.length === 0) return { timezone, version, positions: [] };

  const earliest = Math.min(now.getTime() - HOUR_MS, ...current.map((c) => c.window.start.getTime()));
  const measurements = await withMyCirrus(organizationId, (c) =>
    c.noiseMeasurements({
      instruments: noise.map((d) => d.instrument.serial),
      start: new Date(earliest),
      end: now,
      values: LIVE_VALUES,
    }),
  );
  const positions: PositionHeadroom[] = noise.map((d) => {
    // Only what was measured while the monitor stood here counts for this position.
    const mine = measurements.filter((m) => m.instrument === d.instrument.serial && m.start >= d.startAt);
    const recent = windowLevel(mine, { start: new Date(now.getTime() - HOUR_MS), end: now }, "LAeq", d.correctionDb);
    return {
      deploymentId: d.id,
      serial: d.instrument.serial,
      instrumentName: d.instrument.name,
      positionName: d.positionName,
      correctionDb: d.correctionDb,
      rows: current.map(({ row, window }) => {
        const soFar = windowLevel(mine, { start: window.start, end: now }, row.metric, d.correctionDb);
        const elapsedSeconds = Math.max(0, (now.getTime() - window.start.getTime()) / 1000);
        const remainingSeconds = Math.max(0, windowSeconds(window) - elapsedSeconds);
        const energy = row.metric === "LAeq";
        const h = energy
          ? headroom({ runningLevel: soFar.value, elapsedSeconds, remainingSeconds, limitDb: row.limitDb })
          : {
              runningLevel: soFar.value,
              breached: soFar.value !== null && soFar.value > row.limitDb,
              maxRemainingLevel: soFar.value !== null && soFar.value > row.limitDb ? null : row.limitDb,
            };
        return {
          label: row.label,
          metric: row.metric,
          averagingMinutes: row.averagingMinutes,
          limitDb: row.limitDb,
          triggerDb: row.triggerDb,
          window,
          runningLevel: soFar.value,
          elapsedSeconds,
          remainingSeconds,
          maxRemainingLevel: h.maxRemainingLevel,
          breached: h.breached,
          recentLevel: recent.value,
          projectedBreach: energy && projectedBreach(h, recent.value),
        };
      }),
    };
  });
  return { timezone, version, positions };
}
