/**
 * "Projected breach": while a period is in progress, warn when the rest of it
 * would have to stay quieter than the last hour to keep within the limit, so a
 * site manager can act before the breach rather than read about it after.
 * Opt-in per organisation (the noise rule's `projectedBreach`), LAeq rows only,
 * looked at every 10 minutes per instrument, once per window.
 */
import { headroom, projectedBreach } from "@/lib/acoustics";
import { periodInProgress } from "@/lib/limit-schedule";
import { formatInZone } from "@/lib/local-time";
import { windowLevel } from "@/lib/window-levels";
import { db } from "@/server/db/client";
import type { NoiseMeasurement } from "@/server/mycirrus";
import { withMyCirrus } from "@/server/services/mycirrus";
import { advanceCursor, changesFor, named, ruleOf, type EvaluationContext, type InstrumentRef } from "./evaluation";
import { metricLabel } from "./noise";

const CURSOR = "projected-breach";
const EVERY_MS = 10 * 60_000;
const HOUR_MS = 3_600_000;
/** Too little of the window left to act on: not worth a warning. */
const MIN_REMAINING_MS = 10 * 60_000;

/** One decimal always, as the headroom panel shows it: "71.0 dB", not "71 dB". */
const dB = (n: number) => n.toFixed(1);

export async function checkProjectedBreaches(
  ctx: EvaluationContext,
  noise: readonly InstrumentRef[],
  now: Date,
): Promise<number> {
  const cursors = new Map(
    (await db().instrumentCursor.findMany({ where: { organizationId: ctx.organizationId, name: CURSOR } })).map((c) => [
      c.instrumentId,
      c.at,
    ]),
  );
  const plans = noise.flatMap((instrument) => {
    if (!ruleOf(ctx, "noise_exceedance", instrument)?.params.projectedBreach) return [];
    const last = cursors.get(instrument.id);
    if (last && now.getTime() - last.getTime() < EVERY_MS) return [];
    const placed = ctx.placements.get(instrument.id);
    const version = ctx.book.inForce(placed?.siteId ?? null, now);
    if (!version) return [];
    const windows = periodInProgress(version.rows, now, placed?.timezone ?? ctx.timezone).filter(
      (p) => p.row.metric === "LAeq" && p.window.end.getTime() - now.getTime() >= MIN_REMAINING_MS,
    );
    return windows.length ? [{ instrument, placed, windows }] : [];
  });
  if (plans.length === 0) return 0;
  const start = new Date(
    Math.min(now.getTime() - HOUR_MS, ...plans.flatMap((p) => p.windows.map((w) => w.window.start.getTime()))),
  );
  const measurements: NoiseMeasurement[] = await withMyCirrus(ctx.organizationId, (c) =>
    c.noiseMeasurements({ instruments: plans.map((p) => p.instrument.serial), start, end: now, values: ["LAeq"] }),
  );
  let warned = 0;
  await db().$transaction(async (tx) => {
    for (const { instrument, placed, windows } of plans) {
      const rule = ruleOf(ctx, "noise_exceedance", instrument)!;
      const correction = placed?.correctionDb ?? 0;
      const mine = measurements.filter(
        (m) => m.instrument === instrument.serial && (!placed || m.start >= placed.since),
      );
      const recent = windowLevel(mine, { start: new Date(now.getTime() - HOUR_MS), end: now }, "LAeq", correction);
      const { firstSighting, trigger } = changesFor(tx, ctx, instrument, "poll", now, "event");
      for (const { row, window } of windows) {
        const soFar = windowLevel(mine, { start: window.start, end: now }, "LAeq", correction);
        const elapsedSeconds = (now.getTime() - window.start.getTime()) / 1000;
        const remainingSeconds = (window.end.getTime() - now.getTime()) / 1000;
        const h = headroom({ runningLevel: soFar.value, elapsedSeconds, remainingSeconds, limitDb: row.limitDb });
        if (h.breached || h.maxRemainingLevel === null || !projectedBreach(h, recent.value)) continue;
        const key = `projected:${rule.id}:${instrument.serial}:${row.metric}:${window.start.toISOString()}`;
        if (!(await firstSighting("projected", key, window.start))) continue;
        const tz = placed?.timezone ?? ctx.timezone;
        await trigger(
          rule,
          `${named(ctx, instrument)}: ${metricLabel(row)} on course to exceed the ${row.label.toLowerCase()} limit`,
          `${dB(h.runningLevel!)} dB so far · limit ${row.limitDb} dB · the rest until ${formatInZone(window.end, tz)} may average at most ${dB(h.maxRemainingLevel)} dB, but the last hour averaged ${dB(recent.value!)} dB`,
          {
            kind: "projected",
            metric: row.metric,
            start: window.start.toISOString(),
            end: window.end.toISOString(),
            runningLevel: h.runningLevel,
            maxRemainingLevel: h.maxRemainingLevel,
            recentLevel: recent.value,
            limit: row.limitDb,
            limitLabel: row.label,
          },
          now,
          "warning",
        );
        warned++;
      }
      await advanceCursor(tx, ctx.organizationId, instrument.id, CURSOR, now);
    }
  });
  return warned;
}
