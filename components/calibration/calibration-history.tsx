"use client";
/**
 * Fleet calibration record: fetched one year per request (newest first) with
 * progress, then drift trends per instrument, charts of offset, level and SIC
 * bands, the calibration log and a CSV of the records shown.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { ChartSkeleton, LineChart, type ChartSeries } from "@/components/charts/line-chart";
import { dateOnly, dateTime, signed, thresholdHorizon } from "@/components/fleet/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { Notice } from "@/components/ui/notice";
import { downloadCsv, toCsv } from "@/lib/csv";
import { DEFAULT_DRIFT_HORIZON_DAYS, DEFAULT_DRIFT_THRESHOLD_DB, driftTrend, type DriftTrend } from "@/lib/drift";
import { formErrors, useTRPC, type RouterOutputs } from "@/lib/trpc";
import { dedupeBy, windowsNewestFirst, YEAR_WINDOW_MS } from "@/lib/windows";

/** A noise instrument from the fleet index, as the calibration page lists it. */
export type CalibrationInstrument = Pick<RouterOutputs["fleet"]["index"][number], "serial" | "name"> & {
  hasSic: boolean;
};

type CalRow = RouterOutputs["instruments"]["calibrations"][number];
type SicRow = RouterOutputs["instruments"]["sic"][number];
type LogRow = RouterOutputs["instruments"]["calibrationLog"][number];

const PALETTE = [
  "#17847a",
  "#e11d48",
  "#f59e0b",
  "#6366f1",
  "#0ea5e9",
  "#84cc16",
  "#a855f7",
  "#64748b",
  "#ec4899",
  "#14b8a6",
  "#f97316",
  "#22c55e",
];
const MAX_LINES = 12;
const SERIALS_PER_REQUEST = 200;
const YEARS = [1, 2, 3, 5] as const;

const chunk = <T,>(xs: T[], n: number) =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

export function CalibrationHistory({
  orgSlug,
  instruments,
}: {
  orgSlug: string;
  instruments: CalibrationInstrument[];
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const params = useSearchParams();
  const selected = params.get("instrument") ?? "all";
  const years = Number(params.get("years") ?? 1) || 1;
  const [threshold, setThreshold] = useState(DEFAULT_DRIFT_THRESHOLD_DB);
  const [thresholdText, setThresholdText] = useState(String(DEFAULT_DRIFT_THRESHOLD_DB));
  const [state, setState] = useState<{
    for: string;
    loaded: number;
    total: number;
    cals: CalRow[];
    sic: SicRow[];
    log: LogRow[];
    error: string | null;
  }>({
    for: "",
    loaded: 0,
    total: 0,
    cals: [],
    sic: [],
    log: [],
    error: null,
  });
  const [showAll, setShowAll] = useState(false);

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params.toString());
    if (value === null) next.delete(key);
    else next.set(key, value);
    router.replace(`?${next.toString()}`, { scroll: false });
  };

  const serials = useMemo(
    () => (selected === "all" ? instruments.map((i) => i.serial) : [selected]),
    [selected, instruments],
  );

  useEffect(() => {
    let alive = true;
    // Minute-rounded, so revisiting a choice reuses the cached windows.
    const end = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
    const windows = windowsNewestFirst(new Date(end.getTime() - years * YEAR_WINDOW_MS), end, YEAR_WINDOW_MS);
    setState({ for: selected, loaded: 0, total: windows.length, cals: [], sic: [], log: [], error: null });
    setShowAll(false);
    if (serials.length === 0) return;
    void (async () => {
      let cals: CalRow[] = [];
      let sic: SicRow[] = [];
      let log: LogRow[] = [];
      try {
        for (const w of windows) {
          const range = { start: w.start, end: w.end };
          const parts = await Promise.all([
            ...chunk(serials, SERIALS_PER_REQUEST).map((s) =>
              queryClient.fetchQuery({
                ...trpc.instruments.calibrations.queryOptions({ orgSlug, serials: s, range }),
                staleTime: 5 * 60_000,
              }),
            ),
          ]);
          const sics = await Promise.all(
            chunk(serials, SERIALS_PER_REQUEST).map((s) =>
              queryClient.fetchQuery({
                ...trpc.instruments.sic.queryOptions({ orgSlug, serials: s, range }),
                staleTime: 5 * 60_000,
              }),
            ),
          );
          const logs =
            selected === "all"
              ? []
              : await queryClient.fetchQuery({
                  ...trpc.instruments.calibrationLog.queryOptions({ orgSlug, serial: selected, range }),
                  staleTime: 5 * 60_000,
                });
          if (!alive) return;
          cals = dedupeBy([...cals, ...parts.flat()], (r) => `${r.instrument}|${r.time.getTime()}`);
          sic = dedupeBy([...sic, ...sics.flat()], (r) => `${r.instrument}|${r.time.getTime()}`);
          log = dedupeBy([...log, ...logs], (r) => `${r.time.getTime()}|${r.message}`);
          setState((s) => ({ ...s, loaded: s.loaded + 1, cals, sic, log }));
        }
      } catch (error) {
        if (alive) setState((s) => ({ ...s, error: formErrors(error).message ?? "Could not load the history." }));
      }
    })();
    return () => {
      alive = false;
    };
  }, [serials, years, selected, orgSlug, queryClient, trpc]);

  const names = useMemo(() => new Map(instruments.map((i) => [i.serial, i.name])), [instruments]);
  const bySerial = useMemo(() => {
    const m = new Map<string, CalRow[]>();
    for (const r of state.cals) m.set(r.instrument, [...(m.get(r.instrument) ?? []), r]);
    return m;
  }, [state.cals]);

  const trends = useMemo(() => {
    const out: Array<{ serial: string; rows: CalRow[]; trend: DriftTrend }> = [];
    for (const serial of serials) {
      const rows = (bySerial.get(serial) ?? []).filter((r) => r.status === "Success" && r.offset !== null);
      out.push({
        serial,
        rows,
        trend: driftTrend(
          rows.map((r) => ({ time: r.time, offset: r.offset! })),
          { threshold, horizonDays: DEFAULT_DRIFT_HORIZON_DAYS },
        ),
      });
    }
    return out.sort(
      (a, b) =>
        Number(b.trend.flagged) - Number(a.trend.flagged) ||
        (a.trend.daysToThreshold ?? Infinity) - (b.trend.daysToThreshold ?? Infinity) ||
        a.serial.localeCompare(b.serial),
    );
  }, [bySerial, serials, threshold]);

  const flagged = trends.filter((t) => t.trend.flagged).length;
  const done = state.total > 0 && state.loaded === state.total;
  const charted = trends.slice(0, MAX_LINES);
  const offsetSeries: ChartSeries[] = charted.flatMap((t, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    const label = selected === "all" ? t.serial : "Offset";
    const s: ChartSeries[] = [
      {
        label,
        color,
        style: selected === "all" ? "line" : "points",
        points: t.rows.map((r) => ({ t: r.time.getTime(), v: r.offset })),
      },
    ];
    if (t.trend.line && (selected !== "all" || t.trend.flagged)) {
      s.push({
        label: `${label} trend`,
        color,
        style: "dashed",
        legend: false,
        points: [t.trend.line.from, t.trend.line.to],
      });
    }
    return s;
  });
  const levelSeries: ChartSeries[] = charted.map((t, i) => ({
    label: selected === "all" ? t.serial : "Level",
    color: PALETTE[i % PALETTE.length]!,
    style: selected === "all" ? "line" : "points",
    points: t.rows.map((r) => ({ t: r.time.getTime(), v: r.level })),
  }));
  const sicRows = selected === "all" ? [] : state.sic;
  const sicSeries: ChartSeries[] = [
    { label: "500 Hz", color: "#6366f1", points: sicRows.map((r) => ({ t: r.time.getTime(), v: r.band500Hz })) },
    { label: "1 kHz", color: "#17847a", points: sicRows.map((r) => ({ t: r.time.getTime(), v: r.band1kHz })) },
    { label: "8 kHz", color: "#f59e0b", points: sicRows.map((r) => ({ t: r.time.getTime(), v: r.band8kHz })) },
  ];

  const records = useMemo(
    () =>
      [...state.cals].sort((a, b) => b.time.getTime() - a.time.getTime() || a.instrument.localeCompare(b.instrument)),
    [state.cals],
  );
  const visible = showAll ? records : records.slice(0, 30);

  const exportCsv = () =>
    downloadCsv(
      `calibrations-${selected}-${years}y.csv`,
      toCsv(
        ["instrument", "name", "time", "status", "level_dB", "offset_dB"],
        records.map((r) => [r.instrument, names.get(r.instrument) ?? "", r.time, r.status, r.level, r.offset]),
      ),
    );

  return (
    <div className="space-y-6">
      <Card className="p-4">
        <div className="flex flex-wrap items-end gap-4">
          <label className="text-sm">
            <span className="mb-1 block font-medium text-slate-700 dark:text-slate-300">Instrument</span>
            <select
              aria-label="Instrument"
              value={selected}
              onChange={(e) => setParam("instrument", e.target.value === "all" ? null : e.target.value)}
              className="rounded-lg border-0 bg-white py-2 pr-8 pl-3 text-sm shadow-sm ring-1 ring-slate-300 ring-inset dark:bg-slate-900 dark:ring-slate-700"
            >
              <option value="all">All noise instruments ({instruments.length})</option>
              {instruments.map((i) => (
                <option key={i.serial} value={i.serial}>
                  {i.name} ({i.serial})
                </option>
              ))}
            </select>
          </label>
          <div className="text-sm">
            <span className="mb-1 block font-medium text-slate-700 dark:text-slate-300">Range</span>
            <div
              className="inline-flex rounded-lg p-0.5 ring-1 ring-slate-200 ring-inset dark:ring-slate-700"
              role="group"
              aria-label="Years"
            >
              {YEARS.map((y) => (
                <button
                  key={y}
                  type="button"
                  aria-pressed={years === y}
                  onClick={() => setParam("years", y === 1 ? null : String(y))}
                  className={cx(
                    "rounded-md px-3 py-1.5 text-xs font-medium",
                    years === y
                      ? "bg-brand-600 text-white"
                      : "text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800",
                  )}
                >
                  {y} year{y > 1 ? "s" : ""}
                </button>
              ))}
            </div>
          </div>
          <label className="text-sm">
            <span className="mb-1 block font-medium text-slate-700 dark:text-slate-300">Drift threshold (± dB)</span>
            <input
              aria-label="Drift threshold"
              inputMode="decimal"
              value={thresholdText}
              onChange={(e) => {
                setThresholdText(e.target.value);
                const v = Number(e.target.value);
                if (Number.isFinite(v) && v > 0 && v <= 5) setThreshold(v);
              }}
              className="w-24 rounded-lg border-0 bg-white px-3 py-2 text-sm shadow-sm ring-1 ring-slate-300 ring-inset dark:bg-slate-900 dark:ring-slate-700"
            />
          </label>
          <div className="min-w-48 flex-1 text-sm" aria-live="polite">
            <div className="mb-1 flex justify-between text-xs text-slate-500 dark:text-slate-400">
              <span data-testid="history-progress" data-for={state.for}>
                {done
                  ? `Loaded ${state.total} of ${state.total} year${state.total > 1 ? "s" : ""}`
                  : `Loading… ${state.loaded} of ${state.total} year${state.total > 1 ? "s" : ""}`}
              </span>
              <span>{state.cals.length} calibrations</span>
            </div>
            <div className="h-1.5 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700">
              <div
                className="h-full rounded-full bg-brand-500 transition-all"
                style={{ width: `${state.total ? (100 * state.loaded) / state.total : 0}%` }}
              />
            </div>
          </div>
        </div>
      </Card>

      {state.error && <Notice tone="error">{state.error}</Notice>}

      <Card>
        <CardHeader
          title="Drift"
          description={`Least-squares trend of offset over the range; flagged when it reaches ±${threshold} dB within ${DEFAULT_DRIFT_HORIZON_DAYS} days or already has.`}
          actions={
            flagged > 0 ? (
              <Badge tone="red">{flagged} drifting</Badge>
            ) : done ? (
              <Badge tone="green">No drift flagged</Badge>
            ) : undefined
          }
        />
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" aria-label="Drift per instrument">
            <thead className="text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">
              <tr className="border-b border-slate-200 dark:border-slate-800">
                <th className="px-4 py-2 font-medium">Instrument</th>
                <th className="px-3 py-2 font-medium">Calibrations</th>
                <th className="px-3 py-2 font-medium">Latest offset</th>
                <th className="px-3 py-2 font-medium">Trend</th>
                <th className="px-3 py-2 font-medium">Trend now</th>
                <th className="px-4 py-2 font-medium">Outlook</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {trends.map(({ serial, rows, trend }) => (
                <tr
                  key={serial}
                  data-testid="drift-row"
                  data-serial={serial}
                  data-flagged={trend.flagged ? "true" : "false"}
                  className={cx(trend.flagged && "bg-rose-50/60 dark:bg-rose-950/20")}
                >
                  <td className="px-4 py-2">
                    <button
                      type="button"
                      className="text-left font-medium hover:text-brand-700 hover:underline dark:hover:text-brand-300"
                      onClick={() => setParam("instrument", serial)}
                    >
                      {names.get(serial) ?? serial}
                    </button>
                    <div className="font-mono text-xs text-slate-500">{serial}</div>
                  </td>
                  <td className="px-3 py-2 tabular-nums">{rows.length}</td>
                  <td className="px-3 py-2 tabular-nums">{rows.length ? signed(rows.at(-1)!.offset) : "—"}</td>
                  <td className="px-3 py-2 tabular-nums">
                    {trend.samples > 1 ? `${signed(trend.slopePerDay * 90, 2)} / 90 d` : "—"}
                  </td>
                  <td className="px-3 py-2 tabular-nums">{trend.samples > 1 ? signed(trend.current) : "—"}</td>
                  <td className="px-4 py-2">
                    {trend.samples < 2 ? (
                      <span className="text-slate-400">{done ? "Not enough data" : "…"}</span>
                    ) : trend.daysToThreshold === 0 ? (
                      <Badge tone="red">Past ±{threshold} dB</Badge>
                    ) : trend.flagged ? (
                      <Badge tone="red">
                        Reaches ±{threshold} dB {thresholdHorizon(trend.daysToThreshold!)}
                      </Badge>
                    ) : trend.daysToThreshold !== null ? (
                      <span className="text-slate-500">
                        ±{threshold} dB {thresholdHorizon(trend.daysToThreshold)}
                      </span>
                    ) : (
                      <Badge tone="green">Stable</Badge>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>

      <div className="grid gap-6 xl:grid-cols-2">
        <Card>
          <CardHeader
            title="Calibration offset"
            description={
              selected === "all" && trends.length > MAX_LINES
                ? `The ${MAX_LINES} most urgent of ${trends.length} instruments`
                : "dB; dashed: trend"
            }
          />
          <div className="p-4">
            {state.cals.length === 0 && !done ? (
              <ChartSkeleton />
            ) : (
              <LineChart
                label="Calibration offset over time"
                unit="dB"
                decimals={2}
                series={offsetSeries}
                guides={[
                  { value: threshold, color: "#e11d48", label: `+${threshold}` },
                  { value: -threshold, color: "#e11d48", label: `−${threshold}` },
                ]}
              />
            )}
          </div>
        </Card>
        <Card>
          <CardHeader title="Calibration level" description="dB measured from the calibrator" />
          <div className="p-4">
            {state.cals.length === 0 && !done ? (
              <ChartSkeleton />
            ) : (
              <LineChart label="Calibration level over time" unit="dB" decimals={2} series={levelSeries} />
            )}
          </div>
        </Card>
      </div>

      <div className="grid gap-6 xl:grid-cols-2">
        <Card>
          <CardHeader title="SIC band levels" description="500 Hz, 1 kHz and 8 kHz" />
          <div className="p-4">
            {selected === "all" ? (
              <p className="py-10 text-center text-sm text-slate-500">
                Choose an instrument to see its SIC band levels.
              </p>
            ) : sicRows.length === 0 ? (
              done ? (
                <p className="py-10 text-center text-sm text-slate-500">No SIC results in this range.</p>
              ) : (
                <ChartSkeleton />
              )
            ) : (
              <LineChart label="SIC band levels over time" unit="dB" decimals={2} series={sicSeries} />
            )}
          </div>
        </Card>
        <Card>
          <CardHeader
            title="Calibration log"
            description={selected === "all" ? "Per instrument" : `${state.log.length} entries`}
          />
          {selected === "all" ? (
            <p className="px-5 py-10 text-center text-sm text-slate-500">
              Choose an instrument to see its calibration log.
            </p>
          ) : (
            <ul className="max-h-80 divide-y divide-slate-100 overflow-y-auto text-sm dark:divide-slate-800">
              {[...state.log]
                .sort((a, b) => b.time.getTime() - a.time.getTime())
                .map((l) => (
                  <li key={`${l.time.getTime()}-${l.message}`} className="px-5 py-2">
                    <span className="tabular-nums text-slate-500">{dateTime.format(l.time)}</span> · {l.message}
                    {l.user && <span className="text-slate-500"> ({l.user})</span>}
                  </li>
                ))}
              {state.log.length === 0 && (
                <li className="px-5 py-6 text-center text-slate-500">
                  {done ? "No entries in this range." : "Loading…"}
                </li>
              )}
            </ul>
          )}
        </Card>
      </div>

      <Card>
        <CardHeader
          title="Calibration records"
          description={<span data-testid="records-count">{records.length} records</span>}
          actions={
            <Button size="sm" variant="secondary" disabled={!done || records.length === 0} onClick={exportCsv}>
              Download CSV
            </Button>
          }
        />
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" aria-label="Calibration records">
            <thead className="text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">
              <tr className="border-b border-slate-200 dark:border-slate-800">
                <th className="px-4 py-2 font-medium">Date</th>
                <th className="px-3 py-2 font-medium">Instrument</th>
                <th className="px-3 py-2 font-medium">Status</th>
                <th className="px-3 py-2 font-medium">Level</th>
                <th className="px-4 py-2 font-medium">Offset</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {visible.map((r) => (
                <tr key={`${r.instrument}-${r.time.getTime()}`} data-testid="record-row">
                  <td className="px-4 py-1.5 tabular-nums">{dateOnly.format(r.time)}</td>
                  <td className="px-3 py-1.5">
                    {names.get(r.instrument) ?? r.instrument}{" "}
                    <span className="font-mono text-xs text-slate-500">{r.instrument}</span>
                  </td>
                  <td className="px-3 py-1.5">
                    <Badge tone={r.status === "Success" ? "green" : "red"}>{r.status}</Badge>
                  </td>
                  <td className="px-3 py-1.5 tabular-nums">{r.level?.toFixed(2) ?? "—"} dB</td>
                  <td className="px-4 py-1.5 tabular-nums">{signed(r.offset)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {records.length > visible.length && (
          <div className="border-t border-slate-200 px-5 py-3 text-sm dark:border-slate-800">
            <Button size="sm" variant="ghost" onClick={() => setShowAll(true)}>
              Show all {records.length} records
            </Button>
            <span className="text-slate-500"> (the CSV always has all {records.length})</span>
          </div>
        )}
      </Card>
    </div>
  );
}
