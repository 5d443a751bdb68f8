import { env } from "@/server/env";

/** The origin users reach the portal at: PUBLIC_URL when set, else the request's own. */
export function publicOrigin(req: Request): string {
  const configured = env().PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, "");
  return new URL(req.url).origin;
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
  const allowed = new Set([new URL(req.url).origin, publicOrigin(req)]);
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (host)
    allowed.add(`${req.headers.get("x-forwarded-proto") ?? new URL(req.url).protocol.replace(":", "")}://${host}`);
  return !allowed.has(origin);
}
