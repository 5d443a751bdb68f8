/**
 * Alert rules per organisation: the kinds, their parameters (validated with
 * zod), the defaults every organisation starts with (all on; within the noise
 * rule, single noise events are opt-in), and the time-of-day / weekday limits
 * of the noise rule in the organisation's timezone.
 */
import { z } from "zod";
import type { RuleUpdate } from "@/lib/alerts";
import { RULE_KINDS, type RuleKind, type Severity } from "@/lib/domain";
import { localClock } from "@/lib/local-time";
import type { Prisma } from "@/server/db/generated/client";
import { db, type Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:MM (24-hour)");

const levelLimitSchema = z.object({
  label: z.string().min(1).max(40),
  /** 0 = Sunday … 6 = Saturday, the weekday on which the period starts. */
  days: z.array(z.number().int().min(0).max(6)).min(1).max(7),
  from: hhmm,
  /** Exclusive; a `to` at or before `from` crosses midnight. */
  to: hhmm,
  level: z.number().min(20).max(140),
});
export type LevelLimit = z.infer<typeof levelLimitSchema>;

export const RULE_PARAMS = {
  offline: z.object({ minutes: z.number().int().min(0).max(1440) }),
  measuring_stopped: z.object({}),
  calibration: z.object({ maxOffsetDb: z.number().min(0).max(5) }),
  sic_failed: z.object({}),
  noise_exceedance: z.object({
    /** Energy-averaged level over each whole period (e.g. LAeq,1h). */
    periodMinutes: z.number().int().min(1).max(1440),
    limits: z.array(levelLimitSchema).max(10),
    /** Also alert on MyCirrus noise events whose peak is above the limit in force. */
    events: z.boolean(),
  }),
  low_voltage: z.object({ minVolts: z.number().min(0).max(48) }),
  disk_full: z.object({ maxPercent: z.number().min(1).max(100) }),
} as const satisfies Record<RuleKind, z.ZodType>;

export type RuleParams<K extends RuleKind> = z.infer<(typeof RULE_PARAMS)[K]>;

const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6];

export const DEFAULT_RULES: { kind: RuleKind; name: string; severity: Severity; params: object }[] = [
  { kind: "offline", name: "Instrument offline", severity: "critical", params: { minutes: 5 } },
  { kind: "measuring_stopped", name: "Measuring stopped", severity: "critical", params: {} },
  { kind: "calibration", name: "Calibration failed or drifting", severity: "warning", params: { maxOffsetDb: 0.3 } },
  { kind: "sic_failed", name: "System integrity check failed", severity: "warning", params: {} },
  {
    kind: "noise_exceedance",
    name: "Noise limit exceeded",
    severity: "warning",
    params: {
      periodMinutes: 60,
      limits: [
        { label: "Day", days: ALL_DAYS, from: "07:00", to: "23:00", level: 75 },
        { label: "Night", days: ALL_DAYS, from: "23:00", to: "07:00", level: 55 },
      ],
      // Off by default: a noise event's peak (LCpeak, LAFmax) sits well above an
      // LAeq limit, so nearly every event of every monitor would alert and keep
      // retriggering, burying offline / SIC / voltage / calibration problems.
      // The period limits above are the default noise alert; events are opt-in.
      events: false,
    },
  },
  { kind: "low_voltage", name: "Input voltage low", severity: "warning", params: { minVolts: 11 } },
  { kind: "disk_full", name: "Disk nearly full", severity: "warning", params: { maxPercent: 90 } },
];

export interface RuleView {
  id: string;
  kind: RuleKind;
  name: string;
  enabled: boolean;
  severity: Severity;
  params: Record<string, unknown>;
}

/**
 * Creates the default rules once per organisation (defaults on). A transaction
 * advisory lock makes two concurrent callers create them once.
 */
export async function ensureDefaultRules(
  organizationId: string,
  overrides: { offlineMinutes?: number } = {},
): Promise<void> {
  if ((await db().alertRule.count({ where: { organizationId } })) > 0) return;
  await db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`alert-rules:${organizationId}`}))`;
    if ((await tx.alertRule.count({ where: { organizationId } })) > 0) return;
    for (const rule of DEFAULT_RULES) {
      const params =
        rule.kind === "offline" && overrides.offlineMinutes !== undefined
          ? { minutes: overrides.offlineMinutes }
          : rule.params;
      await tx.alertRule.create({
        data: {
          organizationId,
          kind: rule.kind,
          name: rule.name,
          severity: rule.severity,
          params: params as Prisma.InputJsonValue,
        },
      });
    }
  });
}

function view(row: {
  id: string;
  kind: RuleKind;
  name: string;
  enabled: boolean;
  severity: Severity;
  params: Prisma.JsonValue;
}): RuleView {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    enabled: row.enabled,
    severity: row.severity,
    params: (row.params ?? {}) as Record<string, unknown>,
  };
}

export async function listRules(organizationId: string, tx: Tx = db()): Promise<RuleView[]> {
  await ensureDefaultRules(organizationId);
  const rows = await tx.alertRule.findMany({ where: { organizationId }, orderBy: { createdAt: "asc" } });
  return rows.sort((a, b) => RULE_KINDS.indexOf(a.kind) - RULE_KINDS.indexOf(b.kind)).map(view);
}

/** Enabled rules with parsed parameters; a rule whose stored params no longer parse is skipped. */
export async function activeRules(organizationId: string): Promise<RuleView[]> {
  return (await listRules(organizationId)).filter((r) => r.enabled && RULE_PARAMS[r.kind]?.safeParse(r.params).success);
}

export async function updateRule(organizationId: string, actorId: string, input: RuleUpdate): Promise<RuleView> {
  const rule = await db().alertRule.findFirst({ where: { id: input.ruleId, organizationId } });
  if (!rule) throw new AppError("NOT_FOUND", "Alert rule not found");
  let params: Prisma.InputJsonValue | undefined;
  if (input.params) {
    const parsed = RULE_PARAMS[rule.kind].safeParse(input.params);
    if (!parsed.success)
      throw new AppError("BAD_REQUEST", parsed.error.issues[0]?.message ?? "Invalid rule settings", {
        field: "params",
      });
    params = parsed.data as Prisma.InputJsonValue;
  }
  return db().$transaction(async (tx) => {
    const updated = await tx.alertRule.update({
      where: { id: rule.id, organizationId },
      data: { name: input.name, enabled: input.enabled, severity: input.severity, params },
    });
    await recordAudit(tx, {
      organizationId,
      actorId,
      action: "alert_rule.updated",
      targetType: "alert_rule",
      targetId: rule.id,
      data: {
        kind: rule.kind,
        name: input.name,
        enabled: input.enabled,
        severity: input.severity,
        params,
      } as Prisma.InputJsonValue,
    });
    return view(updated);
  });
}

// ---- time of day in the organisation's timezone ----

const minutes = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

/**
 * The limit in force at `at` (local time in `timeZone`), or null when none
 * applies. A limit crossing midnight (23:00–07:00) belongs, after midnight, to
 * the weekday it started on. With overlapping limits the lowest level wins.
 */
export function limitAt(limits: LevelLimit[], at: Date, timeZone: string): LevelLimit | null {
  const { weekday, minutes: minute } = localClock(at, timeZone);
  let best: LevelLimit | null = null;
  for (const limit of limits) {
    const from = minutes(limit.from);
    const to = minutes(limit.to);
    let applies: boolean;
    if (from < to) applies = minute >= from && minute < to && limit.days.includes(weekday);
    else
      applies =
        (minute >= from && limit.days.includes(weekday)) || (minute < to && limit.days.includes((weekday + 6) % 7));
    if (applies && (!best || limit.level < best.level)) best = limit;
  }
  return best;
}
