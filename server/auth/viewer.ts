import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { currentIdentity } from "./config";
import { findSessionUser, type PublicUser } from "@/server/services/accounts";

/** The signed-in person for a page render, checked against the database. */
export const viewer = cache(async (): Promise<PublicUser | null> => {
  const identity = await currentIdentity();
  return identity ? findSessionUser(identity.userId, identity.sessionVersion) : null;
});

export async function requireViewer(callbackUrl: string): Promise<PublicUser> {
  const user = await viewer();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  return user;
}
