"use client";
/**
 * Headroom for the period in progress, read live through MyCirrus
 * (sites.headroom): per position and per limit row, the level so far, the
 * limit, and the most the rest of the window may average without breaching.
 * Also the one-line "worst headroom" a site's card shows, loaded only once the
 * card scrolls into view.
 */
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { Notice } from "@/components/ui/notice";
import { formatNumber, formatTime, signed } from "@/lib/format";
import { formatAveraging, formatSpan } from "@/lib/site-format";
import { formErrors, useTRPC, type RouterOutputs } from "@/lib/trpc";

type HeadroomData = RouterOutputs["sites"]["headroom"];
type Position = HeadroomData["positions"][number];
type Row = Position["rows"][number];

const REFRESH_MS = 120_000;

const clockFormats = new Map<string, Intl.DateTimeFormat>();
function clock(at: Date, timeZone: string): string {
  let format = clockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });
    clockFormats.set(timeZone, format);
  }
  return format.format(at);
}

const level = (v: number | null) => formatNumber(v, 1, "dB");

function RowLine({ row, timeZone, averagingMinutes }: { row: Row; timeZone: string; averagingMinutes: number | null }) {
  const energy = row.metric === "LAeq";
  const left = formatSpan(row.remainingSeconds);
  const ended = row.remainingSeconds <= 0;
  const limit = `limit ${row.limitDb}${row.triggerDb !== null ? ` (trigger ${row.triggerDb})` : ""}`;
  const soFar = row.runningLevel === null ? "No data yet" : `${level(row.runningLevel)} so far`;
  let rest: string;
  if (row.breached)
    rest = energy
      ? ended
        ? "breached"
        : `breached: even silence for the remaining ${left} cannot bring it back under the limit`
      : `breached: already above ${row.limitDb} dB`;
  else if (ended) rest = "the window ends now";
  else if (energy) rest = `the remaining ${left} may average at most ${level(row.maxRemainingLevel)}`;
  else rest = `every reading in the remaining ${left} must stay at or below ${row.limitDb} dB`;

  const tone = row.breached ? "red" : row.projectedBreach ? "amber" : "green";
  return (
    <li
      className={cx(
        "px-5 py-3 text-sm",
        row.breached && "bg-rose-50/70 dark:bg-rose-950/30",
        !row.breached && row.projectedBreach && "bg-amber-50/70 dark:bg-amber-950/20",
      )}
      data-testid="headroom-row"
    >
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <span className="font-medium text-slate-900 dark:text-white">{row.label}</span>
        <span className="text-xs text-slate-500 dark:text-slate-400">
          {row.metric}
          {averagingMinutes !== null ? `, T = ${formatAveraging(averagingMinutes)}` : " over the period"} · window{" "}
          {clock(row.window.start, timeZone)}–{clock(row.window.end, timeZone)}
        </span>
        <span className="ml-auto">
          <Badge tone={tone}>
            {row.breached ? "Breached" : row.projectedBreach ? "Projected breach" : "Within limit"}
          </Badge>
        </span>
      </div>
      <p
        className={cx(
          "mt-1 tabular-nums",
          row.breached
            ? "font-medium text-rose-700 dark:text-rose-300"
            : row.projectedBreach
              ? "text-amber-800 dark:text-amber-200"
              : "text-slate-700 dark:text-slate-300",
        )}
      >
        {soFar} · {limit} · {rest}
      </p>
      {!row.breached && row.projectedBreach && row.recentLevel !== null && (
        <p className="mt-0.5 text-xs text-amber-800 dark:text-amber-200">
          The last hour averaged {level(row.recentLevel)}; if it carries on, the window ends above its limit.
        </p>
      )}
    </li>
  );
}

/** The window length of a row, from what the server sends: the whole period when the window is the period. */

export function HeadroomPanel({
  orgSlug,
  siteId,
  hasSchedule,
  noiseMonitors,
}: {
  orgSlug: string;
  siteId: string;
  hasSchedule: boolean;
  noiseMonitors: number;
}) {
  const trpc = useTRPC();
  const ready = hasSchedule && noiseMonitors > 0;
  const query = useQuery({
    ...trpc.sites.headroom.queryOptions({ orgSlug, siteId }),
    enabled: ready,
    refetchInterval: REFRESH_MS,
  });

  if (!hasSchedule)
    return (
      <Empty>
        This site has no limit schedule, so there is nothing to measure against. Set its limits below and the headroom
        of each period in progress shows here.
      </Empty>
    );
  if (noiseMonitors === 0)
    return <Empty>No noise monitor is deployed here. Deploy one and its headroom against the limits shows here.</Empty>;
  if (query.isPending)
    return (
      <div role="status" aria-live="polite" className="space-y-3 px-5 py-5">
        <span className="sr-only">Reading the live levels…</span>
        {[0, 1].map((i) => (
          <div key={i} aria-hidden className="animate-pulse space-y-2 motion-reduce:animate-none">
            <div className="h-4 w-1/3 rounded bg-slate-200 dark:bg-slate-800" />
            <div className="h-4 w-2/3 rounded bg-slate-200 dark:bg-slate-800" />
          </div>
        ))}
      </div>
    );
  if (query.isError)
    return (
      <div className="space-y-3 px-5 py-5">
        <Notice tone="error">
          Could not read the live levels from MyCirrus: {formErrors(query.error).message ?? "unknown error"}
        </Notice>
        <Button size="sm" variant="secondary" pending={query.isFetching} onClick={() => void query.refetch()}>
          Try again
        </Button>
      </div>
    );

  const data = query.data;
  const timeZone = data.timezone;
  return (
    <div>
      {data.version === null ? (
        <Empty>No version of the schedule is in force yet, so no period is being judged.</Empty>
      ) : data.positions.length === 0 ? (
        <Empty>
          No limit period of version {data.version.version} is in progress right now. Headroom shows while one is.
        </Empty>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800">
          {data.positions.map((p) => (
            <li key={p.deploymentId}>
              <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5 bg-slate-50 px-5 py-2 text-sm dark:bg-slate-800/40">
                <span className="font-semibold text-slate-900 dark:text-white">{p.positionName}</span>
                <span className="text-xs text-slate-500 dark:text-slate-400">
                  {p.instrumentName} · <span className="font-mono">{p.serial}</span>
                  {p.correctionDb !== 0 && ` · correction ${signed(p.correctionDb, 1)}`}
                </span>
              </div>
              <ul className="divide-y divide-slate-100 dark:divide-slate-800">
                {p.rows.map((row, i) => (
                  <RowLine key={i} row={row} timeZone={timeZone} averagingMinutes={row.averagingMinutes} />
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 px-5 py-3 text-xs text-slate-500 dark:border-slate-800 dark:text-slate-400">
        <p className="max-w-3xl">
          Energy arithmetic: a window may hold its length × 10<sup>limit/10</sup> of sound energy; what the level so far
          has used is taken off, and the rest, shared over the remaining time, is the most it may average. Assumes the
          running level held through gaps in the data; levels include each position&apos;s correction. Times in{" "}
          {timeZone}.
        </p>
        <span className="flex items-center gap-2">
          Updated {formatTime(new Date(query.dataUpdatedAt), timeZone)}
          <Button size="sm" variant="ghost" pending={query.isFetching} onClick={() => void query.refetch()}>
            Refresh
          </Button>
        </span>
      </div>
    </div>
  );
}

function Empty({ children }: { children: React.ReactNode }) {
  return <p className="px-5 py-8 text-center text-sm text-slate-500 dark:text-slate-400">{children}</p>;
}

/** Becomes true once the element has been on screen. */
function useSeen<T extends Element>() {
  const ref = useRef<T>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || seen) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        setSeen(true);
        observer.disconnect();
      }
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [seen]);
  return [ref, seen] as const;
}

/** The smallest margin "limit − level so far" over the site's positions and rows, or the first breach. */
export function worstHeadroom(data: HeadroomData) {
  let breach: { position: Position; row: Row } | null = null;
  let worst: { position: Position; row: Row; margin: number } | null = null;
  for (const position of data.positions)
    for (const row of position.rows) {
      if (row.breached) {
        breach ??= { position, row };
        continue;
      }
      if (row.runningLevel === null) continue;
      const margin = row.limitDb - row.runningLevel;
      if (!worst || margin < worst.margin) worst = { position, row, margin };
    }
  return { breach, worst, projected: data.positions.some((p) => p.rows.some((r) => r.projectedBreach && !r.breached)) };
}

/** "Worst headroom today" on a site's card, loaded lazily (it costs a MyCirrus request). */
export function WorstHeadroom({ orgSlug, siteId }: { orgSlug: string; siteId: string }) {
  const trpc = useTRPC();
  const [ref, seen] = useSeen<HTMLParagraphElement>();
  const query = useQuery({
    ...trpc.sites.headroom.queryOptions({ orgSlug, siteId }),
    enabled: seen,
    refetchInterval: REFRESH_MS,
  });
  let text: React.ReactNode = "Headroom: reading live levels…";
  let tone = "text-slate-500 dark:text-slate-400";
  if (query.isError) text = "Headroom: live levels unavailable";
  else if (query.data) {
    const { breach, worst, projected } = worstHeadroom(query.data);
    if (query.data.positions.length === 0) text = "Headroom: no limit period in progress";
    else if (breach) {
      text = `Breached: ${breach.position.positionName}, ${breach.row.label} (${breach.row.metric})`;
      tone = "font-medium text-rose-700 dark:text-rose-300";
    } else if (worst) {
      const where = `${worst.position.positionName}, ${worst.row.label}`;
      text =
        worst.margin >= 0
          ? `Worst headroom ${formatNumber(worst.margin, 1, "dB")} · ${where}`
          : `${formatNumber(-worst.margin, 1, "dB")} above the limit so far · ${where}`;
      tone =
        projected || worst.margin < 3
          ? "font-medium text-amber-700 dark:text-amber-300"
          : "text-emerald-700 dark:text-emerald-300";
      if (projected) text = <>{text} · projected breach</>;
    } else text = "Headroom: no data yet in this period";
  }
  return (
    <p ref={ref} className={cx("text-sm tabular-nums", tone)} aria-live="polite" data-testid="site-headroom">
      {text}
    </p>
  );
}
