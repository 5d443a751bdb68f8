/**
 * Turns what the portal learns about instruments (snapshots, noise events,
 * calibrations, SIC results, measurements), by webhook or by polling, into
 * alert changes. Both paths call the same functions and key each occurrence the
 * same way (ObservedOccurrence), so an occurrence raises its alert once
 * whichever path sees it first, and the second sighting only marks it seen.
 */
import type { Prisma } from "@/server/db/generated/client";
import { db } from "@/server/db/client";
import { formatInZone } from "@/lib/local-time";
import type { Calibration, NoiseEvent, NoiseMeasurement, SicResult } from "@/server/mycirrus";
import { activeRules, limitAt, type RuleParams, type RuleView } from "./rules";
import type { AlertSource } from "@/lib/domain";
import { applyAlertChange } from "./alerts";

type TxClient = Prisma.TransactionClient;

export interface InstrumentRef {
  id: string;
  serial: string;
  name: string;
}

export interface ConditionSnapshot {
  online: boolean | null;
  measuring: boolean | null;
  voltage: number | null;
  diskPercent: number | null;
  /** When `online` last changed (or was first seen). */
  onlineChangedAt: Date | null;
}

export interface EvaluationContext {
  organizationId: string;
  timezone: string;
  rules: RuleView[];
}

export async function evaluationContext(organizationId: string): Promise<EvaluationContext> {
  const org = await db().organization.findUniqueOrThrow({ where: { id: organizationId }, select: { timezone: true } });
  return { organizationId, timezone: org.timezone, rules: await activeRules(organizationId) };
}

const ruleOf = <K extends RuleView["kind"]>(ctx: EvaluationContext, kind: K) =>
  ctx.rules.find((r) => r.kind === kind) as (RuleView & { params: RuleParams<K> }) | undefined;

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

const iso = (d: Date) => d.toISOString();

/** How every alert title names its instrument. */
const named = (instrument: InstrumentRef) => `${instrument.name} (${instrument.serial})`;

/**
 * The changes one evaluation can make for one instrument, all carrying the same
 * organisation, instrument and source, so each rule below says only what is its
 * own: when it fires, its words and its data. `mode` is how a trigger treats an
 * alert already open (see AlertOp).
 */
function changesFor(
  tx: TxClient,
  ctx: EvaluationContext,
  instrument: InstrumentRef,
  source: AlertSource,
  now: Date,
  mode: "event" | "condition",
) {
  return {
    /** True on the occurrence's first sighting by either path (see `observe`). */
    firstSighting: (kind: string, key: string, occurredAt: Date) =>
      observe(tx, ctx.organizationId, { instrumentId: instrument.id, kind, key, occurredAt }, source, now),
    trigger: (rule: RuleView, title: string, detail: string, data: Prisma.InputJsonValue, at: Date) =>
      applyAlertChange(tx, ctx.organizationId, {
        op: "trigger",
        mode,
        ruleId: rule.id,
        instrumentId: instrument.id,
        severity: rule.severity,
        title,
        detail,
        data,
        source,
        at,
      }),
    resolve: (rule: RuleView, reason: string) =>
      applyAlertChange(tx, ctx.organizationId, {
        op: "autoResolve",
        ruleId: rule.id,
        instrumentId: instrument.id,
        at: now,
        reason,
        source,
      }),
  };
}

/**
 * Condition rules (offline for N minutes, measuring stopped, low voltage, disk
 * nearly full): open while the condition holds, resolve when it clears.
 * Returns the time at which an offline alert would become due, if it is not yet.
 */
export async function evaluateConditions(
  tx: TxClient,
  ctx: EvaluationContext,
  instrument: InstrumentRef,
  snap: ConditionSnapshot,
  now: Date,
  source: AlertSource,
): Promise<{ offlineDueAt: Date | null }> {
  let offlineDueAt: Date | null = null;
  const { trigger, resolve } = changesFor(tx, ctx, instrument, source, now, "condition");

  const offline = ruleOf(ctx, "offline");
  if (offline && snap.online === false) {
    const since = snap.onlineChangedAt ?? now;
    const due = new Date(since.getTime() + offline.params.minutes * 60_000);
    if (due <= now) {
      await trigger(
        offline,
        `${named(instrument)} is offline`,
        `Offline since ${formatInZone(since, ctx.timezone)}`,
        { since: since.toISOString() },
        since,
      );
    } else offlineDueAt = due;
  } else if (offline && snap.online === true) {
    await resolve(offline, "Back online");
  }

  const measuring = ruleOf(ctx, "measuring_stopped");
  if (measuring && snap.online === true && snap.measuring === false) {
    await trigger(measuring, `${named(instrument)} stopped measuring`, "Online but not measuring", {}, now);
  } else if (measuring && snap.measuring === true) {
    await resolve(measuring, "Measuring again");
  }

  const voltage = ruleOf(ctx, "low_voltage");
  if (voltage && snap.voltage !== null) {
    if (snap.voltage < voltage.params.minVolts) {
      await trigger(
        voltage,
        `${named(instrument)}: input voltage low`,
        `${round(snap.voltage)} V (below ${voltage.params.minVolts} V)`,
        { voltage: snap.voltage },
        now,
      );
    } else await resolve(voltage, `Voltage back to ${round(snap.voltage)} V`);
  }

  const disk = ruleOf(ctx, "disk_full");
  if (disk && snap.diskPercent !== null) {
    if (snap.diskPercent > disk.params.maxPercent) {
      await trigger(
        disk,
        `${named(instrument)}: disk nearly full`,
        `${round(snap.diskPercent)} % used (limit ${disk.params.maxPercent} %)`,
        { diskPercent: snap.diskPercent },
        now,
      );
    } else await resolve(disk, `Disk at ${round(snap.diskPercent)} %`);
  }
  return { offlineDueAt };
}

/**
 * Records that `source` saw an occurrence. True when this is its first
 * sighting (by either path): only then does it raise or resolve anything.
 */
export async function observe(
  tx: TxClient,
  organizationId: string,
  o: { instrumentId: string; kind: string; key: string; occurredAt: Date },
  source: AlertSource,
  now = new Date(),
): Promise<boolean> {
  const viaWebhook = source === "webhook" ? now : null;
  const viaPoll = source === "webhook" ? null : now;
  const rows = await tx.$queryRaw<{ inserted: boolean }[]>`
    INSERT INTO "ObservedOccurrence" ("id", "organizationId", "instrumentId", "kind", "key", "occurredAt", "viaWebhookAt", "viaPollAt")
    VALUES (${`occ_${crypto.randomUUID()}`}, ${organizationId}, ${o.instrumentId}, ${o.kind}, ${o.key}, ${o.occurredAt}, ${viaWebhook}, ${viaPoll})
    ON CONFLICT ("organizationId", "key") DO UPDATE SET
      "viaWebhookAt" = COALESCE("ObservedOccurrence"."viaWebhookAt", EXCLUDED."viaWebhookAt"),
      "viaPollAt" = COALESCE("ObservedOccurrence"."viaPollAt", EXCLUDED."viaPollAt")
    RETURNING (xmax = 0) AS inserted`;
  return rows[0]?.inserted ?? false;
}

const calibrationFailed = (status: string) => !/^success$/i.test(status);

export async function handleCalibration(
  tx: TxClient,
  ctx: EvaluationContext,
  instrument: InstrumentRef,
  cal: Calibration,
  source: AlertSource,
  now = new Date(),
) {
  const { firstSighting, trigger, resolve } = changesFor(tx, ctx, instrument, source, now, "event");
  if (!(await firstSighting("calibration", `calibration:${instrument.serial}:${iso(cal.time)}`, cal.time))) return;
  const rule = ruleOf(ctx, "calibration");
  if (!rule) return;
  const offsetBad = cal.offset !== null && Math.abs(cal.offset) > rule.params.maxOffsetDb;
  if (calibrationFailed(cal.status) || offsetBad) {
    const detail = calibrationFailed(cal.status)
      ? `Calibration ${cal.status.toLowerCase()} at ${formatInZone(cal.time, ctx.timezone)}`
      : `Calibration offset ${cal.offset! > 0 ? "+" : ""}${round(cal.offset!, 2)} dB (limit ±${rule.params.maxOffsetDb} dB) at ${formatInZone(cal.time, ctx.timezone)}`;
    await trigger(
      rule,
      `${named(instrument)}: calibration ${calibrationFailed(cal.status) ? "failed" : "offset out of range"}`,
      detail,
      { time: iso(cal.time), status: cal.status, level: cal.level, offset: cal.offset },
      cal.time,
    );
  } else {
    await resolve(rule, `Calibration passed at ${formatInZone(cal.time, ctx.timezone)}`);
  }
}

export async function handleSic(
  tx: TxClient,
  ctx: EvaluationContext,
  instrument: InstrumentRef,
  sic: SicResult,
  source: AlertSource,
  now = new Date(),
) {
  const { firstSighting, trigger, resolve } = changesFor(tx, ctx, instrument, source, now, "event");
  if (!(await firstSighting("sic", `sic:${instrument.serial}:${iso(sic.time)}`, sic.time))) return;
  const rule = ruleOf(ctx, "sic_failed");
  if (!rule) return;
  if (calibrationFailed(sic.status)) {
    await trigger(
      rule,
      `${named(instrument)}: system integrity check failed`,
      `SIC ${sic.status} at ${formatInZone(sic.time, ctx.timezone)}`,
      {
        time: iso(sic.time),
        status: sic.status,
        band500Hz: sic.band500Hz,
        band1kHz: sic.band1kHz,
        band8kHz: sic.band8kHz,
      },
      sic.time,
    );
  } else {
    await resolve(rule, `SIC passed at ${formatInZone(sic.time, ctx.timezone)}`);
  }
}

/** The highest level a noise event reports (its trigger level if it gives nothing else). */
const eventPeak = (e: NoiseEvent) => Math.max(...e.overall.filter((n) => Number.isFinite(n)), e.level ?? -Infinity);

export async function handleNoiseEvent(
  tx: TxClient,
  ctx: EvaluationContext,
  instrument: InstrumentRef,
  event: NoiseEvent,
  source: AlertSource,
  now = new Date(),
) {
  const { firstSighting, trigger } = changesFor(tx, ctx, instrument, source, now, "event");
  if (!(await firstSighting("event", `event:${instrument.serial}:${iso(event.start)}`, event.start))) return;
  const rule = ruleOf(ctx, "noise_exceedance");
  if (!rule || !rule.params.events) return;
  const limit = limitAt(rule.params.limits, event.start, ctx.timezone);
  const peak = eventPeak(event);
  if (!limit || !Number.isFinite(peak) || peak <= limit.level) return;
  await trigger(
    rule,
    `${named(instrument)}: noise above the ${limit.label.toLowerCase()} limit`,
    `Noise event ${event.name} at ${formatInZone(event.start, ctx.timezone)}: ${round(peak)} dB (${limit.label} limit ${limit.level} dB)`,
    {
      kind: "event",
      start: iso(event.start),
      end: iso(event.end),
      peak,
      limit: limit.level,
      limitLabel: limit.label,
    },
    event.start,
  );
}

/** Records (and so dedupes) a change of online state reported by a webhook. */
export async function handleStatusChange(
  tx: TxClient,
  ctx: EvaluationContext,
  instrument: InstrumentRef,
  online: boolean,
  at: Date,
  source: AlertSource,
  now = new Date(),
) {
  const key =
    source === "webhook"
      ? `status:${instrument.serial}:${online ? "online" : "offline"}:${iso(at)}`
      : `status:${instrument.serial}:${online ? "online" : "offline"}:poll:${iso(at)}`;
  await observe(
    tx,
    ctx.organizationId,
    { instrumentId: instrument.id, kind: "status", key, occurredAt: at },
    source,
    now,
  );
}

/** Energy average of levels weighted by duration. */
function energyAverage(parts: { level: number; seconds: number }[]): number | null {
  const total = parts.reduce((s, p) => s + p.seconds, 0);
  if (total <= 0) return null;
  return 10 * Math.log10(parts.reduce((s, p) => s + p.seconds * 10 ** (p.level / 10), 0) / total);
}

export interface ExceedanceWindow {
  start: Date;
  end: Date;
  level: number;
  limit: { label: string; level: number };
}

/**
 * Whole periods (aligned to the epoch, e.g. clock hours) ending after `from`
 * and no later than `to`, their energy-averaged LAeq and the limit in force at
 * the period's start in the organisation's timezone. Only periods with data
 * covering at least half of them count.
 */
export function exceedanceWindows(
  params: RuleParams<"noise_exceedance">,
  timezone: string,
  measurements: NoiseMeasurement[],
  from: Date,
  to: Date,
): ExceedanceWindow[] {
  const period = params.periodMinutes * 60_000;
  const out: ExceedanceWindow[] = [];
  const firstStart = Math.floor(from.getTime() / period) * period;
  for (let start = firstStart; start + period <= to.getTime(); start += period) {
    if (start + period <= from.getTime()) continue;
    const parts = measurements
      .filter(
        (m) => m.start.getTime() >= start && m.start.getTime() < start + period && typeof m.values.LAeq === "number",
      )
      .map((m) => ({ level: m.values.LAeq as number, seconds: m.durationSeconds ?? 60 }));
    const covered = parts.reduce((s, p) => s + p.seconds, 0) * 1000;
    const level = energyAverage(parts);
    if (level === null || covered < period / 2) continue;
    const limit = limitAt(params.limits, new Date(start), timezone);
    if (limit && level > limit.level) out.push({ start: new Date(start), end: new Date(start + period), level, limit });
  }
  return out;
}

export async function handleExceedances(
  tx: TxClient,
  ctx: EvaluationContext,
  instrument: InstrumentRef,
  windows: ExceedanceWindow[],
  source: AlertSource,
  now = new Date(),
) {
  const rule = ruleOf(ctx, "noise_exceedance");
  if (!rule) return;
  const minutes = rule.params.periodMinutes;
  const metric = minutes % 60 === 0 ? `LAeq,${minutes / 60}h` : `LAeq,${minutes}min`;
  const { firstSighting, trigger } = changesFor(tx, ctx, instrument, source, now, "event");
  for (const w of windows) {
    const key = `exceedance:${rule.id}:${instrument.serial}:${iso(w.start)}`;
    if (!(await firstSighting("exceedance", key, w.start))) continue;
    await trigger(
      rule,
      `${named(instrument)}: noise above the ${w.limit.label.toLowerCase()} limit`,
      `${metric} ${round(w.level)} dB from ${formatInZone(w.start, ctx.timezone)} (${w.limit.label} limit ${w.limit.level} dB)`,
      {
        kind: "exceedance",
        start: iso(w.start),
        end: iso(w.end),
        level: w.level,
        limit: w.limit.level,
        limitLabel: w.limit.label,
      },
      w.start,
    );
  }
}

/** Reads / advances a per-instrument cursor (idempotent: never moves back). */
export async function readCursor(organizationId: string, instrumentId: string, name: string): Promise<Date | null> {
  const row = await db().instrumentCursor.findFirst({ where: { organizationId, instrumentId, name } });
  return row?.at ?? null;
}

export async function advanceCursor(
  tx: TxClient,
  organizationId: string,
  instrumentId: string,
  name: string,
  at: Date,
) {
  await tx.$executeRaw`
    INSERT INTO "InstrumentCursor" ("instrumentId", "name", "organizationId", "at", "updatedAt")
    VALUES (${instrumentId}, ${name}, ${organizationId}, ${at}, now())
    ON CONFLICT ("instrumentId", "name") DO UPDATE SET "at" = GREATEST("InstrumentCursor"."at", EXCLUDED."at"), "updatedAt" = now()
    WHERE "InstrumentCursor"."organizationId" = ${organizationId}`;
}
