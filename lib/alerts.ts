/** Alert constants and shapes shared by the server and the alert pages. */

/** Longest comment on an alert, in characters (after trimming). */
export const COMMENT_MAX_LENGTH = 2000;

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
