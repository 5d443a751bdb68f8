/**
 * Signed, expiring unsubscribe tokens: they let a person stop one
 * organisation's alert emails from the email itself, without signing in.
 * HMAC-SHA256 with a key derived from AUTH_SECRET; compared in constant time.
 */
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { env } from "@/server/env";

const VALIDITY_MS = 90 * 24 * 60 * 60 * 1000;

interface Claims {
  u: string; // user id
  o: string; // organisation id
  e: number; // expiry, ms since epoch
}

function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", env().AUTH_SECRET, "", "portal:unsubscribe", 32));
}

const mac = (payload: string) => createHmac("sha256", key()).update(payload).digest();

export function createUnsubscribeToken(userId: string, organizationId: string, now = new Date()): string {
  const payload = Buffer.from(
    JSON.stringify({ u: userId, o: organizationId, e: now.getTime() + VALIDITY_MS } satisfies Claims),
  ).toString("base64url");
  return `${payload}.${mac(payload).toString("base64url")}`;
}

export type TokenCheck =
  { ok: true; userId: string; organizationId: string } | { ok: false; reason: "malformed" | "forged" | "expired" };

export function verifyUnsubscribeToken(token: string, now = new Date()): TokenCheck {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined || token.length > 1000) return { ok: false, reason: "malformed" };
  const expected = mac(payload);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "forged" };
  let claims: Claims;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (typeof claims.u !== "string" || typeof claims.o !== "string" || typeof claims.e !== "number")
    return { ok: false, reason: "malformed" };
  if (claims.e < now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, userId: claims.u, organizationId: claims.o };
}
