/**
 * Who may see which sites. A membership is organisation-wide, or (members and
 * viewers only) limited to chosen sites; admins and owners are always
 * organisation-wide. A limited person sees the instruments deployed now at
 * their sites and the alerts raised there, and everything else answers
 * NOT_FOUND, as if it did not exist.
 */
import type { Role } from "@/lib/permissions";
import type { Prisma } from "@/server/db/generated/client";
import { db, type Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";

export interface SiteAccess {
  organizationId: string;
  /** null: the whole organisation. Otherwise the only sites this person sees (possibly none). */
  siteIds: readonly string[] | null;
}

export const orgWide = (organizationId: string): SiteAccess => ({ organizationId, siteIds: null });

/** Roles that may be limited to sites; admins and owners manage the organisation, so never are. */
export const canBeSiteLimited = (role: Role) => role === "member" || role === "viewer";

export async function siteAccessFor(
  organizationId: string,
  membership: { id: string; role: Role; siteLimited: boolean },
  tx: Tx = db(),
): Promise<SiteAccess> {
  if (!membership.siteLimited || !canBeSiteLimited(membership.role)) return orgWide(organizationId);
  const rows = await tx.membershipSite.findMany({
    where: { membershipId: membership.id, organizationId },
    select: { siteId: true },
  });
  return { organizationId, siteIds: rows.map((r) => r.siteId) };
}

/** Instruments this person sees: every one of the organisation, or those deployed now at their sites. */
export function instrumentWhere(access: SiteAccess): Prisma.InstrumentWhereInput {
  if (access.siteIds === null) return { organizationId: access.organizationId };
  return {
    organizationId: access.organizationId,
    deployments: { some: { organizationId: access.organizationId, siteId: { in: [...access.siteIds] }, endAt: null } },
  };
}

/** Alerts this person sees: every one, or those raised at their sites. */
export function alertWhere(access: SiteAccess): Prisma.AlertWhereInput {
  if (access.siteIds === null) return { organizationId: access.organizationId };
  return { organizationId: access.organizationId, siteId: { in: [...access.siteIds] } };
}

/** Sites this person sees. */
export function siteWhere(access: SiteAccess): Prisma.SiteWhereInput {
  if (access.siteIds === null) return { organizationId: access.organizationId };
  return { organizationId: access.organizationId, id: { in: [...access.siteIds] } };
}

/** The ids of the instruments visible to a limited person; null when they see every one. */
export async function visibleInstrumentIds(access: SiteAccess, tx: Tx = db()): Promise<Set<string> | null> {
  if (access.siteIds === null) return null;
  const rows = await tx.instrument.findMany({ where: instrumentWhere(access), select: { id: true } });
  return new Set(rows.map((r) => r.id));
}

/** Throws NOT_FOUND unless every serial is an instrument this person sees. */
export async function assertSerialsVisible(access: SiteAccess, serials: readonly string[]): Promise<void> {
  if (access.siteIds === null || serials.length === 0) return;
  const wanted = [...new Set(serials)];
  const found = await db().instrument.count({ where: { ...instrumentWhere(access), serial: { in: wanted } } });
  if (found !== wanted.length) throw new AppError("NOT_FOUND", "Instrument not found");
}

/** Throws NOT_FOUND unless this person sees the site. */
export async function assertSiteVisible(access: SiteAccess, siteId: string): Promise<void> {
  if (access.siteIds !== null && !access.siteIds.includes(siteId)) throw new AppError("NOT_FOUND", "Site not found");
}

/** A job or webhook handler passes the organisation id (it sees everything); a person's request passes their access. */
export type Scope = string | SiteAccess;
export const toAccess = (scope: Scope): SiteAccess => (typeof scope === "string" ? orgWide(scope) : scope);
