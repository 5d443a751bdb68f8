/**
 * The calibration page's data: the chosen instrument and years (in the URL),
 * the fleet's calibration and SIC record fetched one year per request (newest
 * first) with progress, the calibration log of one instrument, and the drift
 * trend of each instrument against the chosen threshold.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { DEFAULT_DRIFT_HORIZON_DAYS, DEFAULT_DRIFT_THRESHOLD_DB, driftTrend, type DriftTrend } from "@/lib/drift";
import { formErrors, useTRPC, type RouterOutputs } from "@/lib/trpc";
import { dedupeBy, windowsNewestFirst, YEAR_WINDOW_MS } from "@/lib/windows";

/** A noise instrument from the fleet index, as the calibration page lists it. */
export type CalibrationInstrument = Pick<RouterOutputs["fleet"]["index"][number], "serial" | "name"> & {
  hasSic: boolean;
};

export type CalRow = RouterOutputs["instruments"]["calibrations"][number];
export type SicRow = RouterOutputs["instruments"]["sic"][number];
export type LogRow = RouterOutputs["instruments"]["calibrationLog"][number];

/** One instrument's successful calibrations with an offset, and the trend through them. */
export interface InstrumentTrend {
  serial: string;
  rows: CalRow[];
  trend: DriftTrend;
}

/** Serial number → name, for rows that carry only the serial. */
export type InstrumentNames = ReadonlyMap<string, string>;

const SERIALS_PER_REQUEST = 200;

const chunk = <T>(xs: T[], n: number) =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

interface Loaded {
  /** The instrument choice ("all" or a serial) these rows are for. */
  for: string;
  loaded: number;
  total: number;
  cals: CalRow[];
  sic: SicRow[];
  log: LogRow[];
  error: string | null;
}

export function useCalibrationHistory(orgSlug: string, instruments: CalibrationInstrument[]) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const params = useSearchParams();
  const selected = params.get("instrument") ?? "all";
  const years = Number(params.get("years") ?? 1) || 1;
  const [threshold, setThreshold] = useState(DEFAULT_DRIFT_THRESHOLD_DB);
  const [thresholdText, setThresholdText] = useState(String(DEFAULT_DRIFT_THRESHOLD_DB));
  const [state, setState] = useState<Loaded>({
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

  /** Keeps what was typed; the threshold follows only while it is a number in (0, 5]. */
  const changeThreshold = (text: string) => {
    setThresholdText(text);
    const v = Number(text);
    if (Number.isFinite(v) && v > 0 && v <= 5) setThreshold(v);
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

  const names: InstrumentNames = useMemo(() => new Map(instruments.map((i) => [i.serial, i.name])), [instruments]);
  const bySerial = useMemo(() => {
    const m = new Map<string, CalRow[]>();
    for (const r of state.cals) m.set(r.instrument, [...(m.get(r.instrument) ?? []), r]);
    return m;
  }, [state.cals]);

  /** Most urgent first: flagged, then soonest to reach the threshold, then by serial. */
  const trends = useMemo(() => {
    const out: InstrumentTrend[] = [];
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

  /** Every calibration in the range, newest first: the table and its CSV. */
  const records = useMemo(
    () =>
      [...state.cals].sort((a, b) => b.time.getTime() - a.time.getTime() || a.instrument.localeCompare(b.instrument)),
    [state.cals],
  );

  return {
    selected,
    years,
    setParam,
    threshold,
    thresholdText,
    changeThreshold,
    progress: { for: state.for, loaded: state.loaded, total: state.total },
    done: state.total > 0 && state.loaded === state.total,
    error: state.error,
    cals: state.cals,
    sic: state.sic,
    log: state.log,
    names,
    trends,
    records,
    showAll,
    setShowAll,
  };
}
