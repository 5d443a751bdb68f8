import type { Metadata } from "next";
import { InvitationsTable } from "@/components/org/invitations-table";
import { InviteForm } from "@/components/org/invite-form";
import { MembersTable } from "@/components/org/members-table";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { can } from "@/lib/permissions";
import { loadOrgPage } from "@/server/api/org-page";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { user, org, caller } = await loadOrgPage(slug);
  const members = await caller.members.list({ orgSlug: slug });
  const canInvite = can(org.role, "members:invite");
  const invitations = can(org.role, "invitations:read") ? await caller.invitations.list({ orgSlug: slug }) : null;

  return (
    <>
      <PageHeader title="Members" description="Who can see and manage this organisation's monitors." />
      <div className="space-y-6">
        {canInvite && (
          <Card>
            <CardHeader title="Invite a colleague" description="You can give a role up to your own." />
            <InviteForm orgSlug={slug} myRole={org.role} />
          </Card>
        )}
        <Card>
          <CardHeader
            title={`People (${members.length})`}
            description="Owners and admins manage members; viewers only look."
          />
          <MembersTable orgSlug={slug} members={members} me={{ userId: user.id, role: org.role }} />
        </Card>
        {invitations && (
          <Card>
            <CardHeader title="Invitations" />
            <InvitationsTable
              orgSlug={slug}
              invitations={invitations}
              canRevoke={can(org.role, "invitations:revoke")}
            />
          </Card>
        )}
      </div>
    </>
  );
}
