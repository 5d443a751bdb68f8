/**
 * The demo organisation and user that `npm run dev` creates on an empty
 * database, so a newcomer can sign in at once.
 */
import { db } from "@/server/db/client";
import { signUp } from "./accounts";
import { createOrganization } from "./organizations";

export const DEMO_USER = { name: "Dana Demo", email: "demo@example.com", password: "demo-password-1" } as const;
export const DEMO_ORG = { name: "Demo Acoustics", slug: "demo", timezone: "Europe/London" } as const;

export async function seedDemoIfEmpty(): Promise<{ seeded: boolean }> {
  if ((await db().user.count()) > 0) return { seeded: false };
  const user = await signUp(DEMO_USER);
  await createOrganization(user.id, DEMO_ORG);
  return { seeded: true };
}
