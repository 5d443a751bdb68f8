import { describe, expect, it } from "vitest";
import { can, grantableRoles, PERMISSIONS, ROLES } from "@/lib/permissions";
import { orgSlugSchema, slugify } from "@/lib/validation";

describe("permission table", () => {
  it("viewers change nothing of the organisation: every permission a viewer has is a read, or about themselves", () => {
    const viewerPermissions = Object.keys(PERMISSIONS).filter((p) => can("viewer", p as keyof typeof PERMISSIONS));
    const aboutThemselves = ["membership:leave", "notifications:self"];
    expect(viewerPermissions.filter((p) => !p.endsWith(":read") && !aboutThemselves.includes(p))).toEqual([]);
  });

  it("a higher role can do everything a lower role can", () => {
    for (const permission of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) {
      for (let i = 1; i < ROLES.length; i++) {
        if (can(ROLES[i]!, permission)) expect(can(ROLES[i - 1]!, permission)).toBe(true);
      }
    }
  });

  it("nobody can grant a role above their own", () => {
    expect(grantableRoles("owner")).toEqual(["owner", "admin", "member", "viewer"]);
    expect(grantableRoles("admin")).toEqual(["admin", "member", "viewer"]);
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
