/** Alert constants, shapes and input schemas shared by the server and the alert pages. */
import { z } from "zod";
import { ALERT_STATES, SEVERITIES } from "./domain";

/** Longest comment on an alert, in characters (after trimming). */
export const COMMENT_MAX_LENGTH = 2000;

/** The alert inbox's filter: the alerts router's input, parsed again by the service for its defaults. */
export const alertFilterSchema = z.object({
  states: z.array(z.enum(ALERT_STATES)).max(3).optional(),
  severities: z.array(z.enum(SEVERITIES)).max(2).optional(),
  instrumentId: z.string().max(40).optional(),
  ruleId: z.string().max(40).optional(),
  /** A site id, or "none" for alerts raised while the instrument was not deployed. */
  siteId: z.string().max(40).optional(),
  cursor: z.string().max(40).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type AlertFilter = z.input<typeof alertFilterSchema>;

/** A change to one alert rule; the kind's own parameters are checked by the alerts service. */
export const ruleUpdateSchema = z.object({
  ruleId: z.string().min(1).max(40),
  name: z.string().trim().min(1).max(80).optional(),
  enabled: z.boolean().optional(),
  severity: z.enum(SEVERITIES).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});
export type RuleUpdate = z.infer<typeof ruleUpdateSchema>;

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
