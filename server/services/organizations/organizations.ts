/** Organisations (tenants) and the signed-in person's place in them. */
import type { Role } from "@/lib/permissions";
import { slugify } from "@/lib/validation";
import { db } from "@/server/db/client";
import { AppError, isUniqueViolation } from "@/server/errors";
import { recordAudit } from "@/server/services/audit";
import { siteAccessFor, type SiteAccess } from "@/server/services/sites";

export interface OrgSummary {
  id: string;
  name: string;
  slug: string;
  timezone: string;
  role: Role;
}

export interface OrgContext {
  organization: { id: string; name: string; slug: string; timezone: string };
  membership: { id: string; role: Role; siteLimited: boolean };
  /** Which sites this member sees (all of them unless the membership is site-limited). */
  access: SiteAccess;
}

/**
 * Resolves an organisation by slug for a user. Returns null for a non-member
 * exactly as for a missing organisation, so outsiders learn nothing.
 */
export async function resolveOrgForUser(slug: string, userId: string): Promise<OrgContext | null> {
  const membership = await db().membership.findFirst({
    where: { userId, organization: { slug } },
    select: {
      id: true,
      role: true,
      siteLimited: true,
      organization: { select: { id: true, name: true, slug: true, timezone: true } },
    },
  });
  if (!membership) return null;
  const { organization, ...own } = membership;
  return { organization, membership: own, access: await siteAccessFor(organization.id, own) };
}

export async function listOrganizationsForUser(userId: string): Promise<OrgSummary[]> {
  const rows = await db().membership.findMany({
    where: { userId },
    orderBy: { organization: { name: "asc" } },
    select: { role: true, organization: { select: { id: true, name: true, slug: true, timezone: true } } },
  });
  return rows.map((r) => ({ ...r.organization, role: r.role }));
}

export async function suggestSlug(name: string): Promise<string> {
  const base = slugify(name) || "team";
  for (let i = 0; i < 50; i++) {
    const candidate = i === 0 ? base : `${base.slice(0, 36)}-${i + 1}`;
    const taken = await db().organization.findUnique({ where: { slug: candidate }, select: { id: true } });
    if (!taken) return candidate;
  }
  return `${base.slice(0, 30)}-${Date.now().toString(36)}`;
}

export async function createOrganization(
  userId: string,
  input: { name: string; slug: string; timezone?: string },
): Promise<OrgSummary> {
  try {
    return await db().$transaction(async (tx) => {
      const org = await tx.organization.create({
        data: { name: input.name, slug: input.slug, ...(input.timezone ? { timezone: input.timezone } : {}) },
      });
      await tx.membership.create({ data: { organizationId: org.id, userId, role: "owner" } });
      await recordAudit(tx, {
        organizationId: org.id,
        actorId: userId,
        action: "org.created",
        targetType: "organization",
        targetId: org.id,
        data: { name: org.name, slug: org.slug },
      });
      return { id: org.id, name: org.name, slug: org.slug, timezone: org.timezone, role: "owner" as const };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("CONFLICT", "That address is already taken; choose another", { field: "slug" });
    throw error;
  }
}

export async function updateOrganization(
  organizationId: string,
  actorId: string,
  input: { name?: string; timezone?: string },
) {
  return db().$transaction(async (tx) => {
    const before = await tx.organization.findUnique({ where: { id: organizationId } });
    if (!before) throw new AppError("NOT_FOUND", "Organisation not found");
    const org = await tx.organization.update({
      where: { id: organizationId },
      data: { ...(input.name ? { name: input.name } : {}), ...(input.timezone ? { timezone: input.timezone } : {}) },
    });
    await recordAudit(tx, {
      organizationId,
      actorId,
      action: "org.updated",
      targetType: "organization",
      targetId: organizationId,
      data: {
        ...(input.name && input.name !== before.name ? { name: { from: before.name, to: org.name } } : {}),
        ...(input.timezone && input.timezone !== before.timezone
          ? { timezone: { from: before.timezone, to: org.timezone } }
          : {}),
      },
    });
    return { id: org.id, name: org.name, slug: org.slug, timezone: org.timezone };
  });
}

export async function organizationOverview(organizationId: string) {
  const [byRole, pendingInvitations] = await Promise.all([
    db().membership.groupBy({ by: ["role"], where: { organizationId }, _count: { _all: true } }),
    db().invitation.count({
      where: { organizationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    }),
  ]);
  const counts: Record<Role, number> = { owner: 0, admin: 0, member: 0, viewer: 0 };
  for (const row of byRole) counts[row.role] = row._count._all;
  return { memberCounts: counts, pendingInvitations };
}
