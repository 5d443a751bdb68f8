/** Alert constants and formatting shared by the server and the alert pages. */

/** Longest comment on an alert, in characters (after trimming). */
export const COMMENT_MAX_LENGTH = 2000;

/** "12 Jun 2025, 14:05 BST": a time in the organisation's timezone, with its abbreviation. */
export function orgTimeFormatter(timeZone: string): (at: Date) => string {
  const f = new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "medium", timeStyle: "short" });
  const zone = new Intl.DateTimeFormat("en-GB", { timeZone, timeZoneName: "short" });
  return (at) => `${f.format(at)} ${zone.formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? ""}`.trim();
}

/** What settings shows about an organisation's webhook registrations and how many events arrived by webhook. */
export interface WebhookHealth {
  enabled: boolean;
  reason: string | null;
  url: string | null;
  expected: number;
  active: number;
  failing: number;
  missing: number;
  lastDeliveryAt: Date | null;
  problems: { instrumentSerial: string; type: string; status: string; lastError: string | null }[];
  completeness: { window: "24h" | "7d"; total: number; viaWebhook: number; percent: number | null }[];
}
