/**
 * The worker's half of the webhook path: one stored delivery → snapshot
 * refresh + alert changes, marked processed in the same transaction. Safe to
 * run twice: a processed event is skipped, occurrences are keyed, conditions
 * are idempotent and cursors only move forward.
 * NewMeasurement / NewEvent fetch everything since the last processed time, as
 * the MyCirrus docs ask, not just the one item the message names.
 */
import type { Prisma } from "@/server/db/generated/client";
import { db } from "@/server/db/client";
import { enqueue, QUEUES, type WebhookJob } from "@/server/jobs/queue";
import type { NoiseEvent, NoiseMeasurement } from "@/server/mycirrus";
import { parseDelivery, type WebhookPayload } from "@/server/webhooks/payloads";
import {
  advanceCursor,
  evaluateConditions,
  evaluationContext,
  handleCalibration,
  handleNoiseEvent,
  handleNoiseJudgements,
  judgeWindows,
  metricsOf,
  plannedWindows,
  ruleOf,
  handleSic,
  handleStatusChange,
  readCursor,
  type EvaluationContext,
  type InstrumentRef,
} from "@/server/services/alerts";
import { MEASUREMENT_CURSOR } from "@/server/services/alerts";
import type { DueWindow } from "@/server/services/alerts";
import { withMyCirrus } from "@/server/services/mycirrus";
import { calibrationFields, lockSnapshots, sicFields } from "@/server/services/fleet";

type TxClient = Prisma.TransactionClient;
const EVENTS_CURSOR = "webhook-events";
/** How far back "since the last processed time" reaches when nothing was processed yet. */
const FIRST_EVENTS_LOOKBACK_MS = 60 * 60_000;
const EVENTS_OVERLAP_MS = 5 * 60_000;

/** Schedules a re-check of an instrument's conditions when an offline alert becomes due. */
export async function scheduleAlertCheck(organizationId: string, instrumentId: string, dueAt: Date): Promise<void> {
  await enqueue(QUEUES.alertCheck, { organizationId, instrumentId }, { startAfter: new Date(dueAt.getTime() + 1000) });
}

export async function runAlertCheck(organizationId: string, instrumentId: string, now = new Date()): Promise<void> {
  const instrument = await db().instrument.findFirst({
    where: { id: instrumentId, organizationId },
    include: { snapshot: true },
  });
  if (!instrument?.snapshot) return;
  const ctx = await evaluationContext(organizationId);
  await db().$transaction((tx) => evaluateConditions(tx, ctx, instrument, instrument.snapshot!, now, "poll"));
}

export async function processWebhookEvent(job: WebhookJob, now = new Date()): Promise<"processed" | "skipped"> {
  const event = await db().webhookEvent.findFirst({ where: { id: job.eventId, organizationId: job.organizationId } });
  if (!event || event.processedAt) return "skipped";
  await db().webhookEvent.update({
    where: { id: event.id, organizationId: event.organizationId },
    data: { attempts: { increment: 1 } },
  });
  const organizationId = event.organizationId;
  try {
    const parsed = parseDelivery(event.payload);
    const instrument = event.instrumentSerial
      ? await db().instrument.findFirst({
          where: { organizationId, serial: event.instrumentSerial },
          select: { id: true, serial: true, name: true },
        })
      : null;
    if (!parsed.ok || !parsed.known || !instrument) {
      const reason = !parsed.ok
        ? parsed.message
        : !parsed.known
          ? `Unknown type ${parsed.type}`
          : `Unknown instrument ${event.instrumentSerial}`;
      await db().webhookEvent.update({
        where: { id: event.id, organizationId },
        data: { processedAt: now, processingError: reason },
      });
      return "processed";
    }
    const ctx = await evaluationContext(organizationId);
    const payload = parsed.payload;
    // Fetch (outside any transaction) what the message asks us to fetch.
    const fetched = await fetchFor(ctx, instrument, payload, now);
    const dueAt = await db().$transaction(
      async (tx) => {
        const due = await apply(tx, ctx, instrument, payload, fetched, now);
        await tx.webhookEvent.update({
          where: { id: event.id, organizationId },
          data: { processedAt: new Date(), processingError: null },
        });
        return due;
      },
      { timeout: 30_000 },
    );
    if (dueAt) await scheduleAlertCheck(organizationId, instrument.id, dueAt);
    return "processed";
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db()
      .webhookEvent.update({
        where: { id: event.id, organizationId },
        data: { processingError: message.slice(0, 1000) },
      })
      .catch(() => undefined);
    throw error;
  }
}

interface Fetched {
  events?: NoiseEvent[];
  /** The noise windows that end by `to`, and the measurements they need. */
  measurements?: { windows: DueWindow[]; list: NoiseMeasurement[]; to: Date };
}

async function fetchFor(
  ctx: EvaluationContext,
  instrument: InstrumentRef,
  payload: WebhookPayload,
  now: Date,
): Promise<Fetched> {
  if (payload.type === "NewEvent") {
    const cursor = await readCursor(ctx.organizationId, instrument.id, EVENTS_CURSOR);
    const newest = payload.eventTime ?? payload.time;
    const start = new Date(
      Math.min(
        (cursor?.getTime() ?? now.getTime() - FIRST_EVENTS_LOOKBACK_MS) - EVENTS_OVERLAP_MS,
        newest.getTime() - 60_000,
      ),
    );
    const end = new Date(Math.max(now.getTime(), payload.time.getTime()));
    return {
      events: await withMyCirrus(ctx.organizationId, (c) => c.events({ instruments: [instrument.serial], start, end })),
    };
  }
  if (payload.type === "NewMeasurement") {
    if (!ruleOf(ctx, "noise_exceedance", instrument)) return {};
    const to = payload.endTime ?? payload.time;
    const cursor = await readCursor(ctx.organizationId, instrument.id, MEASUREMENT_CURSOR);
    const from =
      cursor && cursor.getTime() > to.getTime() - 25 * 60 * 60_000 ? cursor : new Date(to.getTime() - 60 * 60_000);
    if (to <= from) return {};
    const windows = await plannedWindows(ctx, instrument.id, from, to);
    if (windows.length === 0) return { measurements: { windows, list: [], to } };
    const start = new Date(Math.min(...windows.map((w) => w.start.getTime())));
    const list = await withMyCirrus(ctx.organizationId, (c) =>
      c.noiseMeasurements({ instruments: [instrument.serial], start, end: to, values: metricsOf(windows) }),
    );
    return { measurements: { windows, list, to } };
  }
  return {};
}

async function apply(
  tx: TxClient,
  ctx: EvaluationContext,
  instrument: InstrumentRef,
  payload: WebhookPayload,
  fetched: Fetched,
  now: Date,
): Promise<Date | null> {
  const organizationId = ctx.organizationId;
  // A poll writing this instrument waits, or is waited for: each sees the other's write.
  await lockSnapshots(tx, organizationId, [instrument.id]);
  const snapshot = await tx.instrumentSnapshot.findUnique({ where: { instrumentId: instrument.id } });
  /** Writes these columns of the snapshot, creating it if the instrument has none yet. */
  const writeSnapshot = (
    data: Omit<Prisma.InstrumentSnapshotUncheckedCreateInput, "instrumentId" | "organizationId">,
  ) =>
    tx.instrumentSnapshot.upsert({
      where: { instrumentId: instrument.id },
      create: { instrumentId: instrument.id, organizationId, ...data },
      update: data,
    });
  switch (payload.type) {
    case "InstrumentStatus": {
      await handleStatusChange(tx, ctx, instrument, payload.online, payload.time, "webhook", now);
      // A message older than what we already know must not undo it.
      if (snapshot?.statusAt && snapshot.statusAt > payload.time) return null;
      const changed = snapshot?.online !== payload.online;
      const data = {
        online: payload.online,
        statusAt: payload.time,
        ...(changed && { onlineChangedAt: payload.time, onlineChangedAtExact: true }),
      };
      const after = await writeSnapshot(data);
      const { offlineDueAt } = await evaluateConditions(tx, ctx, instrument, after, now, "webhook");
      return offlineDueAt;
    }
    case "CalibrationFinished": {
      const cal = {
        instrument: instrument.serial,
        time: payload.data?.time ?? payload.time,
        status: payload.status,
        level: payload.data?.level ?? null,
        offset: payload.data?.offset ?? null,
      };
      const columns = calibrationFields(cal, snapshot);
      if (columns) await writeSnapshot({ ...columns, calibrationInProgress: false });
      await handleCalibration(tx, ctx, instrument, cal, "webhook", now);
      return null;
    }
    case "SicFinished": {
      const d = (payload.data ?? {}) as Record<string, unknown>;
      const num = (...keys: string[]) => {
        for (const k of keys) if (typeof d[k] === "number") return d[k] as number;
        return null;
      };
      const sic = {
        instrument: instrument.serial,
        time: payload.data?.time ?? payload.time,
        status: payload.status,
        band500Hz: num("_500Hz", "_500hz"),
        band1kHz: num("_1KHz", "_1khz", "_1kHz"),
        band8kHz: num("_8KHz", "_8khz", "_8kHz"),
      };
      const columns = sicFields(sic, snapshot);
      if (columns) await writeSnapshot({ ...columns, sicInProgress: false });
      await handleSic(tx, ctx, instrument, sic, "webhook", now);
      return null;
    }
    case "NewEvent": {
      let newest: Date | null = null;
      for (const e of fetched.events ?? []) {
        await handleNoiseEvent(tx, ctx, instrument, e, "webhook", now);
        if (!newest || e.start > newest) newest = e.start;
      }
      if (newest) await advanceCursor(tx, organizationId, instrument.id, EVENTS_CURSOR, newest);
      return null;
    }
    case "NewMeasurement": {
      const end = payload.endTime ?? payload.time;
      if (!snapshot?.lastDataAt || snapshot.lastDataAt < end) await writeSnapshot({ lastDataAt: end });
      const m = fetched.measurements;
      if (m) {
        await handleNoiseJudgements(tx, ctx, instrument, judgeWindows(m.windows, m.list), "webhook", now);
        await advanceCursor(tx, organizationId, instrument.id, MEASUREMENT_CURSOR, m.to);
      }
      return null;
    }
  }
}
