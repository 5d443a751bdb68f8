/**
 * Long date ranges. MyCirrus refuses ranges over a per-endpoint maximum (and
 * has no pagination), so the client cuts a long request into allowed windows,
 * fetches them one after another, and merges the rows in time order. Windows
 * share their edges because the API's ranges are inclusive: a record stamped
 * exactly on an edge comes back twice and is dropped by the merge's identity key.
 */
const DAY = 24 * 60 * 60 * 1000;

/** Maximum range per request, per endpoint (docs' summary table; simulator README for SIC/audio). */
export const RANGE_LIMITS_MS = {
  noiseMeasurements: 31 * DAY,
  noiseTimeHistory: 7 * DAY,
  frequencyMeasurements: 31 * DAY,
  frequencyTimeHistory: 1 * DAY,
  audio: 31 * DAY, // not documented; the simulator's choice, and the data endpoints' common limit
  enviro: 31 * DAY,
  events: 31 * DAY,
  // "1 year": 365 days, the shorter reading, so the real API can never call a window too long.
  calibrations: 365 * DAY,
  calibrationLog: 365 * DAY,
  sic: 365 * DAY, // not documented; the simulator's choice, as calibrations
  monitorStats: 31 * DAY,
  monitorEvents: 31 * DAY,
} as const;

export type RangeEndpoint = keyof typeof RANGE_LIMITS_MS;

export interface Window {
  start: Date;
  end: Date;
}

/**
 * Cuts [start, end] into consecutive windows no longer than maxSpanMs, sharing
 * edges (window n ends where n+1 starts). start === end gives one empty window.
 */
export function splitRange(start: Date, end: Date, maxSpanMs: number): Window[] {
  const a = start.getTime();
  const b = end.getTime();
  if (Number.isNaN(a) || Number.isNaN(b)) throw new RangeError("splitRange: invalid date");
  if (a > b) throw new RangeError("splitRange: start is after end");
  if (!(maxSpanMs > 0)) throw new RangeError("splitRange: maxSpanMs must be > 0");
  const out: Window[] = [];
  let from = a;
  do {
    const to = Math.min(b, from + maxSpanMs);
    out.push({ start: new Date(from), end: new Date(to) });
    from = to;
  } while (from < b);
  return out;
}

/**
 * Concatenates window results, drops repeats (same identity key, first one
 * kept) and sorts by time, then by instrument, keeping the API's order for ties.
 */
export function mergeByTime<T>(
  chunks: T[][],
  key: (row: T) => string,
  time: (row: T) => number,
  instrument: (row: T) => string = () => "",
): T[] {
  const seen = new Set<string>();
  const rows: Array<{ row: T; i: number }> = [];
  for (const chunk of chunks) {
    for (const row of chunk) {
      const k = key(row);
      if (seen.has(k)) continue;
      seen.add(k);
      rows.push({ row, i: rows.length });
    }
  }
  rows.sort((x, y) => time(x.row) - time(y.row) || instrument(x.row).localeCompare(instrument(y.row)) || x.i - y.i);
  return rows.map((r) => r.row);
}

/**
 * Time histories come as series (instrument × value) of blocks; windows give
 * the same series several times. Series are joined by `seriesKey`, their
 * blocks concatenated in time order without repeats (same start and end).
 */
export function mergeSeries<B extends { start: Date | null; end: Date }, S extends { blocks: B[] }>(
  chunks: S[][],
  seriesKey: (s: S) => string,
): S[] {
  const bySeries = new Map<string, S>();
  for (const chunk of chunks) {
    for (const s of chunk) {
      const k = seriesKey(s);
      const existing = bySeries.get(k);
      if (existing) existing.blocks.push(...s.blocks);
      else bySeries.set(k, { ...s, blocks: [...s.blocks] });
    }
  }
  for (const s of bySeries.values()) {
    const seen = new Set<string>();
    s.blocks = s.blocks
      .filter((b) => {
        const k = `${b.start?.getTime() ?? ""}/${b.end.getTime()}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      })
      .sort((x, y) => (x.start ?? x.end).getTime() - (y.start ?? y.end).getTime());
  }
  return [...bySeries.values()];
}
