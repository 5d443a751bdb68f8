import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { AuditList } from "@/components/org/audit-list";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { PageSkeleton } from "@/components/ui/page-skeleton";
import { can, ROLE_LABEL, ROLES } from "@/lib/permissions";
import { loadOrgPage } from "@/server/api/org-page";

export const metadata: Metadata = { title: "Overview" };

export default function OrgOverviewPage({ params }: { params: Promise<{ org: string }> }) {
  return (
    <Suspense fallback={<PageSkeleton />}>
      <Overview params={params} />
    </Suspense>
  );
}

async function Overview({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { user, org, caller } = await loadOrgPage(slug);
  const activity = can(org.role, "audit:read") ? await caller.audit.list({ orgSlug: slug, limit: 8 }) : null;
  const fleet = await caller.fleet.summary({ orgSlug: slug });
  const totalMembers = ROLES.reduce((sum, r) => sum + org.memberCounts[r], 0);

  return (
    <>
      <PageHeader
        title={org.name}
        description={`Welcome back, ${user.name.split(" ")[0]}. You are ${ROLE_LABEL[org.role].toLowerCase()} of this organisation.`}
      />
      {fleet.configured ? (
        <div className="mb-4 grid gap-4 sm:grid-cols-4" aria-label="Fleet">
          <Stat
            label="Measuring"
            value={`${fleet.counts.measuring} of ${fleet.counts.total}`}
            href={`/${slug}/fleet`}
          />
          <Stat label="Offline" value={fleet.counts.offline} href={`/${slug}/fleet?filter=offline`} />
          <Stat
            label="Needs calibration"
            value={fleet.counts.needsCalibration}
            href={`/${slug}/fleet?filter=needs-calibration`}
          />
          <Stat label="SIC failed" value={fleet.counts.sicFailed} href={`/${slug}/fleet?filter=sic-failed`} />
        </div>
      ) : (
        <p className="mb-4 text-sm text-slate-600 dark:text-slate-300">
          No monitors yet.{" "}
          <Link href={`/${slug}/settings`} className="font-medium text-brand-700 hover:underline dark:text-brand-300">
            Add your MyCirrus key in Settings
          </Link>
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-3">
        <Stat label="Members" value={totalMembers} href={`/${slug}/members`} />
        <Stat label="Pending invitations" value={org.pendingInvitations} href={`/${slug}/members`} />
        <Stat label="Timezone" value={org.timezone} href={`/${slug}/settings`} />
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-1">
          <CardHeader title="Team" description="People by role" />
          <dl className="divide-y divide-slate-100 dark:divide-slate-800">
            {ROLES.map((role) => (
              <div key={role} className="flex items-center justify-between px-5 py-3 text-sm">
                <dt className="text-slate-600 dark:text-slate-300">{ROLE_LABEL[role]}s</dt>
                <dd className="font-semibold tabular-nums">{org.memberCounts[role]}</dd>
              </div>
            ))}
          </dl>
        </Card>
        {activity && (
          <Card className="lg:col-span-2">
            <CardHeader
              title="Recent activity"
              actions={
                <Link
                  href={`/${slug}/audit`}
                  className="text-sm font-medium text-brand-700 hover:underline dark:text-brand-300"
                >
                  View audit log
                </Link>
              }
            />
            <AuditList items={activity.items} timeZone={org.timezone} />
          </Card>
        )}
      </div>
    </>
  );
}

function Stat({ label, value, href }: { label: string; value: string | number; href: string }) {
  return (
    <Link
      href={href}
      className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200 transition hover:ring-brand-300 dark:bg-slate-900 dark:ring-slate-800"
    >
      <p className="text-sm text-slate-500 dark:text-slate-400">{label}</p>
      <p className="mt-1 text-2xl font-semibold tracking-tight tabular-nums">{value}</p>
    </Link>
  );
}
