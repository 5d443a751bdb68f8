import type { Metadata } from "next";
import Link from "next/link";
import { WorstHeadroom } from "@/components/sites/headroom";
import { NewSiteButton } from "@/components/sites/site-actions";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { can } from "@/lib/permissions";
import { formatDateSpan } from "@/lib/site-format";
import type { RouterOutputs } from "@/lib/trpc";
import { loadOrgPage } from "@/server/api/org-page";

export const metadata: Metadata = { title: "Sites" };

type SiteCard = RouterOutputs["sites"]["list"][number];

export default async function SitesPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<{ archived?: string }>;
}) {
  const { org: slug } = await params;
  const showArchived = (await searchParams).archived === "1";
  const { org, caller } = await loadOrgPage(slug);
  // Archived ones too, so an organisation whose sites are all archived is not told it has none.
  const all = await caller.sites.list({ orgSlug: slug, includeArchived: true });
  const active = all.filter((s) => s.archivedAt === null);
  const archived = all.filter((s) => s.archivedAt !== null);
  const canManage = can(org.role, "sites:manage");

  return (
    <>
      <PageHeader
        title="Sites"
        description="Projects where your monitors stand, the limits that hold there, and how close each is to them today."
        actions={canManage && all.length > 0 ? <NewSiteButton orgSlug={slug} orgTimezone={org.timezone} /> : undefined}
      />
      {all.length === 0 ? (
        <Card className="px-6 py-14 text-center">
          <div className="mx-auto flex size-12 items-center justify-center rounded-full bg-brand-50 text-brand-700 dark:bg-brand-900/40 dark:text-brand-200">
            <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden>
              <path d="M3 21h18M5 21V8l7-5 7 5v13M9 21v-6h6v6" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          </div>
          <h2 className="mt-4 text-lg font-semibold">No sites yet</h2>
          <p className="mx-auto mt-1 max-w-lg text-sm text-slate-500 dark:text-slate-400">
            A site is one of your projects: a construction job, a quarry, a festival, an airport boundary. It holds the
            limits of its consent, the measurement positions where monitors are deployed for a while, and who may see
            it, so each client sees only their own site.
          </p>
          {canManage ? (
            <div className="mt-5 flex justify-center">
              <NewSiteButton orgSlug={slug} orgTimezone={org.timezone} />
            </div>
          ) : (
            <p className="mt-4 text-sm text-slate-600 dark:text-slate-300">
              An admin of {org.name} creates sites and deploys monitors to them; they appear here once they have.
            </p>
          )}
        </Card>
      ) : (
        <>
          {active.length === 0 ? (
            <Card className="px-6 py-10 text-center text-sm text-slate-500 dark:text-slate-400">
              Every site is archived.{" "}
              {canManage ? "Create a new one for the next job, or restore one below." : "An admin creates new ones."}
            </Card>
          ) : (
            <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label="Sites">
              {active.map((site) => (
                <SiteTile key={site.id} site={site} slug={slug} />
              ))}
            </ul>
          )}
          {archived.length > 0 && (
            <div className="mt-8">
              <Link
                href={showArchived ? `/${slug}/sites` : `/${slug}/sites?archived=1`}
                className="text-sm font-medium text-brand-700 hover:underline dark:text-brand-300"
                aria-expanded={showArchived}
              >
                {showArchived ? "Hide" : "Show"} {archived.length} archived site{archived.length === 1 ? "" : "s"}
              </Link>
              {showArchived && (
                <ul className="mt-4 grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label="Archived sites">
                  {archived.map((site) => (
                    <SiteTile key={site.id} site={site} slug={slug} />
                  ))}
                </ul>
              )}
            </div>
          )}
        </>
      )}
    </>
  );
}

function SiteTile({ site, slug }: { site: SiteCard; slug: string }) {
  const href = `/${slug}/sites/${encodeURIComponent(site.code)}`;
  const dates = formatDateSpan(site.startDate, site.endDate);
  const archived = site.archivedAt !== null;
  return (
    <li
      className={cx(
        "relative flex flex-col rounded-xl bg-white shadow-sm ring-1 ring-slate-200 transition focus-within:ring-brand-400 hover:ring-brand-300 dark:bg-slate-900 dark:ring-slate-800 dark:hover:ring-brand-700",
        archived && "opacity-80",
      )}
      data-testid="site-card"
    >
      <div className="flex-1 px-5 pt-4 pb-3">
        <div className="flex items-start justify-between gap-3">
          <h2 className="min-w-0 text-base font-semibold text-slate-900 dark:text-white">
            {/* The whole card is the link's target; other links in it sit above it. */}
            <Link href={href} className="after:absolute after:inset-0 after:rounded-xl hover:underline">
              {site.name}
            </Link>
          </h2>
          <span className="flex shrink-0 items-center gap-1.5">
            {archived && <Badge>Archived</Badge>}
            <Badge tone="brand">
              <span className="font-mono">{site.code}</span>
            </Badge>
          </span>
        </div>
        {site.clientName && <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-300">{site.clientName}</p>}
        {site.address && <p className="mt-1 line-clamp-2 text-xs text-slate-500 dark:text-slate-400">{site.address}</p>}
        {dates && <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{dates}</p>}
      </div>
      <dl className="grid grid-cols-3 border-t border-slate-100 text-center dark:border-slate-800">
        <Figure label="Monitors" value={site.instruments} />
        <Figure
          label="Online"
          value={site.instruments ? `${site.online} of ${site.instruments}` : "—"}
          tone={site.online < site.instruments ? "warn" : undefined}
        />
        <Figure
          label="Open alerts"
          value={site.openAlerts}
          tone={site.criticalAlerts > 0 ? "bad" : site.openAlerts > 0 ? "warn" : undefined}
          sub={site.criticalAlerts > 0 ? `${site.criticalAlerts} critical` : undefined}
        />
      </dl>
      <div className="space-y-1 border-t border-slate-100 px-5 py-3 dark:border-slate-800">
        <p className="text-sm">
          {site.scheduleVersion === null ? (
            <span className="font-medium text-amber-700 dark:text-amber-300">No limits set</span>
          ) : (
            <span className="text-slate-600 dark:text-slate-300">Limit schedule version {site.scheduleVersion}</span>
          )}
        </p>
        {site.scheduleVersion !== null && site.instruments > 0 && !archived && (
          <WorstHeadroom orgSlug={slug} siteId={site.id} />
        )}
        {site.instruments === 0 && !archived && (
          <p className="text-sm text-slate-500 dark:text-slate-400">No monitor deployed</p>
        )}
      </div>
    </li>
  );
}

function Figure({
  label,
  value,
  tone,
  sub,
}: {
  label: string;
  value: string | number;
  tone?: "warn" | "bad";
  sub?: string;
}) {
  return (
    <div className="px-2 py-2.5">
      <dt className="text-[11px] font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">{label}</dt>
      <dd
        className={cx(
          "mt-0.5 text-base font-semibold tabular-nums",
          tone === "bad"
            ? "text-rose-700 dark:text-rose-300"
            : tone === "warn"
              ? "text-amber-700 dark:text-amber-300"
              : "text-slate-900 dark:text-white",
        )}
      >
        {value}
        {sub && <span className="block text-[11px] font-medium">{sub}</span>}
      </dd>
    </div>
  );
}
