import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { hashToken, INVITATION_TTL_MS } from "@/server/services/organizations";
import { callerFor, createOrg, createUser, outcome } from "../support/factories";

async function setup() {
  const [owner, invitee] = await Promise.all([createUser("Owner"), createUser("Invitee")]);
  const org = await createOrg({ owner: [owner] });
  const created = await callerFor(owner).invitations.create({
    orgSlug: org.slug,
    email: invitee.email.toUpperCase(),
    role: "viewer",
  });
  const token = created.link.split("/invite/")[1]!;
  return { owner, invitee, org, created, token };
}

describe("invitations", () => {
  it("stores only the hash of the token; the link carries the token", async () => {
    const before = Date.now();
    const { created, token } = await setup();
    const after = Date.now();
    expect(created.link).toMatch(/^http:\/\/portal\.test\/invite\/[A-Za-z0-9_-]{43}$/);
    const row = await db().invitation.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    // Expires exactly a week after it was made: between a week after the call began and a week after it returned.
    expect(row.expiresAt.getTime()).toBeGreaterThanOrEqual(before + INVITATION_TTL_MS);
    expect(row.expiresAt.getTime()).toBeLessThanOrEqual(after + INVITATION_TTL_MS);
    expect(INVITATION_TTL_MS).toBe(7 * 86_400_000);
  });

  it("the invitee joins with the role given, once", async () => {
    const { invitee, org, token } = await setup();
    const api = callerFor(invitee);
    expect(await api.invitations.accept({ token })).toEqual({ organizationSlug: org.slug });
    expect((await api.organization.get({ orgSlug: org.slug })).role).toBe("viewer");
    const second = await api.invitations.accept({ token }).catch((e) => e);
    expect(second.code).toBe("PRECONDITION_FAILED");
    expect(second.message).toMatch(/already been used/);
  });

  it("someone signed in with another address cannot use it", async () => {
    const { token } = await setup();
    const stranger = await createUser("Stranger");
    const error = await callerFor(stranger)
      .invitations.accept({ token })
      .catch((e) => e);
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toMatch(/sent to/);
  });

  it("an expired invitation says so", async () => {
    const { invitee, created, token } = await setup();
    await db().invitation.update({ where: { id: created.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const error = await callerFor(invitee)
      .invitations.accept({ token })
      .catch((e) => e);
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(error.message).toMatch(/expired/);
    expect((await callerFor(null).invitations.preview({ token })).state).toBe("expired");
  });

  it("a revoked invitation says so, and revoking twice is refused", async () => {
    const { owner, invitee, org, created, token } = await setup();
    await callerFor(owner).invitations.revoke({ orgSlug: org.slug, invitationId: created.id });
    expect(
      (
        await callerFor(invitee)
          .invitations.accept({ token })
          .catch((e) => e)
      ).message,
    ).toMatch(/revoked/);
    expect(
      await outcome(() => callerFor(owner).invitations.revoke({ orgSlug: org.slug, invitationId: created.id })),
    ).toBe("PRECONDITION_FAILED");
  });

  it("an unknown token is NOT_FOUND; a malformed one is a validation error", async () => {
    expect(await outcome(() => callerFor(null).invitations.preview({ token: "A".repeat(43) }))).toBe("NOT_FOUND");
    expect(await outcome(() => callerFor(null).invitations.preview({ token: "short" }))).toBe("BAD_REQUEST");
  });

  it("inviting an existing member is a conflict; re-inviting replaces the pending invitation", async () => {
    const { owner, org, invitee, created } = await setup();
    const member = await createUser();
    await db().membership.create({ data: { organizationId: org.id, userId: member.id, role: "member" } });
    const error = await callerFor(owner)
      .invitations.create({ orgSlug: org.slug, email: member.email, role: "member" })
      .catch((e) => e);
    expect(error.code).toBe("CONFLICT");
    await callerFor(owner).invitations.create({ orgSlug: org.slug, email: invitee.email, role: "member" });
    expect((await db().invitation.findUniqueOrThrow({ where: { id: created.id } })).revokedAt).not.toBeNull();
    const list = await callerFor(owner).invitations.list({ orgSlug: org.slug });
    expect(list.filter((i) => i.state === "pending")).toHaveLength(1);
  });

  it("two concurrent accepts of one invitation add one membership", async () => {
    const { invitee, org, token } = await setup();
    const api = callerFor(invitee);
    const results = await Promise.all([
      outcome(() => api.invitations.accept({ token })),
      outcome(() => api.invitations.accept({ token })),
    ]);
    expect(results.filter((r) => r === "ok")).toHaveLength(1);
    expect(await db().membership.count({ where: { organizationId: org.id, userId: invitee.id } })).toBe(1);
  });
});
