import type { Metadata } from "next";
import { LeaveOrg } from "@/components/org/leave-org";
import { OrgSettingsForm } from "@/components/org/org-settings-form";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { can } from "@/lib/permissions";
import { loadOrgPage } from "@/server/api/org-page";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { org } = await loadOrgPage(slug);
  return (
    <>
      <PageHeader title="Settings" description="How this organisation is named and which clock its schedules follow." />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Organisation" />
          <OrgSettingsForm orgSlug={slug} name={org.name} timezone={org.timezone} canEdit={can(org.role, "org:update")} />
        </Card>
        <Card>
          <CardHeader title="Leave organisation" />
          <LeaveOrg orgSlug={slug} orgName={org.name} />
        </Card>
      </div>
    </>
  );
}
