/**
 * One table of who may do what. The server enforces it at procedure level; the
 * UI reads it only to hide controls a person cannot use.
 */
export const ROLES = ["owner", "admin", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/** Higher number, more power. */
export const ROLE_RANK: Record<Role, number> = { owner: 4, admin: 3, member: 2, viewer: 1 };

export const ROLE_LABEL: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
  viewer: "Viewer",
};

const everyone: readonly Role[] = ["owner", "admin", "member", "viewer"];
const editors: readonly Role[] = ["owner", "admin", "member"];
const admins: readonly Role[] = ["owner", "admin"];

export const PERMISSIONS = {
  "org:read": everyone,
  "org:update": admins,
  "members:read": everyone,
  "members:invite": admins,
  "members:update-role": admins,
  "members:remove": admins,
  "invitations:read": admins,
  "invitations:revoke": admins,
  "audit:read": admins,
  "membership:leave": everyone,
  "notifications:self": everyone,
  "notifications:team": admins,
  "mycirrus:read": everyone,
  "mycirrus:manage": admins,
  "instruments:read": everyone,
  "instruments:rename": editors,
  "instruments:action": admins,
  "alerts:read": everyone,
  "alerts:update": editors,
  "alerts:rules": admins,
  "sites:read": everyone,
  "sites:manage": admins,
  "sites:deploy": admins,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Roles a person may hand out: never above their own. */
export function grantableRoles(role: Role): Role[] {
  return ROLES.filter((r) => ROLE_RANK[r] <= ROLE_RANK[role]);
}
