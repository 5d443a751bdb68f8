import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { ICONS } from "@/components/shell/icons";
import { signOutAction } from "@/server/auth/actions";
import { requireViewer } from "@/server/auth/viewer";
import { listOrganizationsForUser } from "@/server/services/organizations";

export const dynamic = "force-dynamic";

export default async function PersonalLayout({ children }: { children: ReactNode }) {
  const user = await requireViewer("/");
  const organizations = await listOrganizationsForUser(user.id);
  const nav = [
    ...organizations.map((o) => ({ href: `/${o.slug}`, label: o.name, icon: ICONS.overview, exact: true })),
    { href: "/orgs/new", label: "New organisation", icon: ICONS.plus },
    { href: "/account", label: "Account and security", icon: ICONS.account },
  ];
  return (
    <AppShell user={user} current={null} organizations={organizations} nav={nav} signOut={signOutAction}>
      {children}
    </AppShell>
  );
}
