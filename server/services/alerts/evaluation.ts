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
import type { Calibration, NoiseEvent, SicResult } from "@/server/mycirrus";
import { rowsAt } from "@/lib/limit-schedule";
import { currentDeployments, scheduleBook, type ScheduleBook } from "@/server/services/sites";
import { listRules, RULE_PARAMS, type RuleParams, type RuleView } from "./rules";
import { metricLabel, type NoiseJudgement } from "./noise";
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

/** Where an instrument stands now, with its site's overrides of the organisation's rules. */
export interface CurrentPlacement {
  siteId: string;
  siteName: string;
  positionName: string;
  /** The site's own timezone, or the organisation's. */
  timezone: string;
  correctionDb: number;
  /** When it was deployed there: only measurements since then are this position's. */
  since: Date;
  overrides: Record<string, { enabled?: boolean; params?: Record<string, unknown> } | undefined>;
}

export interface EvaluationContext {
  organizationId: string;
  timezone: string;
  /** Every rule whose parameters parse, enabled or not (a site may turn a rule on). */
  rules: RuleView[];
  /** By instrument id: where each deployed instrument stands now. */
  placements: Map<string, CurrentPlacement>;
  /** Every limit schedule version of the organisation's default and its sites in use. */
  book: ScheduleBook;
}

export async function evaluationContext(organizationId: string): Promise<EvaluationContext> {
  const org = await db().organization.findUniqueOrThrow({ where: { id: organizationId }, select: { timezone: true } });
  const rules = (await listRules(organizationId)).filter((r) => RULE_PARAMS[r.kind]?.safeParse(r.params).success);
  const current = await currentDeployments(organizationId);
  const overrides = new Map(
    (
      await db().site.findMany({
        where: { organizationId, id: { in: [...new Set([...current.values()].map((d) => d.siteId))] } },
        select: { id: true, ruleOverrides: true },
      })
    ).map((s) => [s.id, (s.ruleOverrides ?? {}) as CurrentPlacement["overrides"]]),
  );
  const placements = new Map(
    [...current.values()].map((d) => [
      d.instrumentId,
      {
        siteId: d.siteId,
        siteName: d.site.name,
        positionName: d.positionName,
        timezone: d.site.timezone ?? org.timezone,
        correctionDb: d.correctionDb,
        since: d.startAt,
        overrides: overrides.get(d.siteId) ?? {},
      },
    ]),
  );
  const book = await scheduleBook(organizationId, [...new Set([...current.values()].map((d) => d.siteId))]);
  return { organizationId, timezone: org.timezone, rules, placements, book };
}

/**
 * The rule of a kind as it applies to this instrument: the organisation's, with
 * the site's override (on/off, threshold) where the instrument is deployed.
 * Undefined when it is off there.
 */
export function ruleOf<K extends RuleView["kind"]>(ctx: EvaluationContext, kind: K, instrument: InstrumentRef) {
  const rule = ctx.rules.find((r) => r.kind === kind);
  if (!rule) return undefined;
  const override = ctx.placements.get(instrument.id)?.overrides[kind];
  const enabled = override?.enabled ?? rule.enabled;
  if (!enabled) return undefined;
  const params = override?.params ? { ...rule.params, ...override.params } : rule.params;
  const parsed = RULE_PARAMS[kind].safeParse(params);
  return { ...rule, enabled, params: (parsed.success ? parsed.data : rule.params) as RuleParams<K> } as RuleView & {
    params: RuleParams<K>;
  };
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

const iso = (d: Date) => d.toISOString();

/** How every alert title names its instrument, and where it stands. */
export function named(ctx: EvaluationContext, instrument: InstrumentRef): string {
  const at = ctx.placements.get(instrument.id);
  const who = `${instrument.name} (${instrument.serial})`;
  return at ? `${who} at ${at.siteName} · ${at.positionName}` : who;
}

/**
 * The changes one evaluation can make for one instrument, all carrying the same
 * organisation, instrument and source, so each rule below says only what is its
 * own: when it fires, its words and its data. `mode` is how a trigger treats an
 * alert already open (see AlertOp).
 */
export function changesFor(
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
    trigger: (
      rule: RuleView,
      title: string,
      detail: string,
      data: Prisma.InputJsonValue,
      at: Date,
      severity: RuleView["severity"] = rule.severity,
    ) =>
      applyAlertChange(tx, ctx.organizationId, {
        op: "trigger",
        mode,
        ruleId: rule.id,
        instrumentId: instrument.id,
        severity,
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

  const offline = ruleOf(ctx, "offline", instrument);
  if (offline && snap.online === false) {
    const since = snap.onlineChangedAt ?? now;
    const due = new Date(since.getTime() + offline.params.minutes * 60_000);
    if (due <= now) {
      await trigger(
        offline,
        `${named(ctx, instrument)} is offline`,
        `Offline since ${formatInZone(since, ctx.timezone)}`,
        { since: since.toISOString() },
        since,
      );
    } else offlineDueAt = due;
  } else if (offline && snap.online === true) {
    await resolve(offline, "Back online");
  }

  const measuring = ruleOf(ctx, "measuring_stopped", instrument);
  if (measuring && snap.online === true && snap.measuring === false) {
    await trigger(measuring, `${named(ctx, instrument)} stopped measuring`, "Online but not measuring", {}, now);
  } else if (measuring && snap.measuring === true) {
    await resolve(measuring, "Measuring again");
  }

  const voltage = ruleOf(ctx, "low_voltage", instrument);
  if (voltage && snap.voltage !== null) {
    if (snap.voltage < voltage.params.minVolts) {
      await trigger(
        voltage,
        `${named(ctx, instrument)}: input voltage low`,
        `${round(snap.voltage)} V (below ${voltage.params.minVolts} V)`,
        { voltage: snap.voltage },
        now,
      );
    } else await resolve(voltage, `Voltage back to ${round(snap.voltage)} V`);
  }

  const disk = ruleOf(ctx, "disk_full", instrument);
  if (disk && snap.diskPercent !== null) {
    if (snap.diskPercent > disk.params.maxPercent) {
      await trigger(
        disk,
        `${named(ctx, instrument)}: disk nearly full`,
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
  const rule = ruleOf(ctx, "calibration", instrument);
  if (!rule) return;
  const offsetBad = cal.offset !== null && Math.abs(cal.offset) > rule.params.maxOffsetDb;
  if (calibrationFailed(cal.status) || offsetBad) {
    const detail = calibrationFailed(cal.status)
      ? `Calibration ${cal.status.toLowerCase()} at ${formatInZone(cal.time, ctx.timezone)}`
      : `Calibration offset ${cal.offset! > 0 ? "+" : ""}${round(cal.offset!, 2)} dB (limit ±${rule.params.maxOffsetDb} dB) at ${formatInZone(cal.time, ctx.timezone)}`;
    await trigger(
      rule,
      `${named(ctx, instrument)}: calibration ${calibrationFailed(cal.status) ? "failed" : "offset out of range"}`,
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
  const rule = ruleOf(ctx, "sic_failed", instrument);
  if (!rule) return;
  if (calibrationFailed(sic.status)) {
    await trigger(
      rule,
      `${named(ctx, instrument)}: system integrity check failed`,
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

/**
 * A MyCirrus noise event (opt-in): its peak against the maximum-level limit in
 * force (LAFMax or LCPeak rows), or, without one, the LAeq limit, as before.
 */
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
  const rule = ruleOf(ctx, "noise_exceedance", instrument);
  if (!rule || !rule.params.events) return;
  const siteId = ctx.placements.get(instrument.id)?.siteId ?? null;
  const version = ctx.book.inForce(siteId, event.start);
  if (!version) return;
  const inForce = rowsAt(version.rows, event.start, ctx.placements.get(instrument.id)?.timezone ?? ctx.timezone);
  const limit =
    inForce.filter((r) => r.metric === "LAFMax" || r.metric === "LCPeak").sort((a, b) => a.limitDb - b.limitDb)[0] ??
    inForce.find((r) => r.metric === "LAeq");
  const peak = eventPeak(event);
  if (!limit || !Number.isFinite(peak) || peak <= limit.limitDb) return;
  await trigger(
    rule,
    `${named(ctx, instrument)}: noise event above the ${limit.label.toLowerCase()} limit`,
    `Noise event ${event.name} at ${formatInZone(event.start, ctx.timezone)}: ${round(peak)} dB (${limit.label} ${limit.metric} limit ${limit.limitDb} dB)`,
    {
      kind: "event",
      start: iso(event.start),
      end: iso(event.end),
      peak,
      limit: limit.limitDb,
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

/**
 * Raises an alert for each window that went above its trigger level (warning)
 * or limit (critical), once per window whichever path sees it first. A window
 * at the limit after one at the trigger escalates the open alert.
 */
export async function handleNoiseJudgements(
  tx: TxClient,
  ctx: EvaluationContext,
  instrument: InstrumentRef,
  judgements: readonly NoiseJudgement[],
  source: AlertSource,
  now = new Date(),
) {
  const rule = ruleOf(ctx, "noise_exceedance", instrument);
  if (!rule) return;
  const { firstSighting, trigger } = changesFor(tx, ctx, instrument, source, now, "event");
  for (const j of judgements) {
    const metric = metricLabel(j.row);
    const key = `exceedance:${rule.id}:${instrument.serial}:${j.row.metric}:${iso(j.start)}:${iso(j.end)}`;
    if (!(await firstSighting("exceedance", key, j.start))) continue;
    const where = j.placement.siteId !== null ? ` at ${j.placement.siteName} · ${j.placement.positionName}` : "";
    const level =
      j.verdict === "exceed"
        ? `${j.row.label} limit ${j.row.limitDb} dB`
        : `${j.row.label} trigger level ${j.row.triggerDb} dB`;
    const correction =
      j.placement.correctionDb !== 0
        ? `, position correction ${j.placement.correctionDb > 0 ? "+" : ""}${j.placement.correctionDb} dB applied`
        : "";
    await trigger(
      rule,
      `${instrument.name} (${instrument.serial})${where}: ${metric} above the ${j.verdict === "exceed" ? "limit" : "trigger level"}`,
      `${metric} ${round(j.value)} dB from ${formatInZone(j.start, j.placement.timezone)} to ${formatInZone(j.end, j.placement.timezone)} (${level}${correction})`,
      {
        kind: "exceedance",
        verdict: j.verdict,
        metric: j.row.metric,
        averagingMinutes: j.row.averagingMinutes,
        start: iso(j.start),
        end: iso(j.end),
        level: j.value,
        limit: j.row.limitDb,
        trigger: j.row.triggerDb,
        limitLabel: j.row.label,
        scheduleVersion: j.version,
        siteId: j.placement.siteId,
        positionName: j.placement.positionName,
        correctionDb: j.placement.correctionDb,
      },
      j.start,
      j.verdict === "exceed" ? "critical" : "warning",
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
