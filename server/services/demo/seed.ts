/**
 * The demo organisation and user that `npm run dev` creates on an empty
 * database, so a newcomer can sign in at once.
 */
import { db } from "@/server/db/client";
import { signUp } from "@/server/services/accounts";
import { ensureDefaultRules } from "@/server/services/alerts";
import { saveApiKey } from "@/server/services/mycirrus";
import { createOrganization } from "@/server/services/organizations";
import { syncFleet } from "@/server/services/fleet";
import { seedDemoSites } from "./sites";

export const DEMO_USER = { name: "Dana Demo", email: "demo@example.com", password: "demo-password-1" } as const;
export const DEMO_ORG = { name: "Demo Acoustics", slug: "demo", timezone: "Europe/London" } as const;

/** `mycirrus`: the simulator's address and demo key, handed in by the dev orchestrator. */
export async function seedDemoIfEmpty(mycirrus?: { baseUrl: string; apiKey: string }): Promise<{ seeded: boolean }> {
  if ((await db().user.count()) > 0) return { seeded: false };
  const user = await signUp(DEMO_USER);
  const org = await createOrganization(user.id, DEMO_ORG);
  await ensureDemoAlertRules();
  if (mycirrus) {
    await saveApiKey(org.id, user.id, mycirrus);
    // Sites deploy instruments, so the fleet must be known first.
    await syncFleet(org.id);
    await seedDemoSites(org.id, user.id);
  }
  return { seeded: true };
}

/**
 * The demo organisation's alert rules, created on first start with the offline
 * rule at 0 minutes, so taking a simulated instrument offline shows an alert
 * within seconds (real fleets default to 5 minutes). Rules already there are kept.
 */
export async function ensureDemoAlertRules(): Promise<void> {
  const org = await db().organization.findUnique({ where: { slug: DEMO_ORG.slug }, select: { id: true } });
  if (org) await ensureDefaultRules(org.id, { offlineMinutes: 0 });
}

/**
 * A demo database made before sites existed gets them on the next start, once its
 * instruments are known; one that has sites (or no demo organisation) is left alone.
 */
export async function ensureDemoSites(): Promise<void> {
  const org = await db().organization.findUnique({ where: { slug: DEMO_ORG.slug }, select: { id: true } });
  const owner = await db().user.findUnique({ where: { email: DEMO_USER.email }, select: { id: true } });
  if (!org || !owner || (await db().instrument.count({ where: { organizationId: org.id } })) === 0) return;
  await seedDemoSites(org.id, owner.id);
}
