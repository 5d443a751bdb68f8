import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { ICONS } from "@/components/shell/icons";
import { can } from "@/lib/permissions";
import { loadOrgPage } from "@/server/api/org-page";
import { signOutAction } from "@/server/auth/actions";

export const dynamic = "force-dynamic";

export default async function OrgLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ org: string }>;
}) {
  const { org: slug } = await params;
  const { user, org, caller } = await loadOrgPage(slug);
  const organizations = await caller.organization.list();
  const alertCounts = await caller.alerts.counts({ orgSlug: slug });
  const base = `/${org.slug}`;
  const nav = [
    { href: base, label: "Overview", icon: ICONS.overview, exact: true },
    {
      href: `${base}/alerts`,
      label: "Alerts",
      icon: ICONS.bell,
      badge: { count: alertCounts.open + alertCounts.acknowledged, urgent: alertCounts.openCritical > 0 },
    },
    { href: `${base}/sites`, label: "Sites", icon: ICONS.sites },
    { href: `${base}/fleet`, label: "Fleet", icon: ICONS.fleet },
    { href: `${base}/calibration`, label: "Calibration", icon: ICONS.calibration },
    { href: `${base}/notifications`, label: "Alert emails", icon: ICONS.mail },
    { href: `${base}/members`, label: "Members", icon: ICONS.members },
    ...(can(org.role, "audit:read") ? [{ href: `${base}/audit`, label: "Audit log", icon: ICONS.audit }] : []),
    { href: `${base}/settings`, label: "Settings", icon: ICONS.settings },
  ];
  return (
    <AppShell
      user={user}
      current={{ name: org.name, slug: org.slug, role: org.role }}
      organizations={organizations}
      nav={nav}
      signOut={signOutAction}
    >
      {children}
    </AppShell>
  );
}
