import { env } from "@/server/env";
import { AppError } from "@/server/errors";

/** PUBLIC_URL without a trailing slash, or null when it is not set (MyCirrus can then send no webhooks). */
export function configuredOrigin(): string | null {
  return env().PUBLIC_URL?.replace(/\/+$/, "") ?? null;
}

/**
 * Where users reach the portal, for every absolute link (emails, invitations,
 * webhook registration, the server caller): PUBLIC_URL when set (required in
 * production), else the origin of the request being served. Work outside a
 * request (the worker) has no such fallback, and never guesses one.
 */
export function publicOrigin(requestOrigin?: string): string {
  const origin = configuredOrigin() ?? requestOrigin;
  if (!origin)
    throw new AppError("PRECONDITION_FAILED", "PUBLIC_URL is not set, so the portal cannot make links to itself");
  return origin;
}

/**
 * Defence against cross-site request forgery for state-changing API calls, on
 * top of SameSite=Lax session cookies: a browser always sends Origin on a
 * cross-origin POST, so one that names another site is refused. Requests
 * without Origin (server-side callers, tools) carry no browser cookies.
 */
export function isCrossSiteWrite(req: Request): boolean {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return false;
  const origin = req.headers.get("origin");
  if (!origin) return false;
  const own = new URL(req.url).origin;
  const allowed = new Set([own, publicOrigin(own)]);
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (host)
    allowed.add(`${req.headers.get("x-forwarded-proto") ?? new URL(req.url).protocol.replace(":", "")}://${host}`);
  return !allowed.has(origin);
}
