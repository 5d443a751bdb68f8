import type { Metadata } from "next";
import { AlertRulesCard } from "@/components/alerts/alert-rules-card";
import { WebhookHealthCard } from "@/components/alerts/webhook-health-card";
import { ConnectionCard } from "@/components/mycirrus/connection-card";
import { LeaveOrg } from "@/components/org/leave-org";
import { OrgSettingsForm } from "@/components/org/org-settings-form";
import { ScheduleCard } from "@/components/sites/schedule-card";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { can } from "@/lib/permissions";
import { loadOrgPage } from "@/server/api/org-page";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { org, caller } = await loadOrgPage(slug);
  const connection = await caller.mycirrus.connection({ orgSlug: slug });
  const [webhooks, rules, defaultSchedule] = await Promise.all([
    caller.webhooks.health({ orgSlug: slug }),
    caller.alerts.rules({ orgSlug: slug }),
    caller.sites.schedules({ orgSlug: slug, siteId: null }),
  ]);
  return (
    <>
      <PageHeader title="Settings" description="Your organisation, its MyCirrus connection, and your membership." />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Organisation" />
          <OrgSettingsForm
            orgSlug={slug}
            name={org.name}
            timezone={org.timezone}
            canEdit={can(org.role, "org:update")}
          />
        </Card>
        <Card>
          <CardHeader
            title="MyCirrus connection"
            description="The API key this organisation's monitors are read with."
          />
          <ConnectionCard orgSlug={slug} canManage={can(org.role, "mycirrus:manage")} connection={connection} />
        </Card>
        <Card>
          <CardHeader
            title="Webhooks"
            description="MyCirrus tells the portal about changes at once; polling fills in whatever a webhook missed."
          />
          <WebhookHealthCard orgSlug={slug} canManage={can(org.role, "mycirrus:manage")} health={webhooks} />
        </Card>
        <Card>
          <CardHeader
            title="Alert rules"
            description="What raises an alert, and how severe it is. Every rule starts on."
          />
          <AlertRulesCard orgSlug={slug} rules={rules} canEdit={can(org.role, "alerts:rules")} />
        </Card>
        <ScheduleCard
          id="default-limits"
          orgSlug={slug}
          siteId={null}
          timeZone={org.timezone}
          versions={defaultSchedule}
          canEdit={can(org.role, "sites:manage")}
          now={new Date()}
          title="Default noise limits"
          description={`For monitors not deployed at a site, by local time in ${org.timezone}. A site's own schedule applies to the monitors deployed there.`}
          emptyText="No default limits: monitors not deployed at a site raise no noise alerts."
        />
        <Card>
          <CardHeader title="Leave organisation" />
          <LeaveOrg orgSlug={slug} orgName={org.name} />
        </Card>
      </div>
    </>
  );
}
