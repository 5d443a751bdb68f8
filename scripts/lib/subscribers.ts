/**
 * Many email subscribers for one organisation, for the benchmarks and the
 * reliability runs (hundreds to thousands of them): members sharing one
 * password hash, written in three bulk inserts instead of one sign-up each,
 * each subscribed to immediate emails for warning and critical alerts.
 */
import { defaultSubscription } from "@/lib/subscriptions";
import { hashPassword } from "@/server/auth/password";
import { db } from "@/server/db/client";

export async function addSubscribers(
  organizationId: string,
  options: {
    count: number;
    /** Subscriber i's user id is `${idPrefix}${i}`. */
    idPrefix: string;
    /** Subscriber i's address is subscriber-i@`emailDomain`. */
    emailDomain: string;
    password: string;
    includeResolutions: boolean;
  },
): Promise<{ id: string; email: string }[]> {
  const passwordHash = await hashPassword(options.password);
  const users = Array.from({ length: options.count }, (_, i) => ({
    id: `${options.idPrefix}${i}`,
    email: `subscriber-${i}@${options.emailDomain}`,
    name: `Subscriber ${i}`,
    passwordHash,
  }));
  await db().user.createMany({ data: users });
  await db().membership.createMany({
    data: users.map((u) => ({ organizationId, userId: u.id, role: "member" as const })),
  });
  await db().alertSubscription.createMany({
    data: users.map((u) => ({
      userId: u.id,
      organizationId,
      ...defaultSubscription("member", "UTC"),
      mode: "immediate",
      severities: ["warning", "critical"],
      includeResolutions: options.includeResolutions,
    })),
  });
  return users.map((u) => ({ id: u.id, email: u.email }));
}
