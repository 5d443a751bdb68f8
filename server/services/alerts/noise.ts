/**
 * Noise limits: which averaging windows of which schedule rows have just
 * completed for an instrument, and how each one went. An instrument deployed
 * at a site is judged by that site's schedule in force at the window's start,
 * with its position's correction; one not deployed, by the organisation's
 * default schedule. Trigger level → warning, limit → critical.
 */
import { averagingWindows, rowPeriods, type ScheduleRow } from "@/lib/limit-schedule";
import { judged, verdict, windowLevel, type MeasurementLike, type Verdict } from "@/lib/window-levels";
import type { ScheduleBook } from "@/server/services/sites";

/** Longest period a row can have (a whole day), plus an hour for DST. */
export const LOOKBACK_MS = 25 * 3_600_000;

export interface Placement {
  siteId: string | null;
  siteName: string | null;
  positionName: string | null;
  correctionDb: number;
  timezone: string;
  /** When the instrument stood there: [start, end). */
  start: Date;
  end: Date | null;
}

export interface DueWindow {
  start: Date;
  end: Date;
  row: ScheduleRow;
  version: number;
  placement: Placement;
}

export interface NoiseJudgement extends DueWindow {
  value: number;
  verdict: Exclude<Verdict, "pass">;
}

/**
 * Where the instrument stood during [from, to): its deployments, and "not
 * deployed" (the organisation's default) for the time between them.
 */
export function placementsBetween(
  deployments: readonly {
    siteId: string;
    site: { name: string; timezone: string | null };
    positionName: string;
    correctionDb: number;
    startAt: Date;
    endAt: Date | null;
  }[],
  orgTimezone: string,
  from: Date,
  to: Date,
): Placement[] {
  const out: Placement[] = [];
  let cursor = from;
  const sorted = [...deployments].sort((a, b) => a.startAt.getTime() - b.startAt.getTime());
  const undeployed = (start: Date, end: Date | null): Placement => ({
    siteId: null,
    siteName: null,
    positionName: null,
    correctionDb: 0,
    timezone: orgTimezone,
    start,
    end,
  });
  for (const d of sorted) {
    if (d.endAt && d.endAt <= from) continue;
    if (d.startAt >= to) break;
    if (d.startAt > cursor) out.push(undeployed(cursor, d.startAt));
    out.push({
      siteId: d.siteId,
      siteName: d.site.name,
      positionName: d.positionName,
      correctionDb: d.correctionDb,
      timezone: d.site.timezone ?? orgTimezone,
      start: d.startAt,
      end: d.endAt,
    });
    cursor = d.endAt ?? to;
    if (cursor >= to) break;
  }
  if (cursor < to) out.push(undeployed(cursor, null));
  return out;
}

const inside = (p: Placement, at: Date) => p.start <= at && (p.end === null || at < p.end);

/**
 * Every averaging window that ends in (from, to], with the row and version in
 * force at its start, at the placement where the instrument stood at its start.
 */
export function windowsDue(book: ScheduleBook, placements: readonly Placement[], from: Date, to: Date): DueWindow[] {
  const out: DueWindow[] = [];
  const lookback = new Date(from.getTime() - LOOKBACK_MS);
  for (const placement of placements) {
    const since = placement.start > lookback ? placement.start : lookback;
    for (const version of book.between(placement.siteId, since, to)) {
      version.rows.forEach((row) => {
        for (const period of rowPeriods(row, lookback, to, placement.timezone)) {
          for (const w of averagingWindows(period, row.averagingMinutes)) {
            if (w.end <= from || w.end > to || !inside(placement, w.start)) continue;
            // Judged by the version in force when the window began (so each window comes from one version).
            if (book.inForce(placement.siteId, w.start)?.version !== version.version) continue;
            out.push({ start: w.start, end: w.end, row, version: version.version, placement });
          }
        }
      });
    }
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** The windows that went above their trigger level or limit. Measurements outside the placement do not count. */
export function judgeWindows(
  windows: readonly DueWindow[],
  measurements: readonly MeasurementLike[],
): NoiseJudgement[] {
  const out: NoiseJudgement[] = [];
  for (const w of windows) {
    const here = measurements.filter((m) => inside(w.placement, m.start));
    const level = windowLevel(here, w, w.row.metric, w.placement.correctionDb);
    if (!judged(level, w) || level.value === null) continue;
    const v = verdict(level.value, w.row.limitDb, w.row.triggerDb);
    if (v !== "pass") out.push({ ...w, value: level.value, verdict: v });
  }
  return out;
}

/** "LAeq,1h", "LAeq,15min", "LAeq,T" (the whole period), "LAFMax". */
export function metricLabel(row: Pick<ScheduleRow, "metric" | "averagingMinutes">): string {
  if (row.metric !== "LAeq" && row.metric !== "LAF90") return row.metric;
  const t = row.averagingMinutes;
  if (t === null) return `${row.metric},T`;
  return t % 60 === 0 ? `${row.metric},${t / 60}h` : `${row.metric},${t}min`;
}

/** The measurement values the windows need. */
export const metricsOf = (windows: readonly DueWindow[]) => [...new Set(windows.map((w) => w.row.metric))];
