/**
 * The one authorisation path for organisation-scoped work, used by tRPC's
 * orgProcedure and by route handlers that cannot be tRPC (binary downloads).
 */
import { can, type Permission } from "@/lib/permissions";
import type { SessionIdentity } from "@/server/auth/config";
import { AppError } from "@/server/errors";
import { findSessionUser, type PublicUser } from "@/server/services/accounts";
import { resolveOrgForUser, type OrgContext } from "@/server/services/organizations";

export async function authenticate(identity: SessionIdentity | null): Promise<PublicUser> {
  const user = identity ? await findSessionUser(identity.userId, identity.sessionVersion) : null;
  if (!user) throw new AppError("UNAUTHORIZED", "Please sign in");
  return user;
}

/** Non-members get NOT_FOUND, as if the organisation did not exist. */
export async function authorizeOrg(userId: string, orgSlug: string, permission: Permission): Promise<OrgContext> {
  const resolved = await resolveOrgForUser(orgSlug, userId);
  if (!resolved) throw new AppError("NOT_FOUND", "Organisation not found");
  if (!can(resolved.membership.role, permission)) throw new AppError("FORBIDDEN", "Your role does not allow this");
  return resolved;
}
