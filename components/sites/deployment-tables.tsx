/**
 * Deployments as lists: the monitors standing at a site now, with their live
 * state from the fleet board and (for admins) Move and Recall; and a site's or
 * an instrument's deployment history. Cards on phones, a table on wider screens.
 */
import Link from "next/link";
import { StatusDot } from "@/components/fleet/status-bits";
import { Badge } from "@/components/ui/badge";
import { cx } from "@/components/ui/cx";
import { TableHead } from "@/components/ui/table-head";
import { instrumentState, instrumentStateLabel, type InstrumentState } from "@/lib/fleet";
import { ago, signed } from "@/lib/format";
import { formatInZone } from "@/lib/local-time";
import { POSITION_TYPE_LABEL } from "@/lib/sites";
import type { RouterOutputs } from "@/lib/trpc";
import { DeployButton, RecallButton, type DeployableInstrument, type SiteChoice } from "./deploy-dialog";

export type DeploymentRow = RouterOutputs["sites"]["deployments"][number];
export type BoardRow = RouterOutputs["fleet"]["board"]["rows"][number];

const STATE_TEXT: Record<InstrumentState, string> = {
  "no-status": "text-slate-500",
  offline: "font-medium text-rose-700 dark:text-rose-300",
  "not-measuring": "font-medium text-amber-700 dark:text-amber-300",
  measuring: "text-emerald-700 dark:text-emerald-300",
};

const TYPE_SHORT = { facade: "Façade", free_field: "Free field" } as const;

/** The board row's instrument as the deploy dialog needs it. */
export function deployable(row: Pick<BoardRow, "serial" | "name" | "site">): DeployableInstrument {
  return {
    serial: row.serial,
    name: row.name,
    current: row.site ? { siteId: row.site.id, siteName: row.site.name, positionName: row.site.positionName } : null,
  };
}

function Actions({
  orgSlug,
  deployment,
  sites,
  timeZone,
}: {
  orgSlug: string;
  deployment: DeploymentRow;
  sites: SiteChoice[];
  timeZone: string;
}) {
  const instrument: DeployableInstrument = {
    serial: deployment.instrument.serial,
    name: deployment.instrument.name,
    current: { siteId: deployment.siteId, siteName: deployment.site.name, positionName: deployment.positionName },
  };
  const elsewhere = sites.find((s) => s.id !== deployment.siteId);
  return (
    <div className="flex flex-wrap justify-end gap-1">
      <DeployButton
        label="Move"
        title={`Move ${deployment.instrument.name}`}
        variant="ghost"
        orgSlug={orgSlug}
        instruments={[instrument]}
        sites={sites}
        defaultSerial={instrument.serial}
        defaultSiteId={elsewhere?.id ?? deployment.siteId}
        timeZone={timeZone}
      />
      <RecallButton orgSlug={orgSlug} instrument={instrument} timeZone={timeZone} />
    </div>
  );
}

export function DeployedMonitors({
  orgSlug,
  deployments,
  board,
  now,
  timeZone,
  admin,
}: {
  orgSlug: string;
  /** Open deployments of the site. */
  deployments: DeploymentRow[];
  board: Map<string, BoardRow>;
  now: Date;
  timeZone: string;
  /** Sites to move to, for those who may deploy; null hides the actions. */
  admin: { sites: SiteChoice[] } | null;
}) {
  const href = (serial: string) => `/${orgSlug}/instruments/${encodeURIComponent(serial)}`;
  const state = (row: BoardRow | undefined) =>
    row ? (
      <span className={STATE_TEXT[instrumentState(row)]}>{instrumentStateLabel(row)}</span>
    ) : (
      <span className="text-slate-500">No status</span>
    );
  return (
    <>
      <ul className="divide-y divide-slate-100 md:hidden dark:divide-slate-800" aria-label="Deployed monitors">
        {deployments.map((d) => {
          const row = board.get(d.instrument.serial);
          return (
            <li key={d.id} className="px-5 py-3 text-sm" data-testid="deployed-monitor">
              <div className="flex items-center gap-2">
                <StatusDot online={row?.online ?? null} measuring={row?.measuring ?? null} />
                <span className="min-w-0 truncate font-medium text-slate-900 dark:text-white">{d.positionName}</span>
              </div>
              <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                <Link
                  href={href(d.instrument.serial)}
                  className="font-medium text-brand-700 hover:underline dark:text-brand-300"
                >
                  {d.instrument.name}
                </Link>{" "}
                <span className="font-mono">{d.instrument.serial}</span> · {state(row)}
                {row?.openAlerts ? (
                  <>
                    {" "}
                    ·{" "}
                    <span className="font-medium text-rose-700 dark:text-rose-300">
                      {row.openAlerts} open {row.openAlerts === 1 ? "alert" : "alerts"}
                    </span>
                  </>
                ) : null}
              </p>
              <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
                {TYPE_SHORT[d.positionType]} · correction {signed(d.correctionDb, 1)} · since{" "}
                {formatInZone(d.startAt, timeZone)}
              </p>
              {admin && (
                <div className="mt-2">
                  <Actions orgSlug={orgSlug} deployment={d} sites={admin.sites} timeZone={timeZone} />
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <div className="hidden overflow-x-auto md:block">
        <table className="w-full text-left text-sm" aria-label="Deployed monitors">
          <TableHead
            columns={["Position", "Monitor", "State", "Correction", "Since", ...(admin ? ["Actions"] : ["Alerts"])]}
          />
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {deployments.map((d) => {
              const row = board.get(d.instrument.serial);
              return (
                <tr key={d.id} data-testid="deployed-monitor" className="align-top">
                  <td className="px-4 py-2.5">
                    <div className="font-medium text-slate-900 dark:text-white">{d.positionName}</div>
                    <div
                      className="text-xs text-slate-500 dark:text-slate-400"
                      title={POSITION_TYPE_LABEL[d.positionType]}
                    >
                      {TYPE_SHORT[d.positionType]}
                    </div>
                  </td>
                  <td className="px-3 py-2.5">
                    <div className="flex items-center gap-2">
                      <StatusDot online={row?.online ?? null} measuring={row?.measuring ?? null} />
                      <Link
                        href={href(d.instrument.serial)}
                        className="font-medium text-slate-900 hover:text-brand-700 hover:underline dark:text-white dark:hover:text-brand-300"
                      >
                        {d.instrument.name}
                      </Link>
                    </div>
                    <div className="pl-4.5 font-mono text-xs text-slate-500 dark:text-slate-400">
                      {d.instrument.serial}
                    </div>
                  </td>
                  <td className="px-3 py-2.5 whitespace-nowrap">
                    {state(row)}
                    {row && (
                      <div className="text-xs text-slate-500 dark:text-slate-400">data {ago(row.lastDataAt, now)}</div>
                    )}
                    {admin && row && row.openAlerts > 0 && (
                      <div className="text-xs font-medium text-rose-700 dark:text-rose-300">
                        {row.openAlerts} open {row.openAlerts === 1 ? "alert" : "alerts"}
                      </div>
                    )}
                  </td>
                  <td className="px-3 py-2.5 whitespace-nowrap tabular-nums">{signed(d.correctionDb, 1)}</td>
                  <td className="px-3 py-2.5 whitespace-nowrap text-slate-600 dark:text-slate-300">
                    {formatInZone(d.startAt, timeZone)}
                  </td>
                  <td className="px-4 py-1.5 text-right">
                    {admin ? (
                      <Actions orgSlug={orgSlug} deployment={d} sites={admin.sites} timeZone={timeZone} />
                    ) : row && row.openAlerts > 0 ? (
                      <Badge tone="red">{row.openAlerts}</Badge>
                    ) : (
                      <span className="text-slate-400">0</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** A history of deployments; `show` says whether each row names its site or its monitor. */
export function DeploymentHistory({
  orgSlug,
  deployments,
  timeZone,
  show,
}: {
  orgSlug: string;
  deployments: DeploymentRow[];
  timeZone: string;
  show: "instrument" | "site";
}) {
  const what = (d: DeploymentRow) =>
    show === "instrument" ? (
      <>
        <Link
          href={`/${orgSlug}/instruments/${encodeURIComponent(d.instrument.serial)}`}
          className="font-medium text-slate-900 hover:text-brand-700 hover:underline dark:text-white dark:hover:text-brand-300"
        >
          {d.instrument.name}
        </Link>{" "}
        <span className="font-mono text-xs text-slate-500 dark:text-slate-400">{d.instrument.serial}</span>
      </>
    ) : (
      <Link
        href={`/${orgSlug}/sites/${encodeURIComponent(d.site.code)}`}
        className="font-medium text-slate-900 hover:text-brand-700 hover:underline dark:text-white dark:hover:text-brand-300"
      >
        {d.site.name}
      </Link>
    );
  const until = (d: DeploymentRow) =>
    d.endAt ? formatInZone(d.endAt, timeZone) : <Badge tone="green">Still there</Badge>;
  return (
    <>
      <ul className="divide-y divide-slate-100 md:hidden dark:divide-slate-800" aria-label="Deployment history">
        {deployments.map((d) => (
          <li key={d.id} className="px-5 py-3 text-sm">
            <div>{what(d)}</div>
            <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
              {d.positionName} · {TYPE_SHORT[d.positionType]} · {signed(d.correctionDb, 1)}
            </p>
            <p className={cx("mt-0.5 text-xs text-slate-500 dark:text-slate-400")}>
              {formatInZone(d.startAt, timeZone)} → {until(d)}
            </p>
          </li>
        ))}
      </ul>
      <div className="hidden overflow-x-auto md:block">
        <table className="w-full text-left text-sm" aria-label="Deployment history">
          <TableHead columns={[show === "instrument" ? "Monitor" : "Site", "Position", "From", "To"]} />
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {deployments.map((d) => (
              <tr key={d.id} className="align-top">
                <td className="px-4 py-2.5">{what(d)}</td>
                <td className="px-3 py-2.5">
                  <div>{d.positionName}</div>
                  <div className="text-xs text-slate-500 dark:text-slate-400">
                    {TYPE_SHORT[d.positionType]} · {signed(d.correctionDb, 1)}
                  </div>
                </td>
                <td className="px-3 py-2.5 whitespace-nowrap text-slate-600 dark:text-slate-300">
                  {formatInZone(d.startAt, timeZone)}
                </td>
                <td className="px-4 py-2.5 whitespace-nowrap text-slate-600 dark:text-slate-300">{until(d)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
