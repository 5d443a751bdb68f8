/**
 * Limit schedules: per site (or the organisation's default, for instruments not
 * deployed), in versions. Saving makes a new version effective from a time; the
 * old versions stay, so the past is judged by the limits in force then.
 */
import { z } from "zod";
import { scheduleRowsSchema, type ScheduleRow } from "@/lib/limit-schedule";
import { formatInZone } from "@/lib/local-time";
import type { NoiseMetric } from "@/lib/domain";
import type { Prisma } from "@/server/db/generated/client";
import { db, type Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit";
import { assertSiteVisible, type SiteAccess } from "./access";
import { rewindNoiseCursors } from "./cursors";

export const ORG_SCOPE = "org";
const scopeKeyOf = (siteId: string | null) => siteId ?? ORG_SCOPE;

/** Before any schedule was saved, an organisation's instruments are judged by these (the old noise rule's defaults). */
export const ORG_DEFAULT_ROWS: ScheduleRow[] = [
  {
    label: "Day",
    days: [0, 1, 2, 3, 4, 5, 6],
    from: "07:00",
    to: "23:00",
    metric: "LAeq",
    averagingMinutes: 60,
    triggerDb: null,
    limitDb: 75,
  },
  {
    label: "Night",
    days: [0, 1, 2, 3, 4, 5, 6],
    from: "23:00",
    to: "07:00",
    metric: "LAeq",
    averagingMinutes: 60,
    triggerDb: null,
    limitDb: 55,
  },
];

export interface ScheduleVersion {
  id: string;
  siteId: string | null;
  version: number;
  effectiveFrom: Date;
  note: string | null;
  createdAt: Date;
  createdBy: string | null;
  rows: ScheduleRow[];
}

const VERSION_SELECT = {
  id: true,
  siteId: true,
  scopeKey: true,
  version: true,
  effectiveFrom: true,
  note: true,
  createdAt: true,
  createdById: true,
  rows: { orderBy: { position: "asc" } },
} satisfies Prisma.LimitScheduleSelect;

function toVersion(
  row: Prisma.LimitScheduleGetPayload<{ select: typeof VERSION_SELECT }>,
  names: Map<string, string>,
): ScheduleVersion {
  return {
    id: row.id,
    siteId: row.siteId,
    version: row.version,
    effectiveFrom: row.effectiveFrom,
    note: row.note,
    createdAt: row.createdAt,
    createdBy: row.createdById ? (names.get(row.createdById) ?? null) : null,
    rows: row.rows.map((r) => ({
      label: r.label,
      days: r.days,
      from: r.fromTime,
      to: r.toTime,
      metric: r.metric as NoiseMetric,
      averagingMinutes: r.averagingMinutes as ScheduleRow["averagingMinutes"],
      triggerDb: r.triggerDb,
      limitDb: r.limitDb,
    })),
  };
}

async function load(tx: Tx, where: Prisma.LimitScheduleWhereInput): Promise<ScheduleVersion[]> {
  const rows = await tx.limitSchedule.findMany({ where, select: VERSION_SELECT, orderBy: { version: "desc" } });
  const ids = [...new Set(rows.map((r) => r.createdById).filter((v): v is string => v !== null))];
  const users = ids.length
    ? await tx.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })
    : [];
  return rows.map((r) => toVersion(r, new Map(users.map((u) => [u.id, u.name]))));
}

/** Creates the organisation's default schedule (version 1, from the beginning) if it has none. */
export async function ensureOrgDefaultSchedule(organizationId: string, tx: Tx = db()): Promise<void> {
  const exists = await tx.limitSchedule.findFirst({
    where: { organizationId, scopeKey: ORG_SCOPE },
    select: { id: true },
  });
  if (exists) return;
  await tx.limitSchedule
    .create({
      data: {
        organizationId,
        scopeKey: ORG_SCOPE,
        version: 1,
        effectiveFrom: new Date(0),
        note: "Default limits",
        rows: { create: ORG_DEFAULT_ROWS.map((r, position) => rowColumns(r, position)) },
      },
    })
    .catch((error: unknown) => {
      // Two callers raced to create it: the other one's version 1 stands.
      if ((error as { code?: string }).code !== "P2002") throw error;
    });
}

function rowColumns(r: ScheduleRow, position: number) {
  return {
    position,
    label: r.label,
    days: r.days,
    fromTime: r.from,
    toTime: r.to,
    metric: r.metric,
    averagingMinutes: r.averagingMinutes,
    triggerDb: r.triggerDb,
    limitDb: r.limitDb,
  };
}

/** Every version of one scope, newest first. */
export async function scheduleVersions(access: SiteAccess, siteId: string | null): Promise<ScheduleVersion[]> {
  if (siteId) await assertSiteVisible(access, siteId);
  else await ensureOrgDefaultSchedule(access.organizationId);
  return load(db(), { organizationId: access.organizationId, scopeKey: scopeKeyOf(siteId) });
}

/** The version in force at `at` among versions sorted newest first (as every loader here returns them). */
export function versionAt(versions: readonly ScheduleVersion[], at: Date): ScheduleVersion | null {
  return versions.find((v) => v.effectiveFrom <= at) ?? null;
}

/**
 * Every version of the organisation's default and of the given sites, for
 * judging a time range: `inForce(siteId, at)` is the version that held then.
 */
export async function scheduleBook(organizationId: string, siteIds: readonly string[], tx: Tx = db()) {
  await ensureOrgDefaultSchedule(organizationId, tx);
  const versions = await load(tx, {
    organizationId,
    scopeKey: { in: [ORG_SCOPE, ...new Set(siteIds)] },
  });
  const byScope = new Map<string, ScheduleVersion[]>();
  for (const v of versions) {
    const key = scopeKeyOf(v.siteId);
    byScope.set(key, [...(byScope.get(key) ?? []), v]);
  }
  return {
    /** A site without any schedule of its own has no limits: null (never the organisation's default). */
    inForce: (siteId: string | null, at: Date) => versionAt(byScope.get(scopeKeyOf(siteId)) ?? [], at),
    /** The versions in force at some time in [from, to). */
    between: (siteId: string | null, from: Date, to: Date) => {
      const list = byScope.get(scopeKeyOf(siteId)) ?? [];
      return list.filter((v, i) => v.effectiveFrom < to && (i === 0 || list[i - 1]!.effectiveFrom > from));
    },
  };
}
export type ScheduleBook = Awaited<ReturnType<typeof scheduleBook>>;

export const scheduleSaveSchema = z.object({
  /** null: the organisation's default schedule. */
  siteId: z.string().min(1).max(40).nullable(),
  effectiveFrom: z.coerce.date(),
  rows: scheduleRowsSchema,
  note: z.string().trim().max(300, "Keep the note to 300 characters").optional(),
});
export type ScheduleSave = z.input<typeof scheduleSaveSchema>;

/**
 * Saves a new version. It must take effect after the newest existing version
 * does (versions never reorder), and its rows pass the schedule's validation.
 */
export async function saveScheduleVersion(
  organizationId: string,
  actorId: string,
  input: ScheduleSave,
): Promise<ScheduleVersion> {
  const parsed = scheduleSaveSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("BAD_REQUEST", issue.message, { field: issue.path.join(".") });
  }
  const { siteId, effectiveFrom, rows, note } = parsed.data;
  return db().$transaction(async (tx) => {
    const org = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { timezone: true } });
    if (siteId) {
      const site = await tx.site.findFirst({ where: { id: siteId, organizationId }, select: { id: true } });
      if (!site) throw new AppError("NOT_FOUND", "Site not found");
    } else {
      await ensureOrgDefaultSchedule(organizationId, tx);
    }
    const scopeKey = scopeKeyOf(siteId);
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`schedule:${organizationId}:${scopeKey}`}))`;
    const newest = await tx.limitSchedule.findFirst({
      where: { organizationId, scopeKey },
      orderBy: { version: "desc" },
      select: { version: true, effectiveFrom: true },
    });
    if (newest && effectiveFrom <= newest.effectiveFrom)
      throw new AppError(
        "BAD_REQUEST",
        `Version ${newest.version} takes effect ${formatInZone(newest.effectiveFrom, org.timezone)}; a new version must take effect after it`,
        { field: "effectiveFrom" },
      );
    const created = await tx.limitSchedule.create({
      data: {
        organizationId,
        siteId,
        scopeKey,
        version: (newest?.version ?? 0) + 1,
        effectiveFrom,
        note: note || null,
        createdById: actorId,
        rows: { create: rows.map((r, position) => rowColumns(r, position)) },
      },
      select: { id: true, version: true },
    });
    // Windows since a back-dated version are judged again by it: the site's instruments, or every one for the default.
    const now = new Date();
    if (effectiveFrom < now) {
      const affected = siteId
        ? await tx.deployment.findMany({
            where: { organizationId, siteId, OR: [{ endAt: null }, { endAt: { gt: effectiveFrom } }] },
            select: { instrumentId: true },
          })
        : await tx.instrument.findMany({ where: { organizationId }, select: { id: true } });
      const ids = affected.map((a) => ("instrumentId" in a ? a.instrumentId : a.id));
      await rewindNoiseCursors(tx, organizationId, ids, effectiveFrom, now);
    }
    await recordAudit(tx, {
      organizationId,
      actorId,
      action: "limit_schedule.versioned",
      targetType: siteId ? "site" : "organization",
      targetId: siteId ?? organizationId,
      data: { version: created.version, effectiveFrom: effectiveFrom.toISOString(), rows: rows.length },
    });
    const [version] = await load(tx, { id: created.id, organizationId });
    return version!;
  });
}
