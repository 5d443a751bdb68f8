/**
 * Small pure helpers the sites pages share: a moment as a `datetime-local`
 * value in a site's timezone and back, how long a remaining period lasts,
 * a site's calendar dates, and a schedule row's averaging time in words.
 */
import { localToInstant } from "@/lib/limit-schedule";

const inputFormats = new Map<string, Intl.DateTimeFormat>();

/** A moment as a `datetime-local` input shows it in `timeZone`: "2026-03-31T14:05". */
export function toZonedInputValue(at: Date, timeZone: string): string {
  let format = inputFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    inputFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${get("year")}-${get("month")}-${get("day")}T${String(Number(get("hour")) % 24).padStart(2, "0")}:${get("minute")}`;
}

/**
 * The moment a `datetime-local` value names in `timeZone`, or null when it is
 * not one. A time the clocks skipped moves to the next existing minute; one
 * they repeated takes its first occurrence.
 */
export function fromZonedInputValue(value: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const at = localToInstant(year, month, day, hour * 60 + minute, timeZone);
  return Number.isFinite(at.getTime()) ? at : null;
}

/** How long is left, to the minute: "3 h 10 min", "45 min", "2 h", "under a minute". */
export function formatSpan(seconds: number): string {
  const minutes = Math.round(Math.max(0, seconds) / 60);
  if (minutes < 1) return "under a minute";
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} h` : "", m ? `${m} min` : ""].filter(Boolean).join(" ");
}

const dayFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

/** A calendar date as the site forms store it ("2026-03-31") in words: "31 Mar 2026". */
export function formatIsoDate(value: string): string {
  const at = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(at.getTime()) ? value : dayFormat.format(at);
}

/** A site's start and end dates: "31 Mar 2026 – 30 Sep 2026", "from 31 Mar 2026", "until …", or null. */
export function formatDateSpan(start: string | null, end: string | null): string | null {
  if (start && end) return `${formatIsoDate(start)} – ${formatIsoDate(end)}`;
  if (start) return `from ${formatIsoDate(start)}`;
  if (end) return `until ${formatIsoDate(end)}`;
  return null;
}

/** A row's averaging time T: "5 min", "1 h", "whole period". */
export function formatAveraging(minutes: number | null): string {
  if (minutes === null) return "whole period";
  return minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
}
