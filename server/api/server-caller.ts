/**
 * Calls tRPC procedures from React Server Components with the same context,
 * authorisation and error mapping as HTTP requests.
 */
import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { currentIdentity } from "@/server/auth/config";
import { publicOrigin } from "@/server/http";
import { createCaller } from "./root";

export const serverCaller = cache(async () => {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const proto = h.get("x-forwarded-proto") ?? "http";
  const origin = publicOrigin(`${proto}://${host}`);
  return createCaller({ identity: await currentIdentity(), origin });
});
