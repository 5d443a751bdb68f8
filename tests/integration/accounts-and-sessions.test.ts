import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { LOGIN_MAX_FAILURES, verifyCredentials } from "@/server/services/accounts";
import { callerFor, createOrg, createUser, outcome, TEST_PASSWORD, unique } from "../support/factories";

describe("sign-up", () => {
  it("creates an account with a normalised email and an argon2id hash", async () => {
    const email = `${unique("Mixed")}@Example.TEST`;
    const user = await callerFor(null).account.signUp({
      name: "  Pat Smith ",
      email: `  ${email} `,
      password: "long-enough-password",
    });
    expect(user.email).toBe(email.toLowerCase());
    expect(user.name).toBe("Pat Smith");
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it("a duplicate email is a conflict on the email field, whatever its case", async () => {
    const email = `${unique("dup")}@example.test`;
    await callerFor(null).account.signUp({ name: "A", email, password: "long-enough-password" });
    const error = await callerFor(null)
      .account.signUp({ name: "B", email: email.toUpperCase(), password: "long-enough-password" })
      .catch((e) => e);
    expect(error.code).toBe("CONFLICT");
    expect(error.cause.field).toBe("email");
  });

  it("rejects a short password and a malformed email with field errors", async () => {
    const error = await callerFor(null)
      .account.signUp({ name: "C", email: "not-an-email", password: "short" })
      .catch((e) => e);
    expect(error.code).toBe("BAD_REQUEST");
    const fields = JSON.parse(error.message).map((i: { path: string[] }) => i.path[0]);
    expect(fields.sort()).toEqual(["email", "password"]);
  });
});

describe("credentials and throttling", () => {
  it("accepts the right password and refuses a wrong one", async () => {
    const user = await createUser();
    expect((await verifyCredentials(user.email, TEST_PASSWORD)).ok).toBe(true);
    expect(await verifyCredentials(user.email, "wrong-password")).toEqual({ ok: false, reason: "invalid" });
  });

  it("answers an unknown email exactly as a wrong password", async () => {
    expect(await verifyCredentials(`${unique("ghost")}@example.test`, "whatever")).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it(`blocks an account after ${LOGIN_MAX_FAILURES} failures in 15 minutes, even with the right password, then lets it in after the window`, async () => {
    const user = await createUser();
    const t0 = new Date("2026-01-01T10:00:00Z");
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) {
      await verifyCredentials(user.email, "wrong", new Date(t0.getTime() + i * 1000));
    }
    const blocked = await verifyCredentials(user.email, TEST_PASSWORD, new Date(t0.getTime() + 60_000));
    expect(blocked).toMatchObject({ ok: false, reason: "throttled" });
    const later = await verifyCredentials(user.email, TEST_PASSWORD, new Date(t0.getTime() + 16 * 60_000));
    expect(later.ok).toBe(true);
  });

  it("throttles unknown emails the same way, so throttling reveals nothing", async () => {
    const ghost = `${unique("ghost")}@example.test`;
    const t0 = new Date("2026-01-02T10:00:00Z");
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) await verifyCredentials(ghost, "wrong", new Date(t0.getTime() + i));
    expect(await verifyCredentials(ghost, "wrong", new Date(t0.getTime() + 1000))).toMatchObject({
      reason: "throttled",
    });
  });

  it("a success resets the failure count", async () => {
    const user = await createUser();
    const t0 = new Date("2026-01-03T10:00:00Z");
    for (let i = 0; i < LOGIN_MAX_FAILURES - 1; i++)
      await verifyCredentials(user.email, "wrong", new Date(t0.getTime() + i));
    expect((await verifyCredentials(user.email, TEST_PASSWORD, new Date(t0.getTime() + 100))).ok).toBe(true);
    for (let i = 0; i < LOGIN_MAX_FAILURES - 1; i++)
      await verifyCredentials(user.email, "wrong", new Date(t0.getTime() + 200 + i));
    expect((await verifyCredentials(user.email, TEST_PASSWORD, new Date(t0.getTime() + 400))).ok).toBe(true);
  });

  it("records sign-ins in the person's security activity", async () => {
    const user = await createUser();
    await verifyCredentials(user.email, "wrong");
    await verifyCredentials(user.email, TEST_PASSWORD);
    const activity = await callerFor(user).account.securityActivity();
    expect(activity.items.map((i) => i.action).slice(0, 2)).toEqual(["auth.sign_in", "auth.sign_in_failed"]);
  });
});

describe("sessions", () => {
  it("a password change ends sessions that carry the old version", async () => {
    const user = await createUser();
    const oldSession = callerFor(user);
    await oldSession.account.changePassword({ currentPassword: TEST_PASSWORD, newPassword: "brand-new-password" });
    expect(await outcome(() => oldSession.account.me())).toBe("UNAUTHORIZED");
    const fresh = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await outcome(() => callerFor(fresh).account.me())).toBe("ok");
    expect((await verifyCredentials(user.email, "brand-new-password")).ok).toBe(true);
  });

  it("a wrong current password is a field error and changes nothing", async () => {
    const user = await createUser();
    const error = await callerFor(user)
      .account.changePassword({ currentPassword: "nope", newPassword: "brand-new-password" })
      .catch((e) => e);
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.cause.field).toBe("currentPassword");
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(user.sessionVersion);
  });

  it("a deleted user's session stops working", async () => {
    const user = await createUser();
    await createOrg({ owner: [user] });
    await db().user.delete({ where: { id: user.id } });
    expect(await outcome(() => callerFor(user).organization.list())).toBe("UNAUTHORIZED");
  });
});
