/** Alert constants and formatting shared by the server and the alert pages. */

/** Longest comment on an alert, in characters (after trimming). */
export const COMMENT_MAX_LENGTH = 2000;

/** "12 Jun 2025, 14:05 BST": a time in the organisation's timezone, with its abbreviation. */
export function orgTimeFormatter(timeZone: string): (at: Date) => string {
  const f = new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "medium", timeStyle: "short" });
  const zone = new Intl.DateTimeFormat("en-GB", { timeZone, timeZoneName: "short" });
  return (at) => `${f.format(at)} ${zone.formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? ""}`.trim();
}
