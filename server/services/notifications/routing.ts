/**
 * Who hears about an alert change, how and when. Called inside the transaction
 * that changes the alert, so the change and its emails (or digest entries) are
 * written together or not at all.
 */
import { defaultSubscription, type SubscriptionPrefs } from "@/lib/subscriptions";
import { isQuiet, quietEndsAt, localClock } from "@/lib/local-time";
import type { Role } from "@/lib/permissions";
import { db, type Tx } from "@/server/db/client";
import { publicOrigin } from "@/server/http";
import { AppError } from "@/server/errors";
import { renderAlertEmail, renderDigestEmail, type DigestLine } from "@/server/email/templates";
import { createUnsubscribeToken, verifyUnsubscribeToken } from "@/server/email/unsubscribe-token";
import { enqueueInTransaction, QUEUES } from "@/server/jobs/queue";
import { recordAudit } from "@/server/services/audit";
import {
  canBeSiteLimited,
  instrumentWhere,
  siteAccessFor,
  siteWhere,
  toAccess,
  type Scope,
} from "@/server/services/sites";
import { queueEmails, type OutboxEmail } from "./outbox";

function unsubscribeHeaders(userId: string, organizationId: string): Record<string, string> {
  const url = `${publicOrigin()}/api/unsubscribe?token=${createUnsubscribeToken(userId, organizationId)}`;
  // RFC 8058: one-click unsubscribe by POST to this URL.
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

type SubscriptionRow = SubscriptionPrefs & { userId: string };

/** Every member with their preferences (saved, or the defaults of their role). */
async function recipients(tx: Tx, organizationId: string, timezone: string) {
  const members = await tx.membership.findMany({
    where: { organizationId },
    select: {
      id: true,
      role: true,
      siteLimited: true,
      user: { select: { id: true, email: true, name: true } },
    },
  });
  const limited = members.filter((m) => m.siteLimited && canBeSiteLimited(m.role as Role));
  const sitesOf = new Map<string, string[]>();
  for (const m of limited)
    sitesOf.set(m.id, [...(await siteAccessFor(organizationId, { ...m, role: m.role as Role }, tx)).siteIds!]);
  const saved = await tx.alertSubscription.findMany({ where: { organizationId } });
  const byUser = new Map(saved.map((s) => [s.userId, s]));
  return members.map((m) => {
    const s = byUser.get(m.user.id);
    const prefs: SubscriptionRow = s
      ? { ...s, mode: s.mode as SubscriptionPrefs["mode"] }
      : { ...defaultSubscription(m.role as Role, timezone), userId: m.user.id };
    return { user: m.user, prefs, visibleSites: sitesOf.get(m.id) ?? null };
  });
}

function wants(
  prefs: SubscriptionPrefs,
  alert: { ruleId: string; severity: string; instrumentId: string; siteId: string | null },
  kind: AlertChange["kind"],
  visibleSites: readonly string[] | null,
): boolean {
  if (!prefs.enabled) return false;
  // A site-limited member hears only of what they may see: alerts raised at their sites.
  if (visibleSites !== null && (alert.siteId === null || !visibleSites.includes(alert.siteId))) return false;
  if (prefs.siteIds.length > 0 && (alert.siteId === null || !prefs.siteIds.includes(alert.siteId))) return false;
  if (kind === "resolved" && !prefs.includeResolutions) return false;
  if (prefs.ruleIds.length > 0 && !prefs.ruleIds.includes(alert.ruleId)) return false;
  if (!prefs.severities.includes(alert.severity)) return false;
  if (prefs.instrumentIds.length > 0 && !prefs.instrumentIds.includes(alert.instrumentId)) return false;
  return true;
}

/** When an immediate email may go: now, or when quiet hours end (critical may override). */
function deliverAt(prefs: SubscriptionPrefs, severity: string, at: Date): Date {
  if (severity === "critical" && prefs.criticalOverridesQuiet) return at;
  return isQuiet(at, prefs) ? quietEndsAt(at, prefs) : at;
}

/** Changes that reach people: a new or reopened alert, and (if asked) its resolution. */
/** One change to an alert, as `applyAlertChange` reports it inside its transaction. */
export interface AlertChange {
  alertId: string;
  organizationId: string;
  instrumentId: string;
  ruleId: string;
  kind: "opened" | "retriggered" | "escalated" | "acknowledged" | "resolved" | "reopened";
  severity: string;
  at: Date;
  actorId: string | null;
}

/** A warning that becomes critical (a noise window above the limit after one above the trigger) is news too. */
const NOTIFIED: AlertChange["kind"][] = ["opened", "reopened", "escalated", "resolved"];

export async function routeAlertChange(
  tx: Tx,
  change: AlertChange,
): Promise<{ emails: number; digestEntries: number }> {
  if (!NOTIFIED.includes(change.kind)) return { emails: 0, digestEntries: 0 };
  const found = await tx.alert.findFirst({
    where: { id: change.alertId, organizationId: change.organizationId },
    include: { instrument: { select: { name: true, serial: true } } },
  });
  if (!found) return { emails: 0, digestEntries: 0 };
  // One relation per query: Prisma loads several included relations in parallel, and on a
  // transaction's single connection that is pg's deprecated "query while a query is executing".
  const rule = await tx.alertRule.findFirstOrThrow({
    where: { id: found.ruleId, organizationId: change.organizationId },
    select: { name: true },
  });
  const organization = await tx.organization.findUniqueOrThrow({
    where: { id: change.organizationId },
    select: { name: true, slug: true, timezone: true },
  });
  const alert = { ...found, rule, organization };
  const people = await recipients(tx, change.organizationId, alert.organization.timezone);
  const emails: OutboxEmail[] = [];
  const digest: { userId: string; key: string }[] = [];
  const site = alert.siteId
    ? await tx.site.findFirst({
        where: { id: alert.siteId, organizationId: change.organizationId },
        select: { name: true },
      })
    : null;
  for (const { user, prefs, visibleSites } of people) {
    if (!wants(prefs, alert, change.kind, visibleSites)) continue;
    const key = `alert:${alert.id}:${change.kind}:${change.at.toISOString()}:${user.id}`;
    if (prefs.mode !== "immediate") {
      digest.push({ userId: user.id, key });
      continue;
    }
    const rendered = renderAlertEmail({
      organizationName: alert.organization.name,
      instrumentName: alert.instrument.name,
      serial: alert.instrument.serial,
      ruleName: alert.rule.name,
      severity: alert.severity,
      change: change.kind,
      title: alert.title,
      detail: alert.detail,
      site: site ? [site.name, alert.positionName].filter(Boolean).join(" · ") : null,
      at: change.at,
      timeZone: prefs.timezone,
      alertUrl: `${publicOrigin()}/${alert.organization.slug}/alerts?alert=${alert.id}`,
      settingsUrl: `${publicOrigin()}/${alert.organization.slug}/notifications`,
    });
    emails.push({
      idempotencyKey: key,
      organizationId: change.organizationId,
      userId: user.id,
      kind: "alert",
      relatedId: alert.id,
      to: user.email,
      ...rendered,
      headers: unsubscribeHeaders(user.id, change.organizationId),
      notBefore: deliverAt(prefs, alert.severity, change.at),
    });
  }
  const queued = await queueEmails(tx, emails);
  let entries = 0;
  if (digest.length > 0) {
    entries = (
      await tx.digestEntry.createMany({
        data: digest.map((d) => ({
          userId: d.userId,
          organizationId: change.organizationId,
          alertId: alert.id,
          change: change.kind,
          idempotencyKey: d.key,
        })),
        skipDuplicates: true,
      })
    ).count;
  }
  if (queued > 0) await enqueueInTransaction(tx, QUEUES.emailDispatch, {});
  return { emails: queued, digestEntries: entries };
}

/**
 * Writes the digests that are due at `now`: hourly ones every hour, daily ones
 * at each person's chosen local hour. Each digest and the marking of its
 * entries happen in one transaction, keyed by person × organisation × hour.
 */
export async function writeDueDigests(now = new Date()): Promise<number> {
  const pending = await db().digestEntry.groupBy({ by: ["userId", "organizationId"], where: { digestedAt: null } });
  const hourKey = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000).toISOString();
  let written = 0;
  for (const { userId, organizationId } of pending) {
    written += await db().$transaction(async (tx) => {
      const org = await tx.organization.findUnique({
        where: { id: organizationId },
        select: { name: true, slug: true, timezone: true },
      });
      const member = await tx.membership.findFirst({
        where: { organizationId, userId },
        select: { role: true, user: { select: { email: true } } },
      });
      const entries = await tx.digestEntry.findMany({
        where: { userId, organizationId, digestedAt: null },
        orderBy: { createdAt: "asc" },
      });
      const markDone = () =>
        tx.digestEntry.updateMany({ where: { id: { in: entries.map((e) => e.id) } }, data: { digestedAt: now } });
      if (!org || !member) {
        await markDone(); // no longer a member: nothing to send
        return 0;
      }
      const saved = await tx.alertSubscription.findUnique({
        where: { userId_organizationId: { userId, organizationId } },
      });
      const prefs: SubscriptionPrefs = saved
        ? { ...saved, mode: saved.mode as SubscriptionPrefs["mode"] }
        : defaultSubscription(member.role as Role, org.timezone);
      if (!prefs.enabled) {
        await markDone();
        return 0;
      }
      const due =
        prefs.mode === "hourly" ||
        (prefs.mode === "daily" && localClock(now, prefs.timezone).hour === prefs.digestHour) ||
        prefs.mode === "immediate";
      if (!due) return 0;
      const alerts = await tx.alert.findMany({
        where: { organizationId, id: { in: entries.map((e) => e.alertId) } },
        include: { instrument: { select: { name: true, serial: true } } },
      });
      const byId = new Map(alerts.map((a) => [a.id, a]));
      const lines: DigestLine[] = entries.flatMap((e) => {
        const a = byId.get(e.alertId);
        return a
          ? [
              {
                title: a.title,
                instrumentName: a.instrument.name,
                serial: a.instrument.serial,
                severity: a.severity,
                change: e.change,
                at: e.createdAt,
                url: `${publicOrigin()}/${org.slug}/alerts?alert=${a.id}`,
              },
            ]
          : [];
      });
      await markDone();
      if (lines.length === 0) return 0;
      const rendered = renderDigestEmail({
        organizationName: org.name,
        period: prefs.mode === "daily" ? "daily" : "hourly",
        lines,
        timeZone: prefs.timezone,
        settingsUrl: `${publicOrigin()}/${org.slug}/notifications`,
        inboxUrl: `${publicOrigin()}/${org.slug}/alerts`,
      });
      const count = await queueEmails(tx, [
        {
          idempotencyKey: `digest:${userId}:${organizationId}:${hourKey}`,
          organizationId,
          userId,
          kind: "digest",
          to: member.user.email,
          ...rendered,
          headers: unsubscribeHeaders(userId, organizationId),
          notBefore: prefs.mode === "immediate" ? now : deliverAt(prefs, "warning", now),
        },
      ]);
      if (count > 0) await enqueueInTransaction(tx, QUEUES.emailDispatch, {});
      return count;
    });
  }
  return written;
}

/** What a person can choose from: this organisation's rules and instruments. */
export async function subscriptionChoices(scope: Scope) {
  const access = toAccess(scope);
  const organizationId = access.organizationId;
  const [rules, instruments, sites] = await Promise.all([
    db().alertRule.findMany({
      where: { organizationId },
      orderBy: { name: "asc" },
      select: { id: true, name: true, severity: true, enabled: true },
    }),
    db().instrument.findMany({
      where: { ...instrumentWhere(access), removedAt: null },
      orderBy: { name: "asc" },
      select: {
        id: true,
        name: true,
        serial: true,
        deployments: { where: { endAt: null }, select: { siteId: true }, take: 1 },
      },
    }),
    db().site.findMany({
      where: { ...siteWhere(access), archivedAt: null },
      orderBy: { name: "asc" },
      select: { id: true, name: true, code: true },
    }),
  ]);
  return {
    rules,
    instruments: instruments.map(({ deployments, ...i }) => ({ ...i, siteId: deployments[0]?.siteId ?? null })),
    sites,
  };
}

export async function getMySubscription(
  organizationId: string,
  userId: string,
  role: Role,
): Promise<SubscriptionPrefs & { saved: boolean }> {
  const [saved, org] = await Promise.all([
    db().alertSubscription.findUnique({ where: { userId_organizationId: { userId, organizationId } } }),
    db().organization.findUniqueOrThrow({ where: { id: organizationId }, select: { timezone: true } }),
  ]);
  if (!saved) return { ...defaultSubscription(role, org.timezone), saved: false };
  // Only the preference columns go back, not the row's ids and timestamps.
  return {
    enabled: saved.enabled,
    ruleIds: saved.ruleIds,
    severities: saved.severities,
    instrumentIds: saved.instrumentIds,
    siteIds: saved.siteIds,
    mode: saved.mode as SubscriptionPrefs["mode"],
    digestHour: saved.digestHour,
    quietStart: saved.quietStart,
    quietEnd: saved.quietEnd,
    criticalOverridesQuiet: saved.criticalOverridesQuiet,
    timezone: saved.timezone,
    includeResolutions: saved.includeResolutions,
    saved: true,
  };
}

export async function saveMySubscription(
  organizationId: string,
  userId: string,
  prefs: SubscriptionPrefs,
): Promise<void> {
  // Rule and instrument ids must belong to this organisation.
  if (prefs.ruleIds.length > 0) {
    const found = await db().alertRule.count({ where: { organizationId, id: { in: prefs.ruleIds } } });
    if (found !== new Set(prefs.ruleIds).size)
      throw new AppError("BAD_REQUEST", "Choose rules of this organisation", { field: "ruleIds" });
  }
  if (prefs.instrumentIds.length > 0) {
    const found = await db().instrument.count({ where: { organizationId, id: { in: prefs.instrumentIds } } });
    if (found !== new Set(prefs.instrumentIds).size)
      throw new AppError("BAD_REQUEST", "Choose instruments of this organisation", { field: "instrumentIds" });
  }
  if (prefs.siteIds.length > 0) {
    const found = await db().site.count({ where: { organizationId, id: { in: prefs.siteIds } } });
    if (found !== new Set(prefs.siteIds).size)
      throw new AppError("BAD_REQUEST", "Choose sites of this organisation", { field: "siteIds" });
  }
  await db().$transaction(async (tx) => {
    await tx.alertSubscription.upsert({
      where: { userId_organizationId: { userId, organizationId } },
      create: { userId, organizationId, ...prefs },
      update: prefs,
    });
    await recordAudit(tx, {
      organizationId,
      actorId: userId,
      action: "notifications.updated",
      targetType: "user",
      targetId: userId,
      data: { enabled: prefs.enabled, mode: prefs.mode },
    });
  });
}

/** The team's settings at a glance, for admins. */
export async function teamSubscriptions(organizationId: string) {
  const org = await db().organization.findUniqueOrThrow({ where: { id: organizationId }, select: { timezone: true } });
  const people = await recipients(db(), organizationId, org.timezone);
  const saved = new Set(
    (await db().alertSubscription.findMany({ where: { organizationId }, select: { userId: true } })).map(
      (s) => s.userId,
    ),
  );
  return people.map(({ user, prefs }) => ({
    user: { id: user.id, name: user.name, email: user.email },
    ...prefs,
    saved: saved.has(user.id),
  }));
}

export type UnsubscribeResult =
  { ok: true; organizationName: string } | { ok: false; reason: "malformed" | "forged" | "expired" | "gone" };

/** One-click unsubscribe: that person, that organisation, no session needed. */
export async function unsubscribeWithToken(token: string, now = new Date()): Promise<UnsubscribeResult> {
  const check = verifyUnsubscribeToken(token, now);
  if (!check.ok) return check;
  const { userId, organizationId } = check;
  return db().$transaction(async (tx) => {
    const member = await tx.membership.findFirst({
      where: { organizationId, userId },
      select: { role: true, organization: { select: { name: true, timezone: true } } },
    });
    if (!member) return { ok: false as const, reason: "gone" as const };
    const defaults = defaultSubscription(member.role as Role, member.organization.timezone);
    await tx.alertSubscription.upsert({
      where: { userId_organizationId: { userId, organizationId } },
      create: { userId, organizationId, ...defaults, enabled: false },
      update: { enabled: false },
    });
    await recordAudit(tx, {
      organizationId,
      actorId: userId,
      action: "notifications.unsubscribed",
      targetType: "user",
      targetId: userId,
    });
    return { ok: true as const, organizationName: member.organization.name };
  });
}
