/**
 * Alerts and their lifecycle. Every change to an alert (opened, retriggered,
 * acknowledged, resolved, reopened, comment, assignee) goes through
 * `applyAlertChange`, inside the caller's transaction: it writes the Alert and
 * AlertActivity rows, the audit entry, and calls `routeAlertChange` in the
 * same transaction (email subscriptions hook in there).
 *
 * One open alert per (rule, instrument): `openKey` is unique while the alert is
 * not resolved, and a transaction advisory lock on it serialises concurrent
 * triggers, so two deliveries of the same condition never make two alerts.
 */
import { alertFilterSchema, type AlertFilter } from "@/lib/alerts";
import type { AlertSource, AlertState, Severity } from "@/lib/domain";
import type { Prisma } from "@/server/db/generated/client";
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { routeAlertChange, type AlertChange } from "@/server/services/notifications";
import { recordAudit, type AuditAction } from "@/server/services/audit";
import { alertWhere, deploymentAt, instrumentWhere, toAccess, type Scope } from "@/server/services/sites";

type TxClient = Prisma.TransactionClient;

export type AlertOp =
  /**
   * A rule fired. `mode: "event"` (a calibration, an SIC, a noise event): a new
   * occurrence retriggers an open alert. `mode: "condition"` (offline, low
   * voltage…): while the alert is open, the condition persisting is no news.
   */
  | {
      op: "trigger";
      mode: "event" | "condition";
      ruleId: string;
      instrumentId: string;
      severity: Severity;
      title: string;
      detail?: string | null;
      data?: Prisma.InputJsonValue;
      source: AlertSource;
      at: Date;
    }
  /** The condition cleared: resolve the open alert of (rule, instrument), if any. */
  | { op: "autoResolve"; ruleId: string; instrumentId: string; at: Date; reason: string; source: AlertSource }
  | { op: "acknowledge" | "resolve" | "reopen"; alertId: string; actorId: string; at?: Date }
  | { op: "comment"; alertId: string; actorId: string; text: string; at?: Date }
  | { op: "assign"; alertId: string; actorId: string; assigneeId: string | null; at?: Date };

export interface AlertChangeResult {
  alertId: string;
  kind: AlertChange["kind"] | "comment" | "assigned";
}

const openKeyOf = (ruleId: string, instrumentId: string) => `${ruleId}:${instrumentId}`;

async function lockKey(tx: TxClient, key: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`alert:${key}`}))`;
}

async function record(
  tx: TxClient,
  alert: { id: string; organizationId: string; instrumentId: string; ruleId: string; severity: string },
  kind: AlertChangeResult["kind"],
  at: Date,
  actorId: string | null,
  extra: { text?: string; data?: Prisma.InputJsonValue } = {},
): Promise<AlertChangeResult> {
  await tx.alertActivity.create({
    data: {
      alertId: alert.id,
      organizationId: alert.organizationId,
      kind,
      actorId,
      text: extra.text,
      data: extra.data,
      createdAt: at,
    },
  });
  await recordAudit(tx, {
    organizationId: alert.organizationId,
    actorId,
    action: `alert.${kind}` as AuditAction,
    targetType: "alert",
    targetId: alert.id,
    data: {
      ruleId: alert.ruleId,
      instrumentId: alert.instrumentId,
      severity: alert.severity,
      ...(extra.text && { text: extra.text }),
    },
  });
  if (kind !== "comment" && kind !== "assigned") {
    await routeAlertChange(tx, {
      alertId: alert.id,
      organizationId: alert.organizationId,
      instrumentId: alert.instrumentId,
      ruleId: alert.ruleId,
      kind,
      severity: alert.severity,
      at,
      actorId,
    });
  }
  return { alertId: alert.id, kind };
}

async function alertOf(tx: TxClient, organizationId: string, alertId: string) {
  const alert = await tx.alert.findFirst({ where: { id: alertId, organizationId } });
  if (!alert) throw new AppError("NOT_FOUND", "Alert not found");
  return alert;
}

/**
 * The one function that changes alerts. Must run inside a transaction; returns
 * what changed, or null when nothing did (e.g. a condition still holding).
 */
export async function applyAlertChange(
  tx: TxClient,
  organizationId: string,
  op: AlertOp,
): Promise<AlertChangeResult | null> {
  switch (op.op) {
    case "trigger": {
      const openKey = openKeyOf(op.ruleId, op.instrumentId);
      await lockKey(tx, openKey);
      const instrument = await tx.instrument.findFirst({
        where: { id: op.instrumentId, organizationId },
        select: { id: true },
      });
      const rule = await tx.alertRule.findFirst({ where: { id: op.ruleId, organizationId }, select: { id: true } });
      if (!instrument || !rule) throw new AppError("NOT_FOUND", "Instrument or rule not found");
      // The alert stays with the site where the instrument stood when it happened, even after it moves on.
      const placed = await deploymentAt(organizationId, op.instrumentId, op.at, tx);
      let open = await tx.alert.findFirst({ where: { openKey, organizationId } });
      if (open && open.siteId !== (placed?.siteId ?? null)) {
        // Moved since: what is open belongs to the old site's record; this is a new alert at the new one.
        const where = placed ? `${placed.site.name}` : "the store (not deployed)";
        const moved = await tx.alert.update({
          where: { id: open.id, organizationId },
          data: { state: "resolved", openKey: null, resolvedAt: op.at, resolution: "auto" },
        });
        await record(tx, moved, "resolved", op.at, null, {
          text: `The instrument moved to ${where}`,
          data: { source: op.source },
        });
        open = null;
      }
      if (open) {
        if (op.mode === "condition") return null;
        // An open alert never calms down by being triggered again: a warning on an open critical stays critical.
        const escalated = open.severity === "warning" && op.severity === "critical";
        const severity = escalated || open.severity === op.severity ? op.severity : open.severity;
        const updated = await tx.alert.update({
          where: { id: open.id, organizationId },
          data: {
            lastTriggeredAt: op.at,
            triggerCount: { increment: 1 },
            severity,
            title: op.title,
            detail: op.detail ?? open.detail,
            data: op.data,
          },
        });
        return record(tx, updated, escalated ? "escalated" : "retriggered", op.at, null, {
          text: op.detail ?? undefined,
          data: { source: op.source },
        });
      }
      const created = await tx.alert.create({
        data: {
          organizationId,
          siteId: placed?.siteId ?? null,
          positionName: placed?.positionName ?? null,
          instrumentId: op.instrumentId,
          ruleId: op.ruleId,
          openKey,
          state: "open",
          severity: op.severity,
          title: op.title,
          detail: op.detail ?? null,
          data: op.data,
          source: op.source,
          openedAt: op.at,
          lastTriggeredAt: op.at,
        },
      });
      return record(tx, created, "opened", op.at, null, { text: op.detail ?? undefined, data: { source: op.source } });
    }
    case "autoResolve": {
      const openKey = openKeyOf(op.ruleId, op.instrumentId);
      await lockKey(tx, openKey);
      const open = await tx.alert.findFirst({ where: { openKey, organizationId } });
      if (!open) return null;
      const updated = await tx.alert.update({
        where: { id: open.id, organizationId },
        data: { state: "resolved", openKey: null, resolvedAt: op.at, resolution: "auto" },
      });
      return record(tx, updated, "resolved", op.at, null, { text: op.reason, data: { source: op.source } });
    }
    case "acknowledge": {
      const alert = await alertOf(tx, organizationId, op.alertId);
      if (alert.state !== "open") throw new AppError("CONFLICT", `This alert is already ${alert.state}`);
      const at = op.at ?? new Date();
      const updated = await tx.alert.update({
        where: { id: alert.id, organizationId },
        data: { state: "acknowledged", acknowledgedAt: at, acknowledgedById: op.actorId },
      });
      return record(tx, updated, "acknowledged", at, op.actorId);
    }
    case "resolve": {
      const alert = await alertOf(tx, organizationId, op.alertId);
      if (alert.state === "resolved") throw new AppError("CONFLICT", "This alert is already resolved");
      await lockKey(tx, alert.openKey ?? alert.id);
      const at = op.at ?? new Date();
      const updated = await tx.alert.update({
        where: { id: alert.id, organizationId },
        data: { state: "resolved", openKey: null, resolvedAt: at, resolution: "manual" },
      });
      return record(tx, updated, "resolved", at, op.actorId);
    }
    case "reopen": {
      const alert = await alertOf(tx, organizationId, op.alertId);
      if (alert.state !== "resolved") throw new AppError("CONFLICT", "Only a resolved alert can be reopened");
      const openKey = openKeyOf(alert.ruleId, alert.instrumentId);
      await lockKey(tx, openKey);
      if (await tx.alert.findFirst({ where: { openKey, organizationId }, select: { id: true } })) {
        throw new AppError("CONFLICT", "A newer alert for this rule and instrument is already open");
      }
      const at = op.at ?? new Date();
      const updated = await tx.alert.update({
        where: { id: alert.id, organizationId },
        data: {
          state: "open",
          openKey,
          resolvedAt: null,
          resolution: null,
          acknowledgedAt: null,
          acknowledgedById: null,
        },
      });
      return record(tx, updated, "reopened", at, op.actorId);
    }
    case "comment": {
      const alert = await alertOf(tx, organizationId, op.alertId);
      return record(tx, alert, "comment", op.at ?? new Date(), op.actorId, { text: op.text });
    }
    case "assign": {
      const alert = await alertOf(tx, organizationId, op.alertId);
      if (op.assigneeId) {
        const member = await tx.membership.findFirst({
          where: { organizationId, userId: op.assigneeId },
          select: { id: true },
        });
        if (!member)
          throw new AppError("BAD_REQUEST", "The assignee must be a member of this organisation", {
            field: "assigneeId",
          });
      }
      if (alert.assigneeId === op.assigneeId) return null; // no change, no history entry
      const updated = await tx.alert.update({
        where: { id: alert.id, organizationId },
        data: { assigneeId: op.assigneeId },
      });
      return record(tx, updated, "assigned", op.at ?? new Date(), op.actorId, { data: { assigneeId: op.assigneeId } });
    }
  }
}

/**
 * `applyAlertChange` in a transaction of its own. A person's change to an alert
 * they cannot see (another site's) is NOT_FOUND.
 */
export function changeAlert(scope: Scope, op: AlertOp): Promise<AlertChangeResult | null> {
  const access = toAccess(scope);
  return db().$transaction(async (tx) => {
    if ("alertId" in op && access.siteIds !== null) {
      const visible = await tx.alert.findFirst({
        where: { ...alertWhere(access), id: op.alertId },
        select: { id: true },
      });
      if (!visible) throw new AppError("NOT_FOUND", "Alert not found");
    }
    return applyAlertChange(tx, access.organizationId, op);
  });
}

// ---- reading ----

export interface AlertListItem {
  id: string;
  state: AlertState;
  severity: Severity;
  title: string;
  detail: string | null;
  source: string;
  openedAt: Date;
  lastTriggeredAt: Date;
  triggerCount: number;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  resolution: string | null;
  instrument: { id: string; serial: string; name: string };
  rule: { id: string; kind: string; name: string };
  assignee: { id: string; name: string } | null;
  /** Where it happened: the site and position the instrument stood at. */
  site: { id: string; name: string; code: string } | null;
  positionName: string | null;
}

export async function listAlerts(
  scope: Scope,
  input: AlertFilter = {},
): Promise<{ items: AlertListItem[]; nextCursor: string | null }> {
  const filter = alertFilterSchema.parse(input);
  const rows = await db().alert.findMany({
    where: {
      // AND, so a site filter narrows the caller's own sites and never widens them.
      AND: [
        alertWhere(toAccess(scope)),
        filter.siteId ? { siteId: filter.siteId === "none" ? null : filter.siteId } : {},
      ],
      ...(filter.states?.length && { state: { in: filter.states } }),
      ...(filter.severities?.length && { severity: { in: filter.severities } }),
      ...(filter.instrumentId && { instrumentId: filter.instrumentId }),
      ...(filter.ruleId && { ruleId: filter.ruleId }),
    },
    orderBy: [{ lastTriggeredAt: "desc" }, { id: "desc" }],
    take: filter.limit + 1,
    ...(filter.cursor && { cursor: { id: filter.cursor }, skip: 1 }),
    include: {
      instrument: { select: { id: true, serial: true, name: true } },
      rule: { select: { id: true, kind: true, name: true } },
      assignee: { select: { id: true, name: true } },
      site: { select: { id: true, name: true, code: true } },
    },
  });
  const items = rows.slice(0, filter.limit).map((a) => ({
    id: a.id,
    state: a.state,
    severity: a.severity,
    title: a.title,
    detail: a.detail,
    source: a.source,
    openedAt: a.openedAt,
    lastTriggeredAt: a.lastTriggeredAt,
    triggerCount: a.triggerCount,
    acknowledgedAt: a.acknowledgedAt,
    resolvedAt: a.resolvedAt,
    resolution: a.resolution,
    instrument: a.instrument,
    rule: a.rule,
    assignee: a.assignee,
    site: a.site,
    positionName: a.positionName,
  }));
  return { items, nextCursor: rows.length > filter.limit ? (rows[filter.limit - 1]?.id ?? null) : null };
}

/** The newest activity entries `getAlert` returns; older ones are counted, not sent. */
const ALERT_ACTIVITY_LIMIT = 500;

export interface AlertActivityItem {
  id: string;
  kind: string;
  text: string | null;
  data: Prisma.JsonValue;
  createdAt: Date;
  actorId: string | null;
  /** null for the system (webhook, poller, automatic resolution). */
  actorName: string | null;
  /** For "assigned": the new assignee's name, or null when unassigned. */
  assigneeName: string | null;
}

/**
 * One alert with its instrument, rule, people and activity, oldest first (the
 * newest `ALERT_ACTIVITY_LIMIT` of `activityTotal`). Another organisation's
 * alert is NOT_FOUND.
 */
export async function getAlert(scope: Scope, alertId: string) {
  const organizationId = toAccess(scope).organizationId;
  const alert = await db().alert.findFirst({
    where: { ...alertWhere(toAccess(scope)), id: alertId },
    include: {
      site: { select: { id: true, name: true, code: true } },
      instrument: { select: { id: true, serial: true, name: true } },
      rule: { select: { id: true, kind: true, name: true } },
      assignee: { select: { id: true, name: true } },
      acknowledgedBy: { select: { id: true, name: true } },
    },
  });
  if (!alert) throw new AppError("NOT_FOUND", "Alert not found");
  const [newest, activityTotal] = await Promise.all([
    db().alertActivity.findMany({
      where: { alertId: alert.id, organizationId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: ALERT_ACTIVITY_LIMIT,
    }),
    db().alertActivity.count({ where: { alertId: alert.id, organizationId } }),
  ]);
  const rows = newest.reverse();
  const assigneeOf = (a: (typeof rows)[number]) =>
    a.kind === "assigned" &&
    a.data &&
    typeof a.data === "object" &&
    !Array.isArray(a.data) &&
    typeof a.data.assigneeId === "string"
      ? a.data.assigneeId
      : null;
  const userIds = [
    ...new Set(rows.flatMap((a) => [a.actorId, assigneeOf(a)]).filter((id): id is string => Boolean(id))),
  ];
  const names = new Map(
    (await db().user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } })).map((u) => [
      u.id,
      u.name,
    ]),
  );
  const activity: AlertActivityItem[] = rows.map((a) => {
    const assigneeId = assigneeOf(a);
    return {
      id: a.id,
      kind: a.kind,
      text: a.text,
      data: a.data,
      createdAt: a.createdAt,
      actorId: a.actorId,
      actorName: a.actorId ? (names.get(a.actorId) ?? "Former member") : null,
      assigneeName: assigneeId ? (names.get(assigneeId) ?? "Former member") : null,
    };
  });
  return { ...alert, activity, activityTotal };
}

/** What the inbox can filter by: the organisation's instruments (stored, not fetched) and rules. */
export async function alertFilterChoices(scope: Scope) {
  const access = toAccess(scope);
  const organizationId = access.organizationId;
  const [instruments, rules, sites] = await Promise.all([
    db().instrument.findMany({
      where: instrumentWhere(access),
      select: { id: true, serial: true, name: true },
      orderBy: { serial: "asc" },
    }),
    db().alertRule.findMany({
      where: { organizationId },
      select: { id: true, name: true, kind: true },
      orderBy: { createdAt: "asc" },
    }),
    db().site.findMany({
      where: { organizationId, ...(access.siteIds !== null && { id: { in: [...access.siteIds] } }) },
      select: { id: true, name: true, code: true },
      orderBy: { name: "asc" },
    }),
  ]);
  return { instruments, rules, sites };
}

/** Badge counts: alerts not yet resolved, by state and severity. */
export async function alertCounts(scope: Scope): Promise<{ open: number; acknowledged: number; openCritical: number }> {
  const rows = await db().alert.groupBy({
    by: ["state", "severity"],
    where: { ...alertWhere(toAccess(scope)), state: { in: ["open", "acknowledged"] } },
    _count: true,
  });
  const count = (state: string, severity?: string) =>
    rows.filter((r) => r.state === state && (!severity || r.severity === severity)).reduce((n, r) => n + r._count, 0);
  return { open: count("open"), acknowledged: count("acknowledged"), openCritical: count("open", "critical") };
}

/** Acknowledges every listed alert that is still open (others are left as they are). */
export async function acknowledgeAlerts(
  scope: Scope,
  actorId: string,
  alertIds: string[],
): Promise<{ acknowledged: number }> {
  const organizationId = toAccess(scope).organizationId;
  const alerts = await db().alert.findMany({
    where: { ...alertWhere(toAccess(scope)), id: { in: alertIds } },
    select: { id: true, state: true },
  });
  if (alerts.length !== new Set(alertIds).size) throw new AppError("NOT_FOUND", "Alert not found");
  let acknowledged = 0;
  await db().$transaction(async (tx) => {
    for (const alert of alerts) {
      if (alert.state !== "open") continue;
      await applyAlertChange(tx, organizationId, { op: "acknowledge", alertId: alert.id, actorId });
      acknowledged++;
    }
  });
  return { acknowledged };
}
