import type { Metadata } from "next";
import { SubscriptionForm } from "@/components/notifications/subscription-form";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { formatDateTime } from "@/lib/format";
import { can } from "@/lib/permissions";
import { loadOrgPage } from "@/server/api/org-page";

export const metadata: Metadata = { title: "Alert emails" };

const MODE = { immediate: "Immediately", hourly: "Hourly digest", daily: "Daily digest" } as const;

export default async function NotificationsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { org, caller } = await loadOrgPage(slug);
  const [mine, choices] = await Promise.all([
    caller.notifications.mine({ orgSlug: slug }),
    caller.notifications.choices({ orgSlug: slug }),
  ]);
  const isAdmin = can(org.role, "notifications:team");
  const [team, failed] = isAdmin
    ? await Promise.all([
        caller.notifications.team({ orgSlug: slug }),
        caller.notifications.failedEmails({ orgSlug: slug }),
      ])
    : [null, null];
  const { saved: _saved, ...initial } = mine;
  const siteName = new Map(choices.sites.map((s) => [s.id, s.name]));
  /** "all sites", or the sites someone chose. */
  const sitesOf = (siteIds: string[]) =>
    siteIds.length === 0 ? "all sites" : siteIds.map((id) => siteName.get(id) ?? "an archived site").join(", ");

  return (
    <>
      <PageHeader title="Alert emails" description={`Which alerts in ${org.name} reach you by email, and when.`} />
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="My alert emails"
            description={mine.saved ? "Your saved settings." : "Defaults for your role. Save to make them yours."}
          />
          <SubscriptionForm orgSlug={slug} initial={initial} choices={choices} />
        </Card>
        {team && (
          <Card>
            <CardHeader
              title="The team's alert emails"
              description="Each person chooses their own; shown here so you know who hears about what."
            />
            <ul className="divide-y divide-slate-100 dark:divide-slate-800">
              {team.map((t) => (
                <li
                  key={t.user.id}
                  className="flex flex-wrap items-center gap-3 px-5 py-3 text-sm"
                  data-testid={`subscription-${t.user.email}`}
                >
                  <div className="min-w-0 flex-1">
                    <p className="font-medium">{t.user.name}</p>
                    <p className="text-xs text-slate-500 dark:text-slate-400">{t.user.email}</p>
                  </div>
                  {t.enabled ? <Badge tone="green">{MODE[t.mode]}</Badge> : <Badge tone="neutral">Unsubscribed</Badge>}
                  <span className="text-xs text-slate-500 dark:text-slate-400">{t.severities.join(" + ")}</span>
                  {(choices.sites.length > 0 || t.siteIds.length > 0) && (
                    <span
                      className="max-w-full truncate text-xs text-slate-500 dark:text-slate-400"
                      title={sitesOf(t.siteIds)}
                    >
                      {sitesOf(t.siteIds)}
                    </span>
                  )}
                  {!t.saved && <span className="text-xs text-slate-400">defaults</span>}
                </li>
              ))}
            </ul>
          </Card>
        )}
        {failed && failed.length > 0 && (
          <Card>
            <CardHeader
              title="Emails that could not be delivered"
              description="The mail server refused these, or they failed too many times."
            />
            <ul className="divide-y divide-slate-100 dark:divide-slate-800">
              {failed.map((f) => (
                <li key={f.id} className="px-5 py-3 text-sm">
                  <p className="font-medium">
                    {f.toAddress} · {f.subject}
                  </p>
                  <p className="text-xs text-rose-600 dark:text-rose-400">
                    {f.lastError} · {f.attempts} attempt{f.attempts === 1 ? "" : "s"} · {formatDateTime(f.createdAt)}
                  </p>
                </li>
              ))}
            </ul>
          </Card>
        )}
      </div>
    </>
  );
}
