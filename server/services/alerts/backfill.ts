/**
 * The poller's half of alerting: after each fleet sync, evaluate the condition
 * rules on every refreshed snapshot and reconcile what webhooks may have missed
 * (noise events, calibrations, SIC results, level exceedances) since the
 * organisation's cursors. Raises the same alerts as the webhook path, through
 * the same occurrence keys, so each occurrence counts once.
 */
import { db } from "@/server/db/client";
import type { NoiseMeasurement } from "@/server/mycirrus";
import { isMyCirrusError } from "@/server/mycirrus";
import { AppError } from "@/server/errors";
import {
  advanceCursor,
  evaluateConditions,
  evaluationContext,
  handleCalibration,
  handleNoiseEvent,
  handleNoiseJudgements,
  handleSic,
  handleStatusChange,
  type EvaluationContext,
  ruleOf,
  type InstrumentRef,
} from "./evaluation";
import { judgeWindows, metricsOf, type DueWindow } from "./noise";
import { plannedWindows } from "./noise-plan";
import { checkProjectedBreaches } from "./projected";
import type { SnapshotChange } from "@/server/services/fleet";
import { withMyCirrus } from "@/server/services/mycirrus";
import { NOISE_CURSOR } from "@/server/services/sites";

const BATCH = 50;
/** Re-read this much before each cursor: late batches of events land with older start times. */
const OVERLAP_MS = 15 * 60_000;
/** On the first run, look back this far (not years of history). */
const FIRST_LOOKBACK_MS = 24 * 60 * 60_000;
const MAX_MEASUREMENT_LOOKBACK_MS = 25 * 60 * 60_000;
/** Owned by the sites domain, which moves it back when limits or deployments are back-dated. */
export const MEASUREMENT_CURSOR = NOISE_CURSOR;

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

/** A refused optional read (scope missing, unknown instrument) is skipped, not fatal. */
async function optional<T>(run: () => Promise<T[]>): Promise<T[]> {
  try {
    return await run();
  } catch (error) {
    const cause = error instanceof AppError ? error.cause : error;
    if (isMyCirrusError(cause) && ["forbidden", "bad_request", "not_found"].includes(cause.kind)) return [];
    if (
      error instanceof AppError &&
      (error.code === "FORBIDDEN" || error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")
    )
      return [];
    throw error;
  }
}

/** Condition rules for every refreshed instrument. Returns offline alerts that will become due. */
export async function evaluateSyncChanges(
  organizationId: string,
  changes: SnapshotChange[],
  now = new Date(),
): Promise<{ instrumentId: string; dueAt: Date }[]> {
  const ctx = await evaluationContext(organizationId);
  const snapshots = new Map(
    (
      await db().instrumentSnapshot.findMany({
        where: { organizationId, instrumentId: { in: changes.map((c) => c.instrumentId) } },
      })
    ).map((s) => [s.instrumentId, s]),
  );
  const due: { instrumentId: string; dueAt: Date }[] = [];
  for (const change of changes) {
    const snap = snapshots.get(change.instrumentId);
    if (!snap) continue;
    const instrument = { id: change.instrumentId, serial: change.serial, name: change.name };
    await db().$transaction(async (tx) => {
      if (
        change.before &&
        change.before.online !== null &&
        change.after.online !== null &&
        change.before.online !== change.after.online
      ) {
        await handleStatusChange(tx, ctx, instrument, change.after.online, change.at, "poll", now);
      }
      const { offlineDueAt } = await evaluateConditions(tx, ctx, instrument, snap, now, "poll");
      if (offlineDueAt) due.push({ instrumentId: instrument.id, dueAt: offlineDueAt });
    });
  }
  return due;
}

/** Events, calibrations and SIC since the organisation's cursors, and level exceedances since each instrument's. */
export async function backfillHistory(
  organizationId: string,
  now = new Date(),
): Promise<{ events: number; calibrations: number; sic: number; windows: number }> {
  const ctx = await evaluationContext(organizationId);
  const instruments = await db().instrument.findMany({
    where: { organizationId, removedAt: null },
    select: { id: true, serial: true, name: true, type: true },
  });
  const noise = instruments.filter((i) => i.type === "Noise");
  const bySerial = new Map(instruments.map((i) => [i.serial, i]));
  const state = await db().fleetSyncState.findUnique({ where: { organizationId } });
  const since = (cursor: Date | null | undefined) =>
    new Date((cursor?.getTime() ?? now.getTime() - FIRST_LOOKBACK_MS) - (cursor ? OVERLAP_MS : 0));
  const serials = noise.map((i) => i.serial);
  const counts = { events: 0, calibrations: 0, sic: 0, windows: 0, projected: 0 };
  if (serials.length === 0) return counts;

  const fetched = await withMyCirrus(organizationId, async (client) => {
    const events = [],
      calibrations = [],
      sic = [];
    for (const batch of chunks(serials, BATCH)) {
      events.push(
        ...(await optional(() => client.events({ instruments: batch, start: since(state?.eventsCursor), end: now }))),
      );
      calibrations.push(
        ...(await optional(() =>
          client.calibrations({ instruments: batch, start: since(state?.calibrationCursor), end: now }),
        )),
      );
      sic.push(
        ...(await optional(() => client.sicHistory({ instruments: batch, start: since(state?.sicCursor), end: now }))),
      );
    }
    return { events, calibrations, sic };
  });

  await db().$transaction(
    async (tx) => {
      for (const e of fetched.events) {
        const i = bySerial.get(e.instrument);
        if (i) await handleNoiseEvent(tx, ctx, i, e, "poll", now);
      }
      for (const c of [...fetched.calibrations].sort((a, b) => a.time.getTime() - b.time.getTime())) {
        const i = bySerial.get(c.instrument);
        if (i) await handleCalibration(tx, ctx, i, c, "poll", now);
      }
      for (const s of [...fetched.sic].sort((a, b) => a.time.getTime() - b.time.getTime())) {
        const i = bySerial.get(s.instrument);
        if (i) await handleSic(tx, ctx, i, s, "poll", now);
      }
      await tx.fleetSyncState.upsert({
        where: { organizationId },
        create: { organizationId, eventsCursor: now, calibrationCursor: now, sicCursor: now },
        update: { eventsCursor: now, calibrationCursor: now, sicCursor: now },
      });
    },
    { timeout: 60_000 },
  );
  counts.events = fetched.events.length;
  counts.calibrations = fetched.calibrations.length;
  counts.sic = fetched.sic.length;
  counts.windows = await backfillExceedances(ctx, noise, now);
  counts.projected = await checkProjectedBreaches(ctx, noise, now);
  return counts;
}

/**
 * Measurements reach MyCirrus a little after their period ends; the poll judges
 * only windows that ended this long ago, so their last minute is in.
 */
const POLL_LAG_MS = 2 * 60_000;

/** Noise windows (every schedule row's averaging windows) completed since each instrument's cursor. */
async function backfillExceedances(ctx: EvaluationContext, noise: InstrumentRef[], now: Date): Promise<number> {
  const to = new Date(now.getTime() - POLL_LAG_MS);
  const candidates = noise.filter((i) => ruleOf(ctx, "noise_exceedance", i));
  if (candidates.length === 0) return 0;
  const cursors = new Map(
    (
      await db().instrumentCursor.findMany({ where: { organizationId: ctx.organizationId, name: MEASUREMENT_CURSOR } })
    ).map((c) => [c.instrumentId, c.at]),
  );
  const fromOf = (id: string) => {
    const c = cursors.get(id);
    return c && c.getTime() > now.getTime() - MAX_MEASUREMENT_LOOKBACK_MS ? c : new Date(to.getTime() - 60 * 60_000);
  };
  const plans = new Map<string, DueWindow[]>();
  for (const i of candidates) {
    if (fromOf(i.id) < to) plans.set(i.id, await plannedWindows(ctx, i.id, fromOf(i.id), to));
  }
  const due = candidates.filter((i) => plans.has(i.id));
  if (due.length === 0) return 0;
  const fetching = due.filter((i) => plans.get(i.id)!.length > 0);
  const allWindows = fetching.flatMap((i) => plans.get(i.id)!);
  const measurements =
    allWindows.length === 0
      ? []
      : await withMyCirrus(ctx.organizationId, async (client) => {
          const start = new Date(Math.min(...allWindows.map((w) => w.start.getTime())));
          const values = metricsOf(allWindows);
          const all: NoiseMeasurement[] = [];
          for (const batch of chunks(
            fetching.map((i) => i.serial),
            BATCH,
          )) {
            all.push(
              ...(await optional(() => client.noiseMeasurements({ instruments: batch, start, end: to, values }))),
            );
          }
          return all;
        });
  let found = 0;
  await db().$transaction(
    async (tx) => {
      for (const instrument of due) {
        const mine = measurements.filter((m) => m.instrument === instrument.serial);
        const judgements = judgeWindows(plans.get(instrument.id)!, mine);
        found += judgements.length;
        await handleNoiseJudgements(tx, ctx, instrument, judgements, "poll", now);
        await advanceCursor(tx, ctx.organizationId, instrument.id, MEASUREMENT_CURSOR, to);
      }
    },
    { timeout: 60_000 },
  );
  return found;
}
