import { env } from "@/server/env";

/** The origin users reach the portal at: PUBLIC_URL when set, else the request's own. */
export function publicOrigin(req: Request): string {
  const configured = env().PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, "");
  return new URL(req.url).origin;
}
