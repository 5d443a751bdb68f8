/**
 * Members and roles. Rules: nobody grants or changes a role above their own,
 * nobody changes someone who outranks them, and an organisation always keeps
 * at least one owner (enforced under a row lock so two owners demoting each
 * other at once cannot both succeed).
 */
import { can, ROLE_RANK, type Permission, type Role } from "@/lib/permissions";
import { db, type Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit";
import { canBeSiteLimited, toAccess, type Scope } from "@/server/services/sites";

/** The members; a site-limited caller sees only their own sites among each member's. */
export async function listMembers(scope: Scope) {
  const access = toAccess(scope);
  const organizationId = access.organizationId;
  const visible = (site: { id: string }) => access.siteIds === null || access.siteIds.includes(site.id);
  const rows = await db().membership.findMany({
    where: { organizationId },
    orderBy: [{ createdAt: "asc" }],
    select: {
      id: true,
      role: true,
      siteLimited: true,
      createdAt: true,
      user: { select: { id: true, name: true, email: true } },
      sites: { select: { site: { select: { id: true, name: true, code: true } } } },
    },
  });
  // Highest role first, then by join date.
  return rows
    .map(({ sites, siteLimited, ...m }) => ({
      ...m,
      /** null: sees the whole organisation. */
      sites: siteLimited && canBeSiteLimited(m.role) ? sites.map((s) => s.site).filter(visible) : null,
    }))
    .sort((a, b) => ROLE_RANK[b.role] - ROLE_RANK[a.role] || a.createdAt.getTime() - b.createdAt.getTime());
}

async function lockOwners(tx: Tx, organizationId: string): Promise<number> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Membership" WHERE "organizationId" = ${organizationId} AND role = 'owner' FOR UPDATE`;
  return rows.length;
}

/**
 * The actor's role as it is now, under the owners' lock: a concurrent change may
 * have demoted them since the request was authorised.
 */
async function currentActorRole(tx: Tx, organizationId: string, userId: string, permission: Permission): Promise<Role> {
  const membership = await tx.membership.findFirst({ where: { organizationId, userId }, select: { role: true } });
  if (!membership) throw new AppError("NOT_FOUND", "Organisation not found");
  if (!can(membership.role, permission)) throw new AppError("FORBIDDEN", "Your role does not allow this");
  return membership.role;
}

async function findTarget(tx: Tx, organizationId: string, membershipId: string) {
  const target = await tx.membership.findFirst({
    where: { id: membershipId, organizationId },
    select: { id: true, role: true, userId: true, user: { select: { email: true } } },
  });
  if (!target) throw new AppError("NOT_FOUND", "Member not found");
  return target;
}

export async function changeRole(
  organizationId: string,
  actor: { userId: string; role: Role },
  membershipId: string,
  role: Role,
) {
  return db().$transaction(async (tx) => {
    const ownerCount = await lockOwners(tx, organizationId);
    actor = { ...actor, role: await currentActorRole(tx, organizationId, actor.userId, "members:update-role") };
    const target = await findTarget(tx, organizationId, membershipId);
    if (ROLE_RANK[role] > ROLE_RANK[actor.role])
      throw new AppError("FORBIDDEN", "You cannot grant a role above your own");
    if (ROLE_RANK[target.role] > ROLE_RANK[actor.role])
      throw new AppError("FORBIDDEN", "You cannot change the role of someone above you");
    if (target.role === role) return { id: target.id, role };
    if (target.role === "owner" && ownerCount <= 1) {
      throw new AppError(
        "PRECONDITION_FAILED",
        "An organisation needs at least one owner. Make someone else owner first.",
      );
    }
    await tx.membership.update({ where: { id: target.id, organizationId }, data: { role } });
    await recordAudit(tx, {
      organizationId,
      actorId: actor.userId,
      action: "member.role_changed",
      targetType: "user",
      targetId: target.userId,
      data: { email: target.user.email, from: target.role, to: role },
    });
    return { id: target.id, role };
  });
}

export async function removeMember(
  organizationId: string,
  actor: { userId: string; role: Role },
  membershipId: string,
) {
  await db().$transaction(async (tx) => {
    const ownerCount = await lockOwners(tx, organizationId);
    const target = await findTarget(tx, organizationId, membershipId);
    const leaving = target.userId === actor.userId;
    actor = {
      ...actor,
      role: await currentActorRole(tx, organizationId, actor.userId, leaving ? "membership:leave" : "members:remove"),
    };
    if (ROLE_RANK[target.role] > ROLE_RANK[actor.role])
      throw new AppError("FORBIDDEN", "You cannot remove someone above you");
    if (target.role === "owner" && ownerCount <= 1) {
      throw new AppError(
        "PRECONDITION_FAILED",
        "An organisation needs at least one owner. Make someone else owner first.",
      );
    }
    await tx.membership.delete({ where: { id: target.id, organizationId } });
    await recordAudit(tx, {
      organizationId,
      actorId: actor.userId,
      action: leaving ? "member.left" : "member.removed",
      targetType: "user",
      targetId: target.userId,
      data: { email: target.user.email, role: target.role },
    });
  });
}

export async function leaveOrganization(organizationId: string, userId: string) {
  const membership = await db().membership.findFirst({
    where: { organizationId, userId },
    select: { id: true, role: true },
  });
  if (!membership) throw new AppError("NOT_FOUND", "Membership not found");
  await removeMember(organizationId, { userId, role: membership.role }, membership.id);
}

/**
 * Limits a member or viewer to chosen sites (or, with null, lifts the limit).
 * An empty list is a limit too: they then see no site until one is added.
 */
export async function setMemberSites(
  organizationId: string,
  actor: { userId: string },
  membershipId: string,
  siteIds: string[] | null,
): Promise<void> {
  await db().$transaction(async (tx) => {
    const target = await tx.membership.findFirst({
      where: { id: membershipId, organizationId },
      select: { id: true, role: true, userId: true, sites: { select: { siteId: true } } },
    });
    if (!target) throw new AppError("NOT_FOUND", "Member not found");
    if (siteIds !== null && !canBeSiteLimited(target.role))
      throw new AppError("BAD_REQUEST", "Admins and owners always see the whole organisation", { field: "siteIds" });
    const wanted = [...new Set(siteIds ?? [])];
    if (wanted.length > 0) {
      const found = await tx.site.count({ where: { organizationId, id: { in: wanted } } });
      if (found !== wanted.length)
        throw new AppError("BAD_REQUEST", "Choose sites of this organisation", { field: "siteIds" });
    }
    await tx.membershipSite.deleteMany({ where: { membershipId: target.id, organizationId } });
    if (wanted.length > 0)
      await tx.membershipSite.createMany({
        data: wanted.map((siteId) => ({ membershipId: target.id, siteId, organizationId })),
      });
    await tx.membership.update({
      where: { id: target.id, organizationId },
      data: { siteLimited: siteIds !== null },
    });
    await recordAudit(tx, {
      organizationId,
      actorId: actor.userId,
      action: "member.sites_changed",
      targetType: "membership",
      targetId: target.id,
      data: { from: target.sites.map((s) => s.siteId), to: siteIds },
    });
  });
}
