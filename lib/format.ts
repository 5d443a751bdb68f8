/**
 * How the portal writes numbers, levels, percentages, durations and times:
 * British English, and "—" where there is no value. Pure; shared by server
 * pages and the browser. A moment in an organisation's timezone with the
 * zone's abbreviation ("27 Nov 2026, 09:15 GMT") is formatInZone in
 * local-time.ts, next to the rest of the timezone arithmetic.
 */

/** What a missing (or not finite) value shows as. */
export const NO_VALUE = "—";

const isNumber = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

// ---- numbers ----

/** `v` to `digits` decimals, with a unit after a space: "12.3 V", "−3 dBm"; "—" without a value. */
export function formatNumber(v: number | null | undefined, digits = 1, unit = ""): string {
  return isNumber(v) ? `${v.toFixed(digits)}${unit ? ` ${unit}` : ""}` : NO_VALUE;
}

/** A signed level; what rounds to zero shows as ±0 (never "−0.00"). */
export function signed(v: number | null | undefined, digits = 2, unit = "dB"): string {
  if (!isNumber(v)) return NO_VALUE;
  const rounded = Number(v.toFixed(digits));
  return `${rounded > 0 ? "+" : rounded < 0 ? "−" : "±"}${Math.abs(rounded).toFixed(digits)} ${unit}`;
}

/**
 * A percentage: "97.5 %" as given, or rounded to `digits` ("45 %"); `compact`
 * leaves out the space ("45%") for a narrow cell.
 */
export function formatPercent(
  v: number | null | undefined,
  { digits, compact = false }: { digits?: number; compact?: boolean } = {},
): string {
  if (!isNumber(v)) return NO_VALUE;
  return `${digits === undefined ? String(v) : v.toFixed(digits)}${compact ? "" : " "}%`;
}

const counts = new Intl.NumberFormat("en-GB");

/** A count with thousands separators: "12,345". */
export function formatCount(n: number): string {
  return counts.format(n);
}

// ---- durations ----

/** How long something lasted: "40 s", "5 min", "1.5 h". */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** "40 s ago", "5 min ago", "3 h ago", "2 d ago"; "never" without a time. */
export function ago(then: Date | null | undefined, now: Date): string {
  if (!then) return "never";
  const s = Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

/**
 * When a drift trend reaches the threshold, in words. Beyond a few years a
 * straight-line projection means nothing (an instrument is recalibrated and
 * serviced long before), so it says so instead of printing "in 92195 d".
 */
export function thresholdHorizon(days: number): string {
  if (days < 365) return `in ${Math.ceil(days)} d`;
  if (days < 5 * 365) return `in about ${(days / 365).toFixed(1)} years`;
  return "not within 5 years";
}

// ---- calendar times ----
// Without a timeZone these read the runtime's own: the server's when a page
// renders there, the browser's in a client component.

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Building a formatter costs far more than using one, so each set of options is built once. */
function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify(options);
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", options);
    dateFormats.set(key, format);
  }
  return format;
}

/** "12 Jun 2025". */
export function formatDate(at: Date, timeZone?: string): string {
  return dateFormat({ dateStyle: "medium", timeZone }).format(at);
}

/** "12 Jun 2025, 14:05", or with seconds "12 Jun 2025, 14:05:09". */
export function formatDateTime(
  at: Date,
  { timeZone, seconds = false }: { timeZone?: string; seconds?: boolean } = {},
): string {
  return dateFormat({ dateStyle: "medium", timeStyle: seconds ? "medium" : "short", timeZone }).format(at);
}

/** The time of day with seconds: "14:05:09". */
export function formatTime(at: Date, timeZone?: string): string {
  return dateFormat({ timeStyle: "medium", timeZone }).format(at);
}

/** An hour of the day: 8 → "08:00". */
export function formatHour(hour: number): string {
  return `${String(hour).padStart(2, "0")}:00`;
}

const DAY_MS = 86_400_000;

/**
 * Labels for a time axis (epoch ms) spanning `spanMs`: "14:05" up to two days,
 * "12 Jun" up to 120 days, "Jun 25" beyond.
 */
export function axisTimeFormatter(spanMs: number, timeZone?: string): (ms: number | string) => string {
  const format =
    spanMs <= 2 * DAY_MS
      ? dateFormat({ hour: "2-digit", minute: "2-digit", timeZone })
      : spanMs <= 120 * DAY_MS
        ? dateFormat({ day: "numeric", month: "short", timeZone })
        : dateFormat({ month: "short", year: "2-digit", timeZone });
  return (ms) => format.format(new Date(Number(ms)));
}
