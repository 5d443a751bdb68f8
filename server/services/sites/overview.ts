/**
 * The sites list: a card per site with its monitors, how many are online, its
 * open alerts, and the limits it is under now. Postgres only; headroom (which
 * needs MyCirrus) is loaded per site by its own request.
 */
import { db } from "@/server/db/client";
import { SITE_SELECT, siteView, type SiteView } from "./sites";
import { siteWhere, type SiteAccess } from "./access";

export interface SiteCard extends SiteView {
  instruments: number;
  online: number;
  openAlerts: number;
  criticalAlerts: number;
  scheduleVersion: number | null;
}

export async function siteCards(access: SiteAccess, options: { includeArchived?: boolean } = {}): Promise<SiteCard[]> {
  const organizationId = access.organizationId;
  const org = await db().organization.findUniqueOrThrow({ where: { id: organizationId }, select: { timezone: true } });
  const sites = await db().site.findMany({
    where: { ...siteWhere(access), ...(options.includeArchived ? {} : { archivedAt: null }) },
    orderBy: [{ archivedAt: { sort: "asc", nulls: "first" } }, { name: "asc" }],
    select: SITE_SELECT,
  });
  if (sites.length === 0) return [];
  const ids = sites.map((s) => s.id);
  const [deployments, alerts, versions] = await Promise.all([
    db().deployment.findMany({
      where: { organizationId, siteId: { in: ids }, endAt: null },
      select: { siteId: true, instrument: { select: { snapshot: { select: { online: true } } } } },
    }),
    db().alert.groupBy({
      by: ["siteId", "severity"],
      where: { organizationId, siteId: { in: ids }, state: { in: ["open", "acknowledged"] } },
      _count: { _all: true },
    }),
    db().limitSchedule.groupBy({
      by: ["siteId"],
      where: { organizationId, siteId: { in: ids }, effectiveFrom: { lte: new Date() } },
      _max: { version: true },
    }),
  ]);
  return sites.map((s) => {
    const mine = deployments.filter((d) => d.siteId === s.id);
    const open = alerts.filter((a) => a.siteId === s.id);
    return {
      ...siteView(s, org.timezone),
      instruments: mine.length,
      online: mine.filter((d) => d.instrument.snapshot?.online === true).length,
      openAlerts: open.reduce((n, a) => n + a._count._all, 0),
      criticalAlerts: open.filter((a) => a.severity === "critical").reduce((n, a) => n + a._count._all, 0),
      scheduleVersion: versions.find((v) => v.siteId === s.id)?._max.version ?? null,
    };
  });
}
