import { describe, expect, it } from "vitest";
import { can, grantableRoles, PERMISSIONS, ROLE_LABEL, ROLE_RANK, ROLES, type Role } from "@/lib/permissions";
import { orgSlugSchema, slugify } from "@/lib/validation";

/**
 * The whole table, written out: who may do what. A permission added to lib/permissions.ts fails
 * the first test until it is listed here, so every change to who may do what is a reviewed line.
 * O = owner, A = admin, M = member, V = viewer.
 */
const PINNED: Record<string, "OAMV" | "OAM" | "OA"> = {
  "org:read": "OAMV",
  "org:update": "OA",
  "members:read": "OAMV",
  "members:invite": "OA",
  "members:update-role": "OA",
  "members:remove": "OA",
  "invitations:read": "OA",
  "invitations:revoke": "OA",
  "audit:read": "OA",
  "membership:leave": "OAMV",
  "notifications:self": "OAMV",
  "notifications:team": "OA",
  "mycirrus:read": "OAMV",
  "mycirrus:manage": "OA",
  "instruments:read": "OAMV",
  "instruments:rename": "OAM",
  "instruments:action": "OA",
  "alerts:read": "OAMV",
  "alerts:update": "OAM",
  "alerts:rules": "OA",
  "sites:read": "OAMV",
  "sites:manage": "OA",
  "sites:deploy": "OA",
};
const LETTER: Record<Role, string> = { owner: "O", admin: "A", member: "M", viewer: "V" };

describe("permission table", () => {
  it("lists exactly the permissions pinned here", () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(PINNED).sort());
  });

  it("gives each role exactly the pinned permissions", () => {
    for (const permission of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) {
      for (const role of ROLES) {
        expect(can(role, permission), `${role} ${permission}`).toBe((PINNED[permission] ?? "").includes(LETTER[role]));
      }
    }
  });

  it("ranks and names the roles", () => {
    expect(ROLES).toEqual(["owner", "admin", "member", "viewer"]);
    expect(ROLE_RANK).toEqual({ owner: 4, admin: 3, member: 2, viewer: 1 });
    expect(ROLE_LABEL).toEqual({ owner: "Owner", admin: "Admin", member: "Member", viewer: "Viewer" });
  });

  it("viewers change nothing of the organisation: every permission a viewer has is a read, or about themselves", () => {
    const viewerPermissions = Object.keys(PERMISSIONS).filter((p) => can("viewer", p as keyof typeof PERMISSIONS));
    const aboutThemselves = ["membership:leave", "notifications:self"];
    expect(viewerPermissions.filter((p) => !p.endsWith(":read") && !aboutThemselves.includes(p))).toEqual([]);
    expect(viewerPermissions).toEqual(expect.arrayContaining(["org:read", ...aboutThemselves]));
  });

  it("a higher role can do everything a lower role can", () => {
    for (const permission of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) {
      for (let i = 1; i < ROLES.length; i++) {
        if (can(ROLES[i]!, permission)) expect(can(ROLES[i - 1]!, permission)).toBe(true);
      }
      expect(can("owner", permission), `the owner may ${permission}`).toBe(true);
    }
  });

  it("nobody can grant a role above their own", () => {
    expect(grantableRoles("owner")).toEqual(["owner", "admin", "member", "viewer"]);
    expect(grantableRoles("admin")).toEqual(["admin", "member", "viewer"]);
    expect(grantableRoles("member")).toEqual(["member", "viewer"]);
    expect(grantableRoles("viewer")).toEqual(["viewer"]);
  });
});

describe("slugs", () => {
  it("slugify makes a valid address from a name", () => {
    expect(slugify("Café Acoustics  Ltd.")).toBe("cafe-acoustics-ltd");
    expect(orgSlugSchema.safeParse(slugify("Café Acoustics  Ltd.")).success).toBe(true);
  });
  it("reserved and malformed slugs are refused", () => {
    for (const bad of ["api", "-x", "x-", "a", "with space", "UPPER!"]) {
      expect(orgSlugSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});
