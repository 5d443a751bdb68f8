import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { cx } from "@/components/ui/cx";
import {
  instrumentState,
  instrumentStateLabel,
  isLowVoltage,
  isOffline,
  isSicFailed,
  needsCalibration,
  type InstrumentState,
} from "@/lib/fleet";
import { ago, formatNumber, signed } from "@/lib/format";
import type { RouterOutputs } from "@/lib/trpc";
import { Meter, SignalBars, StatusDot } from "./status-bits";

export type FleetRow = RouterOutputs["fleet"]["board"]["rows"][number];

function CalibrationCell({ row, now }: { row: FleetRow; now: Date }) {
  if (row.type !== "Noise") return <span className="text-slate-400">n/a</span>;
  if (row.calibrationInProgress) return <Badge tone="brand">Calibrating…</Badge>;
  if (!row.lastCalibrationAt) return <Badge tone="amber">Never</Badge>;
  const due = needsCalibration(row, now);
  return (
    <div className="leading-tight">
      <div className={cx("tabular-nums", due && "font-medium text-amber-700 dark:text-amber-300")}>
        {signed(row.lastCalibrationOffset)}
      </div>
      <div className="text-xs text-slate-500 dark:text-slate-400">
        {row.lastCalibrationStatus !== "Success" ? (
          <span className="text-rose-600 dark:text-rose-400">{row.lastCalibrationStatus} · </span>
        ) : null}
        {ago(row.lastCalibrationAt, now)}
      </div>
    </div>
  );
}

function SicCell({ row }: { row: FleetRow }) {
  if (row.sicInProgress) return <Badge tone="brand">Running…</Badge>;
  if (!row.lastSicStatus) return <span className="text-slate-400">—</span>;
  return <Badge tone={isSicFailed(row) ? "red" : "green"}>{row.lastSicStatus}</Badge>;
}

const STATE_TEXT: Record<InstrumentState, string> = {
  "no-status": "text-slate-500",
  offline: "font-medium text-rose-700 dark:text-rose-300",
  "not-measuring": "font-medium text-amber-700 dark:text-amber-300",
  measuring: "text-emerald-700 dark:text-emerald-300",
};

function StateText({ row }: { row: FleetRow }) {
  return <span className={STATE_TEXT[instrumentState(row)]}>{instrumentStateLabel(row)}</span>;
}

const muted = "text-slate-500 dark:text-slate-400";

/** Where the instrument stands: the site and its position, or only the position when the rows are grouped by site. */
function SiteCell({ site, grouped }: { site: FleetRow["site"]; grouped: boolean }) {
  if (!site) return <span className={muted}>{grouped ? "—" : "Not deployed"}</span>;
  if (grouped) return <span title={site.positionName}>{site.positionName || "—"}</span>;
  return (
    <div className="max-w-56 leading-tight">
      <div className="truncate font-medium text-slate-800 dark:text-slate-100" title={`${site.name} (${site.code})`}>
        {site.name}
      </div>
      {site.positionName && (
        <div className={cx("truncate text-xs", muted)} title={site.positionName}>
          {site.positionName}
        </div>
      )}
    </div>
  );
}

/** The rows of one site (site null: not deployed), in the board's order. */
interface SiteGroup {
  key: string;
  site: FleetRow["site"];
  rows: FleetRow[];
}

/** Rows grouped by their site, sites by name, "Not deployed" last; each group keeps the board's sort. */
function groupBySite(rows: readonly FleetRow[]): SiteGroup[] {
  const groups = new Map<string, SiteGroup>();
  for (const r of rows) {
    const key = r.site?.id ?? "";
    const group = groups.get(key) ?? { key: key || "not-deployed", site: r.site, rows: [] };
    group.rows.push(r);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) =>
    a.site && b.site
      ? a.site.name.localeCompare(b.site.name) || a.site.code.localeCompare(b.site.code)
      : a.site
        ? -1
        : 1,
  );
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "4 instruments · 1 offline · 2 open alerts" for a group's heading. */
function groupCounts(rows: readonly FleetRow[]): string {
  const offline = rows.filter(isOffline).length;
  const alerts = rows.reduce((sum, r) => sum + r.openAlerts, 0);
  return [
    plural(rows.length, "instrument"),
    offline > 0 && `${offline} offline`,
    alerts > 0 && plural(alerts, "open alert"),
  ]
    .filter(Boolean)
    .join(" · ");
}

function GroupTitle({ group, id }: { group: SiteGroup; id?: string }) {
  return (
    <span className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
      <span id={id} className="font-semibold text-slate-900 dark:text-white">
        {group.site ? group.site.name : "Not deployed"}
        {group.site && <span className="sr-only"> ({group.site.code})</span>}
      </span>
      {group.site && (
        <span aria-hidden className="font-mono text-xs text-slate-500 dark:text-slate-400">
          {group.site.code}
        </span>
      )}
      <span className={cx("text-xs font-normal", muted)} data-testid="fleet-group-counts">
        {groupCounts(group.rows)}
      </span>
    </span>
  );
}

export function FleetTable({
  rows,
  slug,
  now,
  showSites = false,
  grouped = false,
}: {
  rows: FleetRow[];
  slug: string;
  now: Date;
  /** Show where each instrument stands (off while the organisation has no sites). */
  showSites?: boolean;
  /** A heading per site, then its instruments; "Not deployed" last. */
  grouped?: boolean;
}) {
  const groups: SiteGroup[] = grouped ? groupBySite(rows) : [{ key: "all", site: null, rows }];
  const columns = 9 + (showSites ? 1 : 0);
  return (
    <>
      {/* Phones: cards */}
      <div className="md:hidden">
        {groups.map((g) => (
          <section
            key={g.key}
            className="border-t border-slate-200 first:border-t-0 dark:border-slate-800"
            aria-labelledby={grouped ? `fleet-group-${g.key}` : undefined}
            data-testid={grouped ? "fleet-group" : undefined}
          >
            {grouped && (
              <h3 className="border-b border-slate-200 bg-slate-50 px-4 py-2 text-sm dark:border-slate-800 dark:bg-slate-800/50">
                <GroupTitle group={g} id={`fleet-group-${g.key}`} />
              </h3>
            )}
            <ul
              className="divide-y divide-slate-100 dark:divide-slate-800"
              aria-label={grouped ? undefined : "Instruments"}
            >
              {g.rows.map((r) => (
                <li key={r.serial} data-testid="fleet-row" data-serial={r.serial}>
                  <Link
                    href={`/${slug}/instruments/${r.serial}`}
                    className="block px-4 py-3 hover:bg-slate-50 dark:hover:bg-slate-800/50"
                  >
                    <div className="flex items-center gap-2">
                      <StatusDot online={r.online} measuring={r.measuring} />
                      <span className="truncate font-medium">{r.name}</span>
                      <span className="ml-auto font-mono text-xs text-slate-500">{r.serial}</span>
                    </div>
                    {showSites && (r.site ? r.site.positionName || !grouped : !grouped) && (
                      <p className={cx("mt-0.5 truncate pl-4.5 text-xs", muted)} data-testid="fleet-row-site">
                        {r.site
                          ? grouped
                            ? r.site.positionName
                            : [r.site.name, r.site.positionName].filter(Boolean).join(" · ")
                          : "Not deployed"}
                      </p>
                    )}
                    <div className="mt-1.5 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
                      <StateText row={r} />
                      {r.type === "Noise" && <span>Cal {signed(r.lastCalibrationOffset)}</span>}
                      {r.voltage !== null && (
                        <span className={cx(isLowVoltage(r) && "font-medium text-amber-700 dark:text-amber-300")}>
                          {formatNumber(r.voltage, 1, "V")}
                        </span>
                      )}
                      {isSicFailed(r) && <Badge tone="red">SIC {r.lastSicStatus}</Badge>}
                      {r.openAlerts > 0 && (
                        <Badge tone="red">
                          {r.openAlerts} alert{r.openAlerts > 1 ? "s" : ""}
                        </Badge>
                      )}
                      <span className="ml-auto">data {ago(r.lastDataAt, now)}</span>
                    </div>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      {/* Wider screens: a table */}
      <div className="hidden overflow-x-auto md:block">
        <table className="w-full text-left text-sm" aria-label="Instruments">
          <thead className="text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">
            <tr className="border-b border-slate-200 dark:border-slate-800">
              <th className="px-4 py-2.5 font-medium">Instrument</th>
              {showSites && <th className="px-3 py-2.5 font-medium">{grouped ? "Position" : "Site"}</th>}
              <th className="px-3 py-2.5 font-medium">State</th>
              <th className="px-3 py-2.5 font-medium">Calibration</th>
              <th className="px-3 py-2.5 font-medium">SIC</th>
              <th className="px-3 py-2.5 font-medium">Power</th>
              <th className="px-3 py-2.5 font-medium">Disk</th>
              <th className="px-3 py-2.5 font-medium">LTE</th>
              <th className="px-3 py-2.5 font-medium">Last data</th>
              <th className="px-4 py-2.5 text-right font-medium">Alerts</th>
            </tr>
          </thead>
          {groups.map((g) => (
            <tbody
              key={g.key}
              className="divide-y divide-slate-100 dark:divide-slate-800"
              data-testid={grouped ? "fleet-group" : undefined}
            >
              {grouped && (
                <tr className="border-t border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-800/50">
                  <th colSpan={columns} scope="rowgroup" className="px-4 py-2 text-sm font-normal normal-case">
                    <GroupTitle group={g} />
                  </th>
                </tr>
              )}
              {g.rows.map((r) => (
                <tr
                  key={r.serial}
                  data-testid="fleet-row"
                  data-serial={r.serial}
                  className="group hover:bg-slate-50 dark:hover:bg-slate-800/40"
                >
                  <td className="px-4 py-2.5">
                    <div className="flex items-center gap-2.5">
                      <StatusDot online={r.online} measuring={r.measuring} />
                      <div className="min-w-0">
                        <Link
                          href={`/${slug}/instruments/${r.serial}`}
                          className="block truncate font-medium text-slate-900 hover:text-brand-700 hover:underline dark:text-white dark:hover:text-brand-300"
                        >
                          {r.name}
                        </Link>
                        <div className="text-xs text-slate-500 dark:text-slate-400">
                          <span className="font-mono">{r.serial}</span> · {r.model ?? r.type}
                          {r.type !== "Noise" && ` · ${r.type}`}
                        </div>
                      </div>
                    </div>
                  </td>
                  {showSites && (
                    <td className="px-3 py-2.5" data-testid="fleet-row-site">
                      <SiteCell site={r.site} grouped={grouped} />
                    </td>
                  )}
                  <td className="px-3 py-2.5 whitespace-nowrap">
                    <StateText row={r} />
                    {r.online === false && r.onlineChangedAt && (
                      <div className="text-xs text-slate-500">
                        since {r.onlineChangedAtExact ? "" : "at least "}
                        {ago(r.onlineChangedAt, now)}
                      </div>
                    )}
                  </td>
                  <td className="px-3 py-2.5 whitespace-nowrap">
                    <CalibrationCell row={r} now={now} />
                  </td>
                  <td className="px-3 py-2.5">
                    <SicCell row={r} />
                  </td>
                  <td
                    className={cx(
                      "px-3 py-2.5 whitespace-nowrap tabular-nums",
                      isLowVoltage(r) && "font-medium text-amber-700 dark:text-amber-300",
                    )}
                  >
                    {formatNumber(r.voltage, 1, "V")}
                  </td>
                  <td className="px-3 py-2.5 whitespace-nowrap">
                    <Meter value={r.diskPercent} label="Disk" />
                  </td>
                  <td className="px-3 py-2.5">
                    <SignalBars rsrp={r.lteRsrp} />
                  </td>
                  <td
                    className="px-3 py-2.5 whitespace-nowrap text-slate-600 dark:text-slate-300"
                    title={r.lastDataAt?.toISOString()}
                  >
                    {ago(r.lastDataAt, now)}
                  </td>
                  <td className="px-4 py-2.5 text-right">
                    {r.openAlerts > 0 ? (
                      <Badge tone="red">{r.openAlerts}</Badge>
                    ) : (
                      <span className="text-slate-400">0</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </div>
    </>
  );
}
