import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { AlertInbox } from "@/components/alerts/alert-inbox";
import { Card, PageHeader } from "@/components/ui/card";
import { PageSkeleton } from "@/components/ui/page-skeleton";
import { can } from "@/lib/permissions";
import { loadOrgPage } from "@/server/api/org-page";

export const metadata: Metadata = { title: "Alerts" };

type Search = {
  state?: string;
  severity?: string;
  instrument?: string;
  rule?: string;
  site?: string;
  alert?: string;
};

/** An id from the address bar, or nothing: anything else would fail the list's input. */
const idParam = (v: string | undefined) => (v && /^[\w-]{1,40}$/.test(v) ? v : undefined);

const STATE_FILTERS: Record<string, ("open" | "acknowledged" | "resolved")[]> = {
  active: ["open", "acknowledged"],
  open: ["open"],
  acknowledged: ["acknowledged"],
  resolved: ["resolved"],
  all: [],
};

const select =
  "rounded-lg border-0 bg-white py-1.5 pl-3 pr-8 text-sm ring-1 ring-inset ring-slate-300 dark:bg-slate-900 dark:ring-slate-700";

export default async function AlertsPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<Search>;
}) {
  const { org: slug } = await params;
  const search = await searchParams;
  await loadOrgPage(slug);
  // Alert emails link to ?alert=<id>: that alert's own page. Before the inbox streams, so it stays a 307.
  if (search.alert && /^[\w-]{1,40}$/.test(search.alert)) redirect(`/${slug}/alerts/${search.alert}`);
  return (
    <Suspense fallback={<PageSkeleton />}>
      <Inbox slug={slug} search={search} />
    </Suspense>
  );
}

async function Inbox({ slug, search }: { slug: string; search: Search }) {
  const { org, caller } = await loadOrgPage(slug);
  const state = search.state && search.state in STATE_FILTERS ? search.state : "active";
  const severity = search.severity === "warning" || search.severity === "critical" ? search.severity : undefined;
  const siteId = idParam(search.site);
  const [page, { rules, instruments, sites }] = await Promise.all([
    caller.alerts.list({
      orgSlug: slug,
      states: STATE_FILTERS[state],
      severities: severity ? [severity] : undefined,
      instrumentId: search.instrument || undefined,
      ruleId: search.rule || undefined,
      siteId,
      limit: 100,
    }),
    caller.alerts.choices({ orgSlug: slug }),
  ]);
  return (
    <>
      <PageHeader title="Alerts" description="What the monitors need attention for, from webhooks and from polling." />
      <Card>
        <form
          method="get"
          className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-5 py-4 dark:border-slate-800"
        >
          <label className="text-xs font-medium text-slate-600 dark:text-slate-400">
            State
            <select name="state" defaultValue={state} className={`${select} mt-1 block`}>
              <option value="active">Open and acknowledged</option>
              <option value="open">Open</option>
              <option value="acknowledged">Acknowledged</option>
              <option value="resolved">Resolved</option>
              <option value="all">All</option>
            </select>
          </label>
          <label className="text-xs font-medium text-slate-600 dark:text-slate-400">
            Severity
            <select name="severity" defaultValue={severity ?? ""} className={`${select} mt-1 block`}>
              <option value="">Any</option>
              <option value="critical">Critical</option>
              <option value="warning">Warning</option>
            </select>
          </label>
          {sites.length > 0 && (
            <label className="max-w-full text-xs font-medium text-slate-600 dark:text-slate-400">
              Site
              <select name="site" defaultValue={siteId ?? ""} className={`${select} mt-1 block max-w-full`}>
                <option value="">Any</option>
                {sites.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({s.code})
                  </option>
                ))}
                <option value="none">Not deployed</option>
              </select>
            </label>
          )}
          <label className="max-w-full text-xs font-medium text-slate-600 dark:text-slate-400">
            Instrument
            <select
              name="instrument"
              defaultValue={search.instrument ?? ""}
              className={`${select} mt-1 block max-w-full`}
            >
              <option value="">Any</option>
              {instruments.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name} ({i.serial})
                </option>
              ))}
            </select>
          </label>
          <label className="text-xs font-medium text-slate-600 dark:text-slate-400">
            Rule
            <select name="rule" defaultValue={search.rule ?? ""} className={`${select} mt-1 block`}>
              <option value="">Any</option>
              {rules.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
          <button
            type="submit"
            className="rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
          >
            Filter
          </button>
        </form>
        <AlertInbox
          orgSlug={slug}
          alerts={page.items}
          canUpdate={can(org.role, "alerts:update")}
          timeZone={org.timezone}
          showSites={sites.length > 0}
        />
      </Card>
    </>
  );
}
