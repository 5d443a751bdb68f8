/**
 * Sites: create, edit, archive, and the lists the sites pages show. Every query
 * takes the organisation (and, for reads, the caller's site access).
 */
import { siteFieldsSchema, type SiteFields } from "@/lib/sites";
import type { Prisma } from "@/server/db/generated/client";
import { db, type Tx } from "@/server/db/client";
import { AppError, isUniqueViolation } from "@/server/errors";
import { recordAudit } from "@/server/services/audit";
import { siteWhere, type SiteAccess } from "./access";

const dateOnly = (v: string | null) => (v ? new Date(`${v}T00:00:00Z`) : null);
const isoDay = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

function columns(fields: SiteFields) {
  const f = siteFieldsSchema.parse(fields);
  return { ...f, startDate: dateOnly(f.startDate), endDate: dateOnly(f.endDate) };
}

export const SITE_SELECT = {
  id: true,
  name: true,
  code: true,
  clientName: true,
  address: true,
  latitude: true,
  longitude: true,
  timezone: true,
  startDate: true,
  endDate: true,
  notes: true,
  archivedAt: true,
  ruleOverrides: true,
} satisfies Prisma.SiteSelect;

type SiteRow = Prisma.SiteGetPayload<{ select: typeof SITE_SELECT }>;

export interface SiteView extends Omit<SiteRow, "startDate" | "endDate" | "ruleOverrides"> {
  startDate: string | null;
  endDate: string | null;
  ruleOverrides: Record<string, unknown>;
  /** The site's own timezone, or the organisation's. */
  effectiveTimezone: string;
}

export function siteView(row: SiteRow, orgTimezone: string): SiteView {
  return {
    ...row,
    startDate: isoDay(row.startDate),
    endDate: isoDay(row.endDate),
    ruleOverrides: (row.ruleOverrides ?? {}) as Record<string, unknown>,
    effectiveTimezone: row.timezone ?? orgTimezone,
  };
}

async function orgTimezone(organizationId: string, tx: Tx = db()) {
  return (await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { timezone: true } }))
    .timezone;
}

function codeTaken(error: unknown, code: string): never {
  if (isUniqueViolation(error))
    throw new AppError("CONFLICT", `Another site already has the code ${code}`, { field: "code" });
  throw error;
}

export async function createSite(organizationId: string, actorId: string, fields: SiteFields): Promise<SiteView> {
  const data = columns(fields);
  try {
    return await db().$transaction(async (tx) => {
      const row = await tx.site.create({ data: { organizationId, ...data }, select: SITE_SELECT });
      await recordAudit(tx, {
        organizationId,
        actorId,
        action: "site.created",
        targetType: "site",
        targetId: row.id,
        data: { name: row.name, code: row.code },
      });
      return siteView(row, await orgTimezone(organizationId, tx));
    });
  } catch (error) {
    codeTaken(error, data.code);
  }
}

export async function updateSite(
  organizationId: string,
  actorId: string,
  siteId: string,
  fields: SiteFields,
): Promise<SiteView> {
  const data = columns(fields);
  try {
    return await db().$transaction(async (tx) => {
      const before = await tx.site.findFirst({ where: { id: siteId, organizationId }, select: SITE_SELECT });
      if (!before) throw new AppError("NOT_FOUND", "Site not found");
      const row = await tx.site.update({ where: { id: siteId, organizationId }, data, select: SITE_SELECT });
      const changed = Object.fromEntries(
        (Object.keys(data) as (keyof typeof data)[])
          .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(row[k]))
          .map((k) => [k, { from: before[k], to: row[k] }]),
      );
      await recordAudit(tx, {
        organizationId,
        actorId,
        action: "site.updated",
        targetType: "site",
        targetId: siteId,
        data: JSON.parse(JSON.stringify(changed)) as Prisma.InputJsonValue,
      });
      return siteView(row, await orgTimezone(organizationId, tx));
    });
  } catch (error) {
    codeTaken(error, data.code);
  }
}

/**
 * Archiving keeps the site, its history and its reports, and ends the deployments still
 * open there, so its monitors are free for the next job. Restoring only lifts the flag.
 */
export async function setSiteArchived(
  organizationId: string,
  actorId: string,
  siteId: string,
  archived: boolean,
  now = new Date(),
): Promise<SiteView> {
  return db().$transaction(async (tx) => {
    const site = await tx.site.findFirst({ where: { id: siteId, organizationId }, select: { id: true } });
    if (!site) throw new AppError("NOT_FOUND", "Site not found");
    let ended = 0;
    if (archived) {
      ended = (await tx.deployment.updateMany({ where: { organizationId, siteId, endAt: null }, data: { endAt: now } }))
        .count;
    }
    const row = await tx.site.update({
      where: { id: siteId, organizationId },
      data: { archivedAt: archived ? now : null },
      select: SITE_SELECT,
    });
    await recordAudit(tx, {
      organizationId,
      actorId,
      action: archived ? "site.archived" : "site.restored",
      targetType: "site",
      targetId: siteId,
      data: archived ? { deploymentsEnded: ended } : {},
    });
    return siteView(row, await orgTimezone(organizationId, tx));
  });
}

export async function getSite(access: SiteAccess, siteId: string, tx: Tx = db()): Promise<SiteView> {
  const row = await tx.site.findFirst({ where: { AND: [siteWhere(access), { id: siteId }] }, select: SITE_SELECT });
  if (!row) throw new AppError("NOT_FOUND", "Site not found");
  return siteView(row, await orgTimezone(access.organizationId, tx));
}

/** By code (the URL's form), for pages. */
export async function siteIdByCode(access: SiteAccess, code: string): Promise<string> {
  const row = await db().site.findFirst({
    where: { ...siteWhere(access), code: code.toUpperCase() },
    select: { id: true },
  });
  if (!row) throw new AppError("NOT_FOUND", "Site not found");
  return row.id;
}

/** Names and codes for pickers and filters, the caller's sites only. */
export async function siteChoices(access: SiteAccess, options: { includeArchived?: boolean } = {}) {
  return db().site.findMany({
    where: { ...siteWhere(access), ...(options.includeArchived ? {} : { archivedAt: null }) },
    select: { id: true, name: true, code: true, archivedAt: true },
    orderBy: { name: "asc" },
  });
}
