/**
 * Invitations by email with a role. The token travels only in the link; the
 * database keeps its SHA-256. Single use, 7-day expiry, revocable.
 */
import { createHash, randomBytes } from "node:crypto";
import { ROLE_RANK, type Role } from "@/lib/permissions";
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { renderInvitationEmail } from "@/server/email/templates";
import { enqueueInTransaction, QUEUES } from "@/server/jobs/queue";
import { recordAudit } from "@/server/services/audit";
import { queueEmails } from "@/server/services/notifications";
import { canBeSiteLimited } from "@/server/services/sites";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export type InvitationState = "pending" | "accepted" | "revoked" | "expired";

function stateOf(
  inv: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now = new Date(),
): InvitationState {
  if (inv.acceptedAt) return "accepted";
  if (inv.revokedAt) return "revoked";
  if (inv.expiresAt <= now) return "expired";
  return "pending";
}

/** The invitation link for a token: `${origin}/invite/${token}`. */
export const invitationLink = (origin: string, token: string) => `${origin.replace(/\/+$/, "")}/invite/${token}`;

/** Site limits apply to members and viewers only, and name sites of this organisation. */
export async function assertSitesFor(organizationId: string, role: Role, siteIds: readonly string[]) {
  if (siteIds.length === 0) return;
  if (!canBeSiteLimited(role))
    throw new AppError("BAD_REQUEST", "Admins and owners always see the whole organisation; choose no sites", {
      field: "siteIds",
    });
  const found = await db().site.count({ where: { organizationId, id: { in: [...siteIds] } } });
  if (found !== siteIds.length)
    throw new AppError("BAD_REQUEST", "Choose sites of this organisation", { field: "siteIds" });
}

export async function createInvitation(
  organizationId: string,
  actor: { userId: string; role: Role },
  input: { email: string; role: Role; siteIds?: string[] },
  options: { origin: string },
): Promise<{ id: string; token: string; expiresAt: Date }> {
  if (ROLE_RANK[input.role] > ROLE_RANK[actor.role]) {
    throw new AppError("FORBIDDEN", "You cannot invite someone with a role above your own", { field: "role" });
  }
  const siteIds = [...new Set(input.siteIds ?? [])];
  await assertSitesFor(organizationId, input.role, siteIds);
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
  return db().$transaction(async (tx) => {
    const existingMember = await tx.membership.findFirst({
      where: { organizationId, user: { email: input.email } },
      select: { id: true },
    });
    if (existingMember)
      throw new AppError("CONFLICT", "This person is already a member of the organisation", { field: "email" });
    // A new invitation to the same address replaces any pending one.
    await tx.invitation.updateMany({
      where: { organizationId, email: input.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const invitation = await tx.invitation.create({
      data: {
        organizationId,
        email: input.email,
        role: input.role,
        siteIds,
        tokenHash: hashToken(token),
        invitedById: actor.userId,
        expiresAt,
      },
    });
    await recordAudit(tx, {
      organizationId,
      actorId: actor.userId,
      action: "invitation.created",
      targetType: "invitation",
      targetId: invitation.id,
      data: { email: input.email, role: input.role, ...(siteIds.length > 0 && { siteIds }) },
    });
    // The email goes out with the invitation or not at all (same transaction).
    // One connection per transaction: its queries run one after another.
    const org = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { name: true } });
    const inviter = await tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { name: true } });
    await queueEmails(tx, [
      {
        idempotencyKey: `invitation:${invitation.id}`,
        organizationId,
        kind: "invitation",
        relatedId: invitation.id,
        to: input.email,
        ...renderInvitationEmail({
          organizationName: org.name,
          inviterName: inviter.name,
          role: input.role,
          link: invitationLink(options.origin, token),
          expiresAt,
        }),
      },
    ]);
    await enqueueInTransaction(tx, QUEUES.emailDispatch, {});
    return { id: invitation.id, token, expiresAt };
  });
}

export async function listInvitations(organizationId: string) {
  const rows = await db().invitation.findMany({
    where: { organizationId },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: {
      id: true,
      email: true,
      role: true,
      siteIds: true,
      createdAt: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      invitedBy: { select: { name: true, email: true } },
    },
  });
  const emails = await db().emailOutbox.findMany({
    where: { organizationId, kind: "invitation", relatedId: { in: rows.map((r) => r.id) } },
    select: { relatedId: true, state: true, lastError: true },
  });
  const emailOf = new Map(emails.map((e) => [e.relatedId, e]));
  return rows.map((r) => {
    const email = emailOf.get(r.id);
    // "failed" = the mail server refused it (a bounce at send time) or it kept failing.
    return {
      ...r,
      state: stateOf(r),
      delivery: email ? { state: email.state, error: email.state === "failed" ? email.lastError : null } : null,
    };
  });
}

export async function revokeInvitation(
  organizationId: string,
  actor: { userId: string; role: Role },
  invitationId: string,
) {
  await db().$transaction(async (tx) => {
    const invitation = await tx.invitation.findFirst({ where: { id: invitationId, organizationId } });
    if (!invitation) throw new AppError("NOT_FOUND", "Invitation not found");
    const state = stateOf(invitation);
    if (state !== "pending") throw new AppError("PRECONDITION_FAILED", `This invitation is already ${state}`);
    if (ROLE_RANK[invitation.role] > ROLE_RANK[actor.role])
      throw new AppError("FORBIDDEN", "You cannot revoke an invitation above your role");
    await tx.invitation.update({ where: { id: invitation.id, organizationId }, data: { revokedAt: new Date() } });
    await recordAudit(tx, {
      organizationId,
      actorId: actor.userId,
      action: "invitation.revoked",
      targetType: "invitation",
      targetId: invitation.id,
      data: { email: invitation.email, role: invitation.role },
    });
  });
}

/** What the invite page shows before sign-in; reveals nothing without the token. */
export async function previewInvitation(token: string) {
  const invitation = await db().invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      email: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      organization: { select: { name: true, slug: true } },
      invitedBy: { select: { name: true } },
    },
  });
  if (!invitation) throw new AppError("NOT_FOUND", "Invitation not found");
  return {
    email: invitation.email,
    role: invitation.role,
    organizationName: invitation.organization.name,
    invitedByName: invitation.invitedBy.name,
    expiresAt: invitation.expiresAt,
    state: stateOf(invitation),
  };
}

const STATE_MESSAGE: Record<Exclude<InvitationState, "pending">, string> = {
  accepted: "This invitation has already been used.",
  revoked: "This invitation was revoked. Ask for a new one.",
  expired: "This invitation has expired. Ask for a new one.",
};

export async function acceptInvitation(token: string, user: { id: string; email: string }) {
  return db().$transaction(async (tx) => {
    const invitation = await tx.invitation.findUnique({
      where: { tokenHash: hashToken(token) },
      include: { organization: { select: { slug: true } } },
    });
    if (!invitation) throw new AppError("NOT_FOUND", "Invitation not found");
    const state = stateOf(invitation);
    if (state !== "pending") throw new AppError("PRECONDITION_FAILED", STATE_MESSAGE[state]);
    if (invitation.email !== user.email.toLowerCase()) {
      throw new AppError(
        "FORBIDDEN",
        `This invitation was sent to ${invitation.email}. Sign in with that address to accept it.`,
      );
    }
    // Single use even under concurrent clicks: only one update can flip acceptedAt.
    const claimed = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, revokedAt: null },
      data: { acceptedAt: new Date(), acceptedById: user.id },
    });
    if (claimed.count !== 1) throw new AppError("PRECONDITION_FAILED", STATE_MESSAGE.accepted);
    const existing = await tx.membership.findFirst({
      where: { organizationId: invitation.organizationId, userId: user.id },
    });
    if (!existing) {
      // Sites archived or deleted since the invitation was sent simply drop out; the person stays limited.
      const sites = await tx.site.findMany({
        where: { organizationId: invitation.organizationId, id: { in: invitation.siteIds } },
        select: { id: true },
      });
      await tx.membership.create({
        data: {
          organizationId: invitation.organizationId,
          userId: user.id,
          role: invitation.role,
          siteLimited: invitation.siteIds.length > 0,
          sites: {
            create: sites.map((site) => ({ siteId: site.id, organizationId: invitation.organizationId })),
          },
        },
      });
    }
    await recordAudit(tx, {
      organizationId: invitation.organizationId,
      actorId: user.id,
      action: "invitation.accepted",
      targetType: "invitation",
      targetId: invitation.id,
      data: { email: invitation.email, role: invitation.role },
    });
    return { organizationSlug: invitation.organization.slug };
  });
}
