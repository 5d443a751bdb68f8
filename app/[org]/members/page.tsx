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
  const [members, siteChoices] = await Promise.all([
    caller.members.list({ orgSlug: slug }),
    caller.sites.choices({ orgSlug: slug }),
  ]);
  const sites = siteChoices.map(({ id, name, code }) => ({ id, name, code }));
  // A site-limited member or viewer is not told the names of sites they cannot see (another client's).
  const visible = new Set(sites.map((s) => s.id));
  const shown = can(org.role, "members:update-role")
    ? members
    : members.map((m) => {
        if (!m.sites) return m;
        const hidden = m.sites.filter((s) => !visible.has(s.id)).length;
        const seen = m.sites.filter((s) => visible.has(s.id));
        const others = { id: "others", name: `${hidden} other site${hidden === 1 ? "" : "s"}`, code: "" };
        return { ...m, sites: hidden > 0 ? [...seen, others] : seen };
      });
  const canInvite = can(org.role, "members:invite");
  const invitations = can(org.role, "invitations:read") ? await caller.invitations.list({ orgSlug: slug }) : null;

  return (
    <>
      <PageHeader title="Members" description="Who can see and manage this organisation's monitors." />
      <div className="space-y-6">
        {canInvite && (
          <Card>
            <CardHeader title="Invite a colleague" description="You can give a role up to your own." />
            <InviteForm orgSlug={slug} myRole={org.role} sites={sites} />
          </Card>
        )}
        <Card>
          <CardHeader
            title={`People (${members.length})`}
            description={
              sites.length > 0
                ? "Owners and admins manage members and see every site; a member or viewer may be limited to some sites."
                : "Owners and admins manage members; viewers only look."
            }
          />
          <MembersTable orgSlug={slug} members={shown} me={{ userId: user.id, role: org.role }} sites={sites} />
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
