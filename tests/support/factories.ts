/**
 * Builders for integration tests. Rows are inserted directly (one password hash
 * shared by every test user) so that a fresh organisation per test is cheap.
 */
import { randomUUID } from "node:crypto";
import type { Role } from "@/lib/permissions";
import { createCaller } from "@/server/api/root";
import { hashPassword } from "@/server/auth/password";
import { MYCIRRUS_API_KEY_PURPOSE } from "@/server/crypto/purposes";
import { sealSecret } from "@/server/crypto/secrets";
import { db } from "@/server/db/client";

export const TEST_PASSWORD = "correct-horse-battery";
let sharedHash: Promise<string> | undefined;

export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export async function createUser(name = "Test User") {
  sharedHash ??= hashPassword(TEST_PASSWORD);
  return db().user.create({
    data: { name, email: `${unique("user")}@example.test`, passwordHash: await sharedHash },
  });
}

export async function createOrg(members: Partial<Record<Role, { id: string }[]>> = {}) {
  const org = await db().organization.create({ data: { name: unique("Org"), slug: unique("org") } });
  for (const [role, users] of Object.entries(members)) {
    for (const user of users ?? []) {
      await db().membership.create({ data: { organizationId: org.id, userId: user.id, role: role as Role } });
    }
  }
  return org;
}

/** A valid MyCirrus key for the organisation, stored directly: no check against MyCirrus, no audit entry. */
export async function createCredential(organizationId: string, apiKey: string, baseUrl: string) {
  const sealed = sealSecret(apiKey, organizationId, MYCIRRUS_API_KEY_PURPOSE);
  return db().myCirrusCredential.create({
    data: {
      organizationId,
      baseUrl,
      keyCiphertext: sealed.ciphertext,
      keyId: sealed.keyId,
      last4: apiKey.slice(-4),
      status: "valid",
    },
  });
}

export type Caller = ReturnType<typeof createCaller>;

export function callerFor(user: { id: string; sessionVersion: number } | null): Caller {
  return createCaller({
    identity: user ? { userId: user.id, sessionVersion: user.sessionVersion } : null,
    origin: "http://portal.test",
  });
}

/** The tRPC error code a call fails with, or "ok". */
export async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return "ok";
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (!code) throw error;
    return code;
  }
}
