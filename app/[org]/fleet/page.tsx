import type { Metadata } from "next";
import Link from "next/link";
import { FleetMap, type MapInstrument } from "@/components/fleet/fleet-map";
import { FleetTable, type FleetRow } from "@/components/fleet/fleet-table";
import { AutoRefresh, FleetToolbar, RefreshButton, type SiteOption } from "@/components/fleet/fleet-toolbar";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { Notice } from "@/components/ui/notice";
import {
  FLEET_FILTER_LABEL,
  instrumentStateLabel,
  isLowVoltage,
  isOffline,
  isSicFailed,
  needsCalibration,
  parseFleetQuery,
} from "@/lib/fleet";
import { ago } from "@/lib/format";
import { can } from "@/lib/permissions";
import { loadOrgPage } from "@/server/api/org-page";
import { env } from "@/server/env";

export const metadata: Metadata = { title: "Fleet" };

/** Rows rendered at once; the counts and the map always cover the whole fleet. */
const ROW_LIMIT = 500;

function tone(r: FleetRow, now: Date): MapInstrument["tone"] {
  if (r.online === null) return "unknown";
  if (isOffline(r) || isSicFailed(r) || r.openAlerts > 0) return "bad";
  if (needsCalibration(r, now) || isLowVoltage(r) || r.measuring === false) return "warn";
  return "ok";
}

export default async function FleetPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { org: slug } = await params;
  const search = await searchParams;
  const query = parseFleetQuery(search);
  const grouped = (Array.isArray(search.group) ? search.group[0] : search.group) === "site";
  const { org, caller } = await loadOrgPage(slug);
  const [board, everything, siteChoices] = await Promise.all([
    caller.fleet.board({ orgSlug: slug, ...query, limit: ROW_LIMIT }),
    // The map shows the whole fleet whatever the filter: positions come from the same snapshot read.
    query.filter === "all" && !query.search && query.site === "all"
      ? null
      : caller.fleet.board({ orgSlug: slug, filter: "all", search: "", sort: "serial", dir: "asc", site: "all" }),
    caller.sites.choices({ orgSlug: slug }),
  ]);
  const now = board.now;
  const mapRows = (everything ?? board).rows;
  // The sites to filter by: the caller's sites, and any archived one an instrument still stands at.
  const sites: SiteOption[] = siteChoices.map(({ id, name, code }) => ({ id, name, code }));
  for (const r of mapRows) {
    if (r.site && !sites.some((s) => s.id === r.site!.id))
      sites.push({ id: r.site.id, name: r.site.name, code: r.site.code });
  }
  sites.sort((a, b) => a.name.localeCompare(b.name));
  const siteLabel =
    query.site === "all"
      ? null
      : query.site === "none"
        ? "not deployed"
        : `at ${sites.find((s) => s.id === query.site)?.name ?? "an unknown site"}`;
  const narrowed = query.filter !== "all" || Boolean(query.search) || query.site !== "all";
  const mapped: MapInstrument[] = mapRows
    .filter((r) => r.latitude !== null && r.longitude !== null)
    .map((r) => ({
      serial: r.serial,
      name: r.name,
      latitude: r.latitude!,
      longitude: r.longitude!,
      tone: tone(r, now),
      detail: [
        instrumentStateLabel(r).toLowerCase(),
        r.site && [r.site.name, r.site.positionName].filter(Boolean).join(", "),
      ]
        .filter(Boolean)
        .join(" · "),
    }));
  const { counts } = board;
  const noiseTotal = mapRows.filter((r) => r.type === "Noise").length;
  const { MAP_TILE_URL, MAP_TILE_ATTRIBUTION } = env();

  if (!board.connection.configured) {
    return (
      <>
        <PageHeader title="Fleet" description="Every monitor, its state and its calibration at a glance." />
        <Card className="px-6 py-14 text-center">
          <div className="mx-auto flex size-12 items-center justify-center rounded-full bg-brand-50 text-brand-700 dark:bg-brand-900/40 dark:text-brand-200">
            <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden>
              <path
                d="M15 7a3 3 0 1 1-6 0 3 3 0 0 1 6 0ZM3 21l6.5-6.5M14 14l-2 2 2 2 2-2"
                strokeLinecap="round"
                strokeLinejoin="round"
              />
            </svg>
          </div>
          <h2 className="mt-4 text-lg font-semibold">No monitors yet</h2>
          <p className="mx-auto mt-1 max-w-md text-sm text-slate-500 dark:text-slate-400">
            The fleet appears here once this organisation is connected to MyCirrus.{" "}
            {can(org.role, "mycirrus:manage") ? "" : "Ask an admin to do it."}
          </p>
          <Link
            href={`/${slug}/settings`}
            className="mt-5 inline-flex rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
          >
            Add your MyCirrus key in Settings
          </Link>
        </Card>
      </>
    );
  }

  return (
    <>
      <AutoRefresh seconds={30} />
      <PageHeader
        title="Fleet"
        description={
          <span data-testid="fleet-updated">
            {board.sync.lastSyncAt
              ? `Status updated ${ago(board.sync.lastSyncAt, now)}`
              : "Waiting for the first status poll"}{" "}
            · refreshed every minute in the background
          </span>
        }
        actions={<RefreshButton orgSlug={slug} />}
      />
      <div className="mb-4 space-y-3">
        {board.connection.status === "invalid" && (
          <Notice tone="error">
            MyCirrus refused this organisation&apos;s API key, so the fleet below is not being updated.{" "}
            <Link className="font-medium underline" href={`/${slug}/settings`}>
              Replace the key in Settings
            </Link>
            .
          </Notice>
        )}
        {board.sync.lastSyncError && board.connection.status !== "invalid" && (
          <Notice tone="warning">
            Last status poll failed: {board.sync.lastSyncError} The board shows the latest stored state.
          </Notice>
        )}
      </div>

      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="fleet-counts">
        <Stat
          label="Measuring"
          value={`${counts.measuring} of ${counts.total}`}
          testId="count-measuring"
          tone={counts.measuring < counts.total ? "warn" : "ok"}
        />
        <Stat
          label="Online"
          value={`${counts.online} of ${counts.total}`}
          testId="count-online"
          tone={counts.offline > 0 ? "warn" : "ok"}
        />
        <Stat
          label="Offline"
          value={counts.offline}
          testId="count-offline"
          tone={counts.offline ? "bad" : "ok"}
          href="?filter=offline"
        />
        <Stat
          label="Needs calibration"
          value={`${counts.needsCalibration} of ${noiseTotal}`}
          testId="count-calibration"
          tone={counts.needsCalibration ? "warn" : "ok"}
          href="?filter=needs-calibration"
        />
        <Stat
          label="SIC failed"
          value={counts.sicFailed}
          testId="count-sic"
          tone={counts.sicFailed ? "bad" : "ok"}
          href="?filter=sic-failed"
        />
        <Stat
          label="Low voltage"
          value={counts.lowVoltage}
          testId="count-voltage"
          tone={counts.lowVoltage ? "warn" : "ok"}
          href="?filter=low-voltage"
        />
      </div>

      <div className="mt-6 grid grid-cols-1 gap-6 [&>*]:min-w-0">
        <Card>
          <CardHeader
            title="Instruments"
            description={
              <span data-testid="fleet-showing">
                {board.matched === counts.total && !narrowed
                  ? `${counts.total} instruments`
                  : `${board.matched} of ${counts.total} instruments${query.filter !== "all" ? ` · ${FLEET_FILTER_LABEL[query.filter].toLowerCase()}` : ""}${siteLabel ? ` · ${siteLabel}` : ""}${query.search ? ` · matching “${query.search}”` : ""}`}
                {counts.openAlerts > 0 && ` · ${counts.openAlerts} open alert${counts.openAlerts > 1 ? "s" : ""}`}
              </span>
            }
          />
          <FleetToolbar query={query} filterCounts={board.filterCounts} sites={sites} grouped={grouped} />
          {board.rows.length === 0 ? (
            <p className="px-5 py-10 text-center text-sm text-slate-500 dark:text-slate-400">
              {counts.total === 0 ? (
                "The first status poll has not finished yet. It runs every minute; try Refresh now."
              ) : (
                <>
                  {query.site === "none" && !query.search && query.filter === "all"
                    ? "Every instrument is deployed at a site."
                    : query.site !== "all" && !query.search && query.filter === "all"
                      ? "No instrument is deployed at this site."
                      : "No instrument matches. Clear the search or choose another filter."}{" "}
                  <Link
                    href={`/${slug}/fleet${grouped ? "?group=site" : ""}`}
                    className="font-medium text-brand-700 hover:underline dark:text-brand-300"
                  >
                    Show every instrument
                  </Link>
                </>
              )}
            </p>
          ) : (
            <FleetTable
              rows={board.rows}
              slug={slug}
              now={now}
              showSites={sites.length > 0}
              grouped={grouped && sites.length > 0}
            />
          )}
          {board.matched > board.rows.length && (
            <p className="border-t border-slate-200 px-5 py-3 text-sm text-slate-500 dark:border-slate-800">
              Showing the first {board.rows.length} of {board.matched}. Search or filter to narrow the list.
            </p>
          )}
        </Card>
        <Card>
          <CardHeader title="Map" description={`${mapped.length} of ${mapRows.length} instruments have a position`} />
          <FleetMap instruments={mapped} tileUrl={MAP_TILE_URL} attribution={MAP_TILE_ATTRIBUTION} orgSlug={slug} />
        </Card>
      </div>
    </>
  );
}

function Stat({
  label,
  value,
  tone,
  href,
  testId,
}: {
  label: string;
  value: string | number;
  tone: "ok" | "warn" | "bad";
  href?: string;
  testId: string;
}) {
  const body = (
    <>
      <p className="flex items-center gap-1.5 text-xs font-medium text-slate-500 dark:text-slate-400">
        <span
          className={cx(
            "size-1.5 rounded-full",
            tone === "ok" ? "bg-emerald-500" : tone === "warn" ? "bg-amber-500" : "bg-rose-500",
          )}
        />
        {label}
      </p>
      <p className="mt-1 text-xl font-semibold tracking-tight tabular-nums" data-testid={testId}>
        {value}
      </p>
    </>
  );
  const cls = "block rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800";
  return href ? (
    <Link href={href} className={cx(cls, "transition hover:ring-brand-300")}>
      {body}
    </Link>
  ) : (
    <div className={cls}>{body}</div>
  );
}
