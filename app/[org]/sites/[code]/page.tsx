import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { FleetMap, type MapInstrument } from "@/components/fleet/fleet-map";
import { DeployButton } from "@/components/sites/deploy-dialog";
import { deployable, DeployedMonitors, DeploymentHistory, type BoardRow } from "@/components/sites/deployment-tables";
import { HeadroomPanel } from "@/components/sites/headroom";
import { RuleOverrides } from "@/components/sites/rule-overrides";
import { ScheduleCard } from "@/components/sites/schedule-card";
import { SiteAdminActions } from "@/components/sites/site-actions";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageSkeleton } from "@/components/ui/page-skeleton";
import { instrumentStateLabel, isLowVoltage, isOffline, isSicFailed, needsCalibration } from "@/lib/fleet";
import { formatInZone } from "@/lib/local-time";
import { can } from "@/lib/permissions";
import { formatDateSpan } from "@/lib/site-format";
import type { RouterOutputs } from "@/lib/trpc";
import { loadOrgPage } from "@/server/api/org-page";
import { env } from "@/server/env";

type Site = RouterOutputs["sites"]["get"];

export async function generateMetadata({ params }: { params: Promise<{ code: string }> }): Promise<Metadata> {
  return { title: (await params).code.toUpperCase() };
}

function tone(r: BoardRow | undefined, now: Date): MapInstrument["tone"] {
  if (!r || r.online === null) return "unknown";
  if (isOffline(r) || isSicFailed(r) || r.openAlerts > 0) return "bad";
  if (needsCalibration(r, now) || isLowVoltage(r) || r.measuring === false) return "warn";
  return "ok";
}

/**
 * The site is looked up before anything streams, so an unknown code answers
 * 404 (a loading.tsx here would answer 200 first: see page-skeleton.tsx); the
 * rest of the page streams in behind the skeleton.
 */
export default async function SitePage({ params }: { params: Promise<{ org: string; code: string }> }) {
  const { org: slug, code } = await params;
  const { caller } = await loadOrgPage(slug);
  let site: Site;
  try {
    site = await caller.sites.byCode({ orgSlug: slug, code });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
  return (
    <Suspense fallback={<PageSkeleton />}>
      <SiteBody slug={slug} site={site} />
    </Suspense>
  );
}

async function SiteBody({ slug, site }: { slug: string; site: Site }) {
  const { org, caller } = await loadOrgPage(slug);
  const manage = can(org.role, "sites:manage");
  const deploy = can(org.role, "sites:deploy");
  const [deployments, versions, alerts, board, rules, choices] = await Promise.all([
    caller.sites.deployments({ orgSlug: slug, siteId: site.id }),
    caller.sites.schedules({ orgSlug: slug, siteId: site.id }),
    caller.alerts.list({ orgSlug: slug, siteId: site.id, limit: 10 }),
    // Those who deploy pick from the whole fleet; others need only this site's monitors.
    caller.fleet.board({ orgSlug: slug, site: deploy ? "all" : site.id, sort: "name" }),
    manage ? caller.alerts.rules({ orgSlug: slug }) : null,
    deploy ? caller.sites.choices({ orgSlug: slug }) : null,
  ]);
  const now = board.now;
  const tz = site.effectiveTimezone;
  const archived = site.archivedAt !== null;
  const current = deployments.filter((d) => d.endAt === null);
  const bySerial = new Map(board.rows.map((r) => [r.serial, r]));
  const noiseMonitors = current.filter((d) => d.instrument.type === "Noise").length;
  const dates = formatDateSpan(site.startDate, site.endDate);

  // Each position where it was set at deployment, else where the monitor's GPS says, else the site's own.
  const mapped: MapInstrument[] = current.flatMap((d) => {
    const row = bySerial.get(d.instrument.serial);
    const at =
      d.latitude !== null && d.longitude !== null
        ? [d.latitude, d.longitude]
        : row?.latitude != null && row.longitude != null
          ? [row.latitude, row.longitude]
          : site.latitude !== null && site.longitude !== null
            ? [site.latitude, site.longitude]
            : null;
    if (!at) return [];
    return [
      {
        serial: d.instrument.serial,
        name: d.positionName,
        latitude: at[0]!,
        longitude: at[1]!,
        tone: tone(row, now),
        detail: `${d.instrument.name}${row ? ` · ${instrumentStateLabel(row).toLowerCase()}` : ""}`,
      },
    ];
  });
  const { MAP_TILE_URL, MAP_TILE_ATTRIBUTION } = env();

  return (
    <>
      <nav className="mb-3 text-sm text-slate-500 dark:text-slate-400" aria-label="Breadcrumb">
        <Link href={`/${slug}/sites`} className="hover:text-brand-700 hover:underline dark:hover:text-brand-300">
          Sites
        </Link>
        <span className="mx-1.5">/</span>
        <span className="font-mono">{site.code}</span>
      </nav>
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="flex flex-wrap items-center gap-x-3 gap-y-1 text-2xl font-semibold tracking-tight text-slate-900 dark:text-white">
            <span className="min-w-0 break-words">{site.name}</span>
            <Badge tone="brand">
              <span className="font-mono">{site.code}</span>
            </Badge>
            {archived && <Badge>Archived</Badge>}
          </h1>
          <div className="mt-1 space-y-0.5 text-sm text-slate-500 dark:text-slate-400">
            {(site.clientName || dates) && (
              <p>{[site.clientName && `Client: ${site.clientName}`, dates].filter(Boolean).join(" · ")}</p>
            )}
            {site.address && <p className="whitespace-pre-line">{site.address}</p>}
            <p>
              Times in {tz}
              {site.timezone === null && " (the organisation's)"}
            </p>
          </div>
          {site.notes && (
            <p className="mt-2 max-w-3xl text-sm whitespace-pre-line text-slate-600 dark:text-slate-300">
              {site.notes}
            </p>
          )}
        </div>
        {manage && (
          <SiteAdminActions orgSlug={slug} orgTimezone={org.timezone} site={site} openDeployments={current.length} />
        )}
      </div>

      {archived && (
        <Notice tone="info" className="mb-4">
          This site is archived{site.archivedAt ? ` since ${formatInZone(site.archivedAt, tz)}` : ""}: its history,
          limits and alerts are kept, and no monitor can be deployed here.
          {manage ? " Restore it to use it again." : ""}
        </Notice>
      )}

      <div className="grid grid-cols-1 gap-6 xl:grid-cols-5 [&>*]:min-w-0">
        <div className="xl:col-span-3">
          <Card>
            <CardHeader
              title="Deployed monitors"
              description={
                current.length === 0
                  ? "None at the moment"
                  : `${current.length} monitor${current.length === 1 ? "" : "s"} · ${current.filter((d) => bySerial.get(d.instrument.serial)?.online === true).length} online`
              }
              actions={
                choices && !archived ? (
                  <DeployButton
                    orgSlug={slug}
                    instruments={board.rows.map(deployable)}
                    sites={choices}
                    defaultSiteId={site.id}
                    timeZone={tz}
                  />
                ) : undefined
              }
            />
            {current.length === 0 ? (
              <p className="px-5 py-8 text-center text-sm text-slate-500 dark:text-slate-400">
                No monitor stands here now.{" "}
                {choices && !archived
                  ? "Deploy one to a measurement position to start judging it by this site's limits."
                  : archived
                    ? ""
                    : "An admin deploys monitors to a site."}
              </p>
            ) : (
              <DeployedMonitors
                orgSlug={slug}
                deployments={current}
                board={bySerial}
                now={now}
                timeZone={tz}
                admin={choices ? { sites: choices } : null}
              />
            )}
          </Card>
        </div>
        <div className="xl:col-span-2">
          <Card>
            <CardHeader
              title="Positions"
              description={
                current.length === 0 ? "Where the monitors stand" : `${mapped.length} of ${current.length} on the map`
              }
            />
            {mapped.length === 0 ? (
              <p className="px-5 py-8 text-center text-sm text-slate-500 dark:text-slate-400">
                {current.length === 0
                  ? "No monitor is deployed, so there is no position to show."
                  : "No position is known: give the deployment or the site a latitude and longitude, or wait for the monitor's GPS."}
              </p>
            ) : (
              <FleetMap instruments={mapped} tileUrl={MAP_TILE_URL} attribution={MAP_TILE_ATTRIBUTION} orgSlug={slug} />
            )}
          </Card>
        </div>
      </div>

      <div className="mt-6 space-y-6">
        <Card>
          <CardHeader
            title="Headroom"
            description="For the period in progress: how loud the rest of each window may be without breaching its limit."
          />
          <HeadroomPanel
            orgSlug={slug}
            siteId={site.id}
            hasSchedule={versions.length > 0}
            noiseMonitors={noiseMonitors}
          />
        </Card>

        <ScheduleCard
          orgSlug={slug}
          siteId={site.id}
          timeZone={tz}
          versions={versions}
          canEdit={manage}
          now={now}
          title="Limit schedule"
          description={`The limits in force here, by local time in ${tz}. Trigger levels raise a warning, limits a critical alert.`}
          emptyText={
            manage
              ? "No limits set: monitors deployed here raise no noise alerts until you set them. Start from a BS 5228 or day/evening/night preset."
              : "No limits set: monitors deployed here raise no noise alerts until an admin sets them."
          }
        />

        <div className="grid grid-cols-1 gap-6 xl:grid-cols-2 [&>*]:min-w-0">
          <Card>
            <CardHeader title="Recent alerts" description="The latest ten raised at this site" />
            {alerts.items.length === 0 ? (
              <p className="px-5 py-8 text-center text-sm text-slate-500 dark:text-slate-400">
                No alert has been raised at this site.
              </p>
            ) : (
              <ul className="divide-y divide-slate-100 dark:divide-slate-800">
                {alerts.items.map((a) => (
                  <li key={a.id} className="px-5 py-3 text-sm" data-testid="site-alert">
                    <div className="flex flex-wrap items-center gap-2">
                      <Badge tone={a.severity === "critical" ? "red" : "amber"}>
                        {a.severity === "critical" ? "Critical" : "Warning"}
                      </Badge>
                      {a.state !== "open" && (
                        <Badge tone={a.state === "resolved" ? "green" : "neutral"}>
                          {a.state === "resolved" ? "Resolved" : "Acknowledged"}
                        </Badge>
                      )}
                      <Link
                        href={`/${slug}/alerts/${a.id}`}
                        className="min-w-0 font-medium text-slate-900 hover:underline dark:text-white"
                      >
                        {a.title}
                      </Link>
                    </div>
                    <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
                      {a.positionName ? `${a.positionName} · ` : ""}
                      <span className="font-mono">{a.instrument.serial}</span> · opened {formatInZone(a.openedAt, tz)}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card>
            <CardHeader title="Deployment history" description="Every monitor that has stood here, and when" />
            {deployments.length === 0 ? (
              <p className="px-5 py-8 text-center text-sm text-slate-500 dark:text-slate-400">
                No monitor has been deployed here yet.
              </p>
            ) : (
              <DeploymentHistory orgSlug={slug} deployments={deployments} timeZone={tz} show="instrument" />
            )}
          </Card>
        </div>

        {rules && (
          <Card>
            <CardHeader
              title="Other alert rules at this site"
              description="Each rule follows the organisation's setting unless this site overrides it: on or off, and its threshold."
            />
            <RuleOverrides orgSlug={slug} siteId={site.id} overrides={site.ruleOverrides} rules={rules} />
          </Card>
        )}
      </div>
    </>
  );
}
