import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AlertActions, AssigneeSelect, CommentForm } from "@/components/alerts/alert-controls";
import { ALERT_STATE, AlertFacts, AlertTimeline, SeverityBadge } from "@/components/alerts/alert-detail";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { can } from "@/lib/permissions";
import { loadOrgPage } from "@/server/api/org-page";

export const metadata: Metadata = { title: "Alert" };

export default async function AlertPage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org: slug, id } = await params;
  const { org, caller } = await loadOrgPage(slug);
  let alert;
  try {
    alert = await caller.alerts.get({ orgSlug: slug, alertId: id });
  } catch (error) {
    // Another organisation's alert, or no such alert: the same 404.
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
  const canUpdate = can(org.role, "alerts:update");
  const members = canUpdate
    ? (await caller.members.list({ orgSlug: slug })).map((m) => ({ id: m.user.id, name: m.user.name }))
    : [];
  const state = ALERT_STATE[alert.state];

  return (
    <>
      <nav className="mb-3 text-sm text-slate-500 dark:text-slate-400" aria-label="Breadcrumb">
        <Link href={`/${slug}/alerts`} className="hover:text-brand-700 hover:underline dark:hover:text-brand-300">
          Alerts
        </Link>
        <span className="mx-1.5">/</span>
        <span>{alert.rule.name}</span>
      </nav>
      <div className="mb-6">
        <div className="mb-2 flex flex-wrap items-center gap-2">
          <SeverityBadge severity={alert.severity} />
          <Badge tone={state.tone}>{state.label}</Badge>
        </div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-white">{alert.title}</h1>
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader title="Details" />
            <AlertFacts orgSlug={slug} alert={alert} timeZone={org.timezone} />
          </Card>
          <Card>
            <CardHeader
              title="Activity"
              description={`Everything that happened to this alert. Times in ${org.timezone}.`}
            />
            <AlertTimeline entries={alert.activity} total={alert.activityTotal} timeZone={org.timezone} />
            {canUpdate && (
              <div className="border-t border-slate-200 px-5 py-4 dark:border-slate-800">
                <CommentForm orgSlug={slug} alertId={alert.id} />
              </div>
            )}
          </Card>
        </div>
        <div className="space-y-6">
          <Card>
            <CardHeader title="Actions" />
            <div className="space-y-5 px-5 py-4">
              {canUpdate ? (
                <>
                  <AlertActions orgSlug={slug} alertId={alert.id} state={alert.state} />
                  <AssigneeSelect orgSlug={slug} alertId={alert.id} assigneeId={alert.assigneeId} members={members} />
                </>
              ) : (
                <p className="text-sm text-slate-500 dark:text-slate-400">
                  Viewers can follow an alert. A member, admin or owner acknowledges, resolves, assigns and comments.
                </p>
              )}
            </div>
          </Card>
        </div>
      </div>
    </>
  );
}
