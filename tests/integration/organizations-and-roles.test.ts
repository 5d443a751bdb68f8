import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { callerFor, createOrg, createUser, outcome } from "../support/factories";

async function membershipOf(orgId: string, userId: string) {
  return db().membership.findFirstOrThrow({ where: { organizationId: orgId, userId } });
}

describe("organisations", () => {
  it("creating an organisation makes the creator its owner and records it in the audit log", async () => {
    const user = await createUser("Creator");
    const org = await callerFor(user).organization.create({ name: "Acme Acoustics", slug: "acme-acoustics" });
    expect(org.role).toBe("owner");
    const audit = await callerFor(user).audit.list({ orgSlug: "acme-acoustics" });
    expect(audit.items.map((i) => i.action)).toContain("org.created");
  });

  it("a taken slug is a field-level conflict and leaves nothing half-written", async () => {
    const user = await createUser();
    await callerFor(user).organization.create({ name: "First", slug: "taken-slug" });
    const before = await db().organization.count();
    const error = await callerFor(user)
      .organization.create({ name: "Second", slug: "taken-slug" })
      .catch((e) => e);
    expect(error.code).toBe("CONFLICT");
    expect(error.cause.field).toBe("slug");
    expect(await db().organization.count()).toBe(before);
    expect(await db().membership.count({ where: { userId: user.id } })).toBe(1);
  });

  it("rejects bad names, slugs and timezones with field messages", async () => {
    const user = await createUser();
    const api = callerFor(user);
    expect(await outcome(() => api.organization.create({ name: "x", slug: "ok-slug" }))).toBe("BAD_REQUEST");
    expect(await outcome(() => api.organization.create({ name: "Fine", slug: "Bad Slug!" }))).toBe("BAD_REQUEST");
    expect(await outcome(() => api.organization.create({ name: "Fine", slug: "api" }))).toBe("BAD_REQUEST");
    expect(
      await outcome(() => api.organization.create({ name: "Fine", slug: "fine-tz", timezone: "Mars/Olympus" })),
    ).toBe("BAD_REQUEST");
  });
});

describe("tenant isolation", () => {
  it("a member of another organisation cannot reach a row of this one, even with its id", async () => {
    const [ownerA, ownerB, memberB] = await Promise.all([createUser(), createUser(), createUser()]);
    const orgA = await createOrg({ owner: [ownerA] });
    const orgB = await createOrg({ owner: [ownerB], member: [memberB] });
    const rowOfB = await membershipOf(orgB.id, memberB.id);
    // Owner of A names A's slug but B's membership id: NOT_FOUND, and B is unchanged.
    const api = callerFor(ownerA);
    expect(
      await outcome(() => api.members.updateRole({ orgSlug: orgA.slug, membershipId: rowOfB.id, role: "viewer" })),
    ).toBe("NOT_FOUND");
    expect(await outcome(() => api.members.remove({ orgSlug: orgA.slug, membershipId: rowOfB.id }))).toBe("NOT_FOUND");
    expect((await membershipOf(orgB.id, memberB.id)).role).toBe("member");
    // And B's slug answers as if it did not exist.
    expect(await outcome(() => api.members.list({ orgSlug: orgB.slug }))).toBe("NOT_FOUND");
  });

  it("an invitation of another organisation cannot be revoked through this one", async () => {
    const [ownerA, ownerB] = await Promise.all([createUser(), createUser()]);
    const orgA = await createOrg({ owner: [ownerA] });
    const orgB = await createOrg({ owner: [ownerB] });
    const inviteB = await callerFor(ownerB).invitations.create({
      orgSlug: orgB.slug,
      email: "someone@example.test",
      role: "member",
    });
    expect(
      await outcome(() => callerFor(ownerA).invitations.revoke({ orgSlug: orgA.slug, invitationId: inviteB.id })),
    ).toBe("NOT_FOUND");
    expect(await db().invitation.findUniqueOrThrow({ where: { id: inviteB.id } })).toMatchObject({ revokedAt: null });
  });
});

describe("role rules", () => {
  it("an admin cannot grant owner, nor change or remove an owner", async () => {
    const [owner, admin, member] = await Promise.all([createUser(), createUser(), createUser()]);
    const org = await createOrg({ owner: [owner], admin: [admin], member: [member] });
    const api = callerFor(admin);
    const m = await membershipOf(org.id, member.id);
    const o = await membershipOf(org.id, owner.id);
    expect(await outcome(() => api.members.updateRole({ orgSlug: org.slug, membershipId: m.id, role: "owner" }))).toBe(
      "FORBIDDEN",
    );
    expect(await outcome(() => api.members.updateRole({ orgSlug: org.slug, membershipId: o.id, role: "viewer" }))).toBe(
      "FORBIDDEN",
    );
    expect(await outcome(() => api.members.remove({ orgSlug: org.slug, membershipId: o.id }))).toBe("FORBIDDEN");
    expect(
      await outcome(() => api.invitations.create({ orgSlug: org.slug, email: "boss@example.test", role: "owner" })),
    ).toBe("FORBIDDEN");
    expect(await outcome(() => api.members.updateRole({ orgSlug: org.slug, membershipId: m.id, role: "admin" }))).toBe(
      "ok",
    );
  });

  it("the last owner can be neither demoted nor removed; with two owners one may step down", async () => {
    const [owner, second] = await Promise.all([createUser(), createUser()]);
    const org = await createOrg({ owner: [owner], member: [second] });
    const api = callerFor(owner);
    const mine = await membershipOf(org.id, owner.id);
    expect(
      await outcome(() => api.members.updateRole({ orgSlug: org.slug, membershipId: mine.id, role: "admin" })),
    ).toBe("PRECONDITION_FAILED");
    expect(await outcome(() => api.members.remove({ orgSlug: org.slug, membershipId: mine.id }))).toBe(
      "PRECONDITION_FAILED",
    );
    const theirs = await membershipOf(org.id, second.id);
    await api.members.updateRole({ orgSlug: org.slug, membershipId: theirs.id, role: "owner" });
    expect(
      await outcome(() => api.members.updateRole({ orgSlug: org.slug, membershipId: mine.id, role: "admin" })),
    ).toBe("ok");
  });

  it("two owners demoting each other at the same moment leave one owner", async () => {
    const [a, b] = await Promise.all([createUser(), createUser()]);
    const org = await createOrg({ owner: [a, b] });
    const ma = await membershipOf(org.id, a.id);
    const mb = await membershipOf(org.id, b.id);
    const results = await Promise.all([
      outcome(() => callerFor(a).members.updateRole({ orgSlug: org.slug, membershipId: mb.id, role: "admin" })),
      outcome(() => callerFor(b).members.updateRole({ orgSlug: org.slug, membershipId: ma.id, role: "admin" })),
    ]);
    // Whichever commits first wins; the other finds a single owner left (or
    // itself demoted) and is refused.
    expect(results.filter((r) => r === "ok")).toHaveLength(1);
    expect(results.find((r) => r !== "ok")).toMatch(/^(PRECONDITION_FAILED|FORBIDDEN)$/);
    expect(await db().membership.count({ where: { organizationId: org.id, role: "owner" } })).toBe(1);
  });

  it("role changes and removals take effect on the very next request", async () => {
    const [owner, member] = await Promise.all([createUser(), createUser()]);
    const org = await createOrg({ owner: [owner], admin: [member] });
    const m = await membershipOf(org.id, member.id);
    const session = callerFor(member);
    expect(await outcome(() => session.invitations.list({ orgSlug: org.slug }))).toBe("ok");
    await callerFor(owner).members.updateRole({ orgSlug: org.slug, membershipId: m.id, role: "viewer" });
    expect(await outcome(() => session.invitations.list({ orgSlug: org.slug }))).toBe("FORBIDDEN");
    await callerFor(owner).members.remove({ orgSlug: org.slug, membershipId: m.id });
    expect(await outcome(() => session.organization.get({ orgSlug: org.slug }))).toBe("NOT_FOUND");
  });
});
