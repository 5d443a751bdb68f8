/**
 * People: sign-up, credential checks with throttling, password and profile
 * changes. Sign-in itself is next-auth's; it calls verifyCredentials.
 */
import { db } from "@/server/db/client";
import { AppError, isUniqueViolation } from "@/server/errors";
import { burnPasswordCheck, hashPassword, verifyPassword } from "@/server/auth/password";
import { recordAudit } from "@/server/services/audit";

const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const LOGIN_MAX_FAILURES = 10;

export interface PublicUser {
  id: string;
  email: string;
  name: string;
}

export async function signUp(input: { name: string; email: string; password: string }): Promise<PublicUser> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db().$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { name: input.name, email: input.email, passwordHash },
        select: { id: true, email: true, name: true },
      });
      await recordAudit(tx, { actorId: user.id, action: "user.sign_up", targetType: "user", targetId: user.id });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("CONFLICT", "An account with this email already exists", { field: "email" });
    throw error;
  }
}

export type CredentialCheck =
  | { ok: true; user: PublicUser & { sessionVersion: number } }
  | { ok: false; reason: "invalid" | "throttled"; retryAfterSeconds?: number };

/**
 * Failures count per normalised email (known or not) since the last success,
 * within a sliding window. State lives in Postgres so every replica agrees.
 */
async function recentFailures(emailKey: string, now: Date): Promise<{ count: number; oldest: Date | null }> {
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
  const lastSuccess = await db().loginAttempt.findFirst({
    where: { emailKey, succeeded: true, createdAt: { gte: since } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  const from = lastSuccess && lastSuccess.createdAt > since ? lastSuccess.createdAt : since;
  const failures = await db().loginAttempt.findMany({
    where: { emailKey, succeeded: false, createdAt: { gt: from } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
  return { count: failures.length, oldest: failures[0]?.createdAt ?? null };
}

export async function verifyCredentials(email: string, password: string, now = new Date()): Promise<CredentialCheck> {
  const emailKey = email.trim().toLowerCase();
  const { count, oldest } = await recentFailures(emailKey, now);
  const user = await db().user.findUnique({
    where: { email: emailKey },
    select: { id: true, email: true, name: true, passwordHash: true, sessionVersion: true },
  });

  if (count >= LOGIN_MAX_FAILURES) {
    // Same cost and same answer whether or not the account exists.
    await burnPasswordCheck(password);
    if (user) await recordAudit(db(), { actorId: user.id, action: "auth.sign_in_throttled" });
    const retryAt = (oldest?.getTime() ?? now.getTime()) + LOGIN_WINDOW_MS;
    return {
      ok: false,
      reason: "throttled",
      retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)),
    };
  }

  const valid = user ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);
  await db().loginAttempt.create({ data: { emailKey, succeeded: valid, createdAt: now } });

  if (!user || !valid) {
    if (user) await recordAudit(db(), { actorId: user.id, action: "auth.sign_in_failed" });
    return { ok: false, reason: "invalid" };
  }
  await recordAudit(db(), { actorId: user.id, action: "auth.sign_in" });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } };
}

export async function changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user) throw new AppError("NOT_FOUND", "Account not found");
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new AppError("BAD_REQUEST", "Your current password is not correct", { field: "currentPassword" });
  }
  if (currentPassword === newPassword) {
    throw new AppError("BAD_REQUEST", "Choose a password different from the current one", { field: "newPassword" });
  }
  const passwordHash = await hashPassword(newPassword);
  await db().$transaction(async (tx) => {
    // Bumping the version ends every other session that carries the old one.
    await tx.user.update({ where: { id: userId }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    await recordAudit(tx, { actorId: userId, action: "user.password_changed", targetType: "user", targetId: userId });
  });
}

export async function updateProfile(userId: string, input: { name: string }): Promise<PublicUser> {
  return db().$transaction(async (tx) => {
    const user = await tx.user.update({
      where: { id: userId },
      data: { name: input.name },
      select: { id: true, email: true, name: true },
    });
    await recordAudit(tx, { actorId: userId, action: "user.profile_updated", targetType: "user", targetId: userId });
    return user;
  });
}

/** The signed-in person, if the session is still valid (user exists, version current). */
export async function findSessionUser(userId: string, sessionVersion: number): Promise<PublicUser | null> {
  const user = await db().user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, sessionVersion: true },
  });
  if (!user || user.sessionVersion !== sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name };
}
