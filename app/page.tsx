import { redirect } from "next/navigation";
import { viewer } from "@/server/auth/viewer";
import { listOrganizationsForUser } from "@/server/services/organizations";

export const dynamic = "force-dynamic";

/** Sends people where they work: their first organisation, or to create one. */
export default async function Home() {
  const user = await viewer();
  if (!user) redirect("/signin");
  const organizations = await listOrganizationsForUser(user.id);
  redirect(organizations[0] ? `/${organizations[0].slug}` : "/orgs/new");
}
