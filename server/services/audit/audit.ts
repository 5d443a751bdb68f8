/** Who did what, when. Every service that changes something records it here. */
import type { Prisma } from "@/server/db/generated/client";
import type { Tx } from "@/server/db/client";

export type AuditAction =
  | "auth.sign_in"
  | "auth.sign_in_failed"
  | "auth.sign_in_throttled"
  | "user.sign_up"
  | "user.password_changed"
  | "user.profile_updated"
  | "org.created"
  | "org.updated"
  | "member.role_changed"
  | "member.removed"
  | "member.left"
  | "invitation.created"
  | "invitation.revoked"
  | "invitation.accepted"
  | "mycirrus.key_saved"
  | "mycirrus.key_replaced"
  | "mycirrus.key_checked"
  | "mycirrus.key_removed"
  | "mycirrus.base_url_changed"
  | "notifications.updated"
  | "notifications.unsubscribed"
  | "instrument.renamed"
  | "instrument.action_started"
  | "alert.opened"
  | "alert.retriggered"
  | "alert.acknowledged"
  | "alert.resolved"
  | "alert.reopened"
  | "alert.comment"
  | "alert.assigned"
  | "alert.escalated"
  | "site.created"
  | "site.updated"
  | "site.archived"
  | "site.restored"
  | "site.rule_override_changed"
  | "deployment.started"
  | "deployment.moved"
  | "deployment.ended"
  | "limit_schedule.versioned"
  | "member.sites_changed"
  | "alert_rule.updated"
  | "webhooks.repaired"
  | "webhooks.unregistered";

export interface AuditEntry {
  organizationId?: string | null;
  actorId?: string | null;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  data?: Prisma.InputJsonValue;
}

export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      organizationId: entry.organizationId ?? null,
      actorId: entry.actorId ?? null,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      data: entry.data,
    },
  });
}

export interface AuditPage {
  items: {
    id: string;
    action: string;
    targetType: string | null;
    targetId: string | null;
    data: unknown;
    createdAt: Date;
    actor: { id: string; name: string; email: string } | null;
  }[];
  nextCursor: string | null;
}

/** Newest first, keyset-paginated by (createdAt, id). */
export async function listAudit(
  tx: Tx,
  where: { organizationId: string } | { actorId: string; organizationId: null },
  options: { cursor?: string | null; limit: number; actions?: string[] },
): Promise<AuditPage> {
  const rows = await tx.auditLog.findMany({
    where: { ...where, ...(options.actions ? { action: { in: options.actions } } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit + 1,
    ...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
    include: { actor: { select: { id: true, name: true, email: true } } },
  });
  const items = rows.slice(0, options.limit);
  return {
    items: items.map((r) => ({
      id: r.id,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      data: r.data,
      createdAt: r.createdAt,
      actor: r.actor,
    })),
    nextCursor: rows.length > options.limit ? (items.at(-1)?.id ?? null) : null,
  };
}
