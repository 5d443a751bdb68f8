// Time formatting and parsing (ISO 8601 date-times and durations).

const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** UTC ISO string with `Z`; milliseconds only when non-zero (as in the docs' examples). */
export function iso(ms: number): string {
  const s = new Date(ms).toISOString();
  return ms % 1000 === 0 ? s.slice(0, 19) + "Z" : s;
}

/** UTC ISO string with milliseconds always present. */
export function isoMs(ms: number): string {
  return new Date(ms).toISOString();
}

/** UTC timestamp without zone and without fractions (the audio list's startTime/endTime quirk). */
export function isoNoZ(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** UTC timestamp with 7 fractional digits, as in the docs' /data/sic example. */
export function iso7(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23) + "0000Z";
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|z|[+-]00:?00)?$/;

/** Parse an ISO 8601 UTC date-time. Returns null when malformed or not a real calendar date. */
export function parseDateTime(text: string): number | null {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = ""] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, Number((frac + "000").slice(0, 3)));
  const check = new Date(ms);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  return ms;
}

const DURATION =
  /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** Parse an ISO 8601 duration such as P1D, PT1H, PT5M, PT0.1S into milliseconds. */
export function parseDuration(text: string): number | null {
  const t = text.trim();
  const m = DURATION.exec(t);
  if (!m || t.toUpperCase() === "P" || /T$/i.test(t)) return null;
  const [, w, d, h, mi, s] = m;
  if (w === undefined && d === undefined && h === undefined && mi === undefined && s === undefined) return null;
  const ms =
    Number(w ?? 0) * 7 * DAY +
    Number(d ?? 0) * DAY +
    Number(h ?? 0) * HOUR +
    Number(mi ?? 0) * MINUTE +
    Number(s ?? 0) * SECOND;
  const rounded = Math.round(ms);
  return rounded > 0 ? rounded : null;
}

/** Human text for a duration in ms ("31 days", "1 minute"). */
export function describeMs(ms: number): string {
  const units: Array<[number, string]> = [
    [DAY, "day"],
    [HOUR, "hour"],
    [MINUTE, "minute"],
    [SECOND, "second"],
  ];
  for (const [size, name] of units) {
    if (ms % size === 0) {
      const n = ms / size;
      return `${n} ${name}${n === 1 ? "" : "s"}`;
    }
  }
  return `${ms} ms`;
}
