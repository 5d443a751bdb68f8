/**
 * Alert rules per organisation: the kinds, their parameters (validated with
 * zod), the defaults every organisation starts with (all on; within the noise
 * rule, single noise events are opt-in), and the time-of-day / weekday limits
 * of the noise rule in the organisation's timezone.
 */
import { z } from "zod";
import type { RuleUpdate } from "@/lib/alerts";
import { RULE_KINDS, type RuleKind, type Severity } from "@/lib/domain";
import type { Prisma } from "@/server/db/generated/client";
import { db, type Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit";

export const RULE_PARAMS = {
  offline: z.object({ minutes: z.number().int().min(0).max(1440) }),
  measuring_stopped: z.object({}),
  calibration: z.object({ maxOffsetDb: z.number().min(0).max(5) }),
  sic_failed: z.object({}),
  /** The limits themselves are the limit schedules (a site's, or the organisation's default). */
  noise_exceedance: z.object({
    /** Also alert on MyCirrus noise events whose peak is above the maximum-level limit in force. */
    events: z.boolean(),
    /** Warn while a period is in progress when the rest of it would have to stay below the last hour's level. */
    projectedBreach: z.boolean().default(false),
  }),
  low_voltage: z.object({ minVolts: z.number().min(0).max(48) }),
  disk_full: z.object({ maxPercent: z.number().min(1).max(100) }),
} as const satisfies Record<RuleKind, z.ZodType>;

export type RuleParams<K extends RuleKind> = z.infer<(typeof RULE_PARAMS)[K]>;

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
      // Off by default: a noise event's peak (LCpeak, LAFmax) sits well above an
      // LAeq limit, so nearly every event of every monitor would alert and keep
      // retriggering, burying offline / SIC / voltage / calibration problems.
      // The period limits above are the default noise alert; events are opt-in.
      events: false,
      projectedBreach: false,
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

/** Kinds a site may override: every rule but the noise limits, which are the site's own schedule. */
export const SITE_OVERRIDABLE_KINDS: readonly RuleKind[] = RULE_KINDS.filter((k) => k !== "noise_exceedance");

/**
 * Sets (or, with both null, clears) a site's override of one organisation
 * rule: on/off, and its parameters (the same shape the rule takes).
 */
export async function setSiteRuleOverride(
  organizationId: string,
  actorId: string,
  input: { siteId: string; kind: RuleKind; enabled: boolean | null; params: Record<string, unknown> | null },
): Promise<Record<string, unknown>> {
  if (!SITE_OVERRIDABLE_KINDS.includes(input.kind))
    throw new AppError("BAD_REQUEST", "A site's noise limits are its limit schedule", { field: "kind" });
  let params: Record<string, unknown> | null = null;
  if (input.params) {
    const parsed = RULE_PARAMS[input.kind].safeParse(input.params);
    if (!parsed.success)
      throw new AppError("BAD_REQUEST", parsed.error.issues[0]?.message ?? "Invalid rule settings", {
        field: `params.${parsed.error.issues[0]?.path.join(".") ?? ""}`,
      });
    params = parsed.data as Record<string, unknown>;
  }
  return db().$transaction(async (tx) => {
    const site = await tx.site.findFirst({
      where: { id: input.siteId, organizationId },
      select: { id: true, ruleOverrides: true },
    });
    if (!site) throw new AppError("NOT_FOUND", "Site not found");
    const before = (site.ruleOverrides ?? {}) as Record<string, unknown>;
    const next = { ...before };
    if (input.enabled === null && params === null) delete next[input.kind];
    else
      next[input.kind] = {
        ...(input.enabled !== null && { enabled: input.enabled }),
        ...(params && { params }),
      };
    await tx.site.update({
      where: { id: site.id, organizationId },
      data: { ruleOverrides: next as Prisma.InputJsonValue },
    });
    await recordAudit(tx, {
      organizationId,
      actorId,
      action: "site.rule_override_changed",
      targetType: "site",
      targetId: site.id,
      data: {
        kind: input.kind,
        from: (before[input.kind] ?? null) as Prisma.InputJsonValue,
        to: (next[input.kind] ?? null) as Prisma.InputJsonValue,
      },
    });
    return next;
  });
}
