/**
 * Local wall-clock arithmetic in an IANA timezone, without a date library:
 * quiet hours (which may cross midnight), digest hours, and when quiet ends.
 * Also the one check of a timezone name that organisations and alert emails use.
 */
import { z } from "zod";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hourCycle: "h23",
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalClock {
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  hour: number;
  minute: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

export function localClock(at: Date, timeZone: string): LocalClock {
  const parts = formatter(timeZone).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "0";
  const hour = Number(get("hour")) % 24;
  const minute = Number(get("minute"));
  return { weekday: WEEKDAYS.indexOf(get("weekday")), hour, minute, minutes: hour * 60 + minute };
}

/** "HH:MM" → minutes since midnight, or null when malformed. */
export function parseHhMm(value: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/**
 * Whether the runtime can keep time in `timeZone`: any IANA name it knows, links
 * included. Runtimes do not list every zone under the same name (older ICU says
 * Asia/Calcutta where this Node says Asia/Kolkata), so a name the browser offers
 * is checked by whether the server can use it, not by whether the server's own
 * list spells it the same way.
 */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone });
    return true;
  } catch {
    return false;
  }
}

const INVALID_ZONE = "Choose a valid timezone";

/** A timezone as forms send it: an organisation's, or a person's for their alert emails. */
export const timeZoneSchema = z
  .string()
  .min(1, INVALID_ZONE)
  .max(64, INVALID_ZONE)
  .refine(isValidTimeZone, INVALID_ZONE);

let choices: readonly string[] | undefined;

/** The zones a form offers: UTC (which Intl's list leaves out), then every zone this runtime lists. */
export function timeZoneChoices(): readonly string[] {
  choices ??= [...new Set(["UTC", ...Intl.supportedValuesOf("timeZone")])];
  return choices;
}

/** Whether `minutes` falls in [start, end), where the window may cross midnight (22:00–07:00). */
export function inWindow(minutes: number, start: number, end: number): boolean {
  if (start === end) return false;
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

export interface QuietHours {
  quietStart: string | null;
  quietEnd: string | null;
  timezone: string;
}

export function isQuiet(at: Date, q: QuietHours): boolean {
  if (!q.quietStart || !q.quietEnd) return false;
  const start = parseHhMm(q.quietStart);
  const end = parseHhMm(q.quietEnd);
  if (start === null || end === null) return false;
  return inWindow(localClock(at, q.timezone).minutes, start, end);
}

/** The first minute at or after `at` that is outside quiet hours (`at` itself when not quiet). */
export function quietEndsAt(at: Date, q: QuietHours): Date {
  if (!isQuiet(at, q)) return at;
  const step = 60_000;
  let t = new Date(Math.ceil(at.getTime() / step) * step);
  // DST shifts are handled because each minute is re-read locally. Quiet hours last under a day, but the
  // spring change can skip the one loud minute of a day (01:01–01:00 quiet: 01:00 does not exist that Sunday),
  // so the search may need most of two days: three is a safe bound.
  for (let i = 0; i < 3 * 24 * 60 && isQuiet(t, q); i++) t = new Date(t.getTime() + step);
  return t;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** A moment as people read it in a timezone: "27 Nov 2026, 09:15 GMT". */
export function formatInZone(at: Date, timeZone: string): string {
  // Building a formatter costs far more than using one; a fan-out formats one per email.
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone,
      timeZoneName: "short",
    });
    zoneFormats.set(timeZone, format);
  }
  return format.format(at);
}
