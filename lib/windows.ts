/**
 * Long ranges fetched from the browser one window at a time (calibration
 * history: one year per request, newest first, so the recent past shows first).
 * Windows share their edges, as MyCirrus ranges are inclusive; `dedupeBy` drops
 * the record that lands on an edge twice.
 */
export const DAY_MS = 86_400_000;
/** One window of calibration history: the API's "1 year", read as 365 days. */
export const YEAR_WINDOW_MS = 365 * DAY_MS;

export interface RangeWindow {
  start: Date;
  end: Date;
}

export function windowsNewestFirst(start: Date, end: Date, spanMs: number): RangeWindow[] {
  const a = start.getTime();
  const b = end.getTime();
  if (!(spanMs > 0) || Number.isNaN(a) || Number.isNaN(b) || a >= b) return [];
  const out: RangeWindow[] = [];
  let to = b;
  while (to > a) {
    const from = Math.max(a, to - spanMs);
    out.push({ start: new Date(from), end: new Date(to) });
    to = from;
  }
  return out;
}

export function dedupeBy<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = key(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
