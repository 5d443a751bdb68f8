/** Alert email preferences: the shape, the input schema and the defaults by role. */
import { z } from "zod";
import { parseHhMm, timeZoneSchema } from "./local-time";
import { SEVERITIES } from "./domain";
import type { Role } from "./permissions";

export const DELIVERY_MODES = ["immediate", "hourly", "daily"] as const;

export interface SubscriptionPrefs {
  enabled: boolean;
  ruleIds: string[];
  severities: string[];
  instrumentIds: string[];
  /** Empty = every site (and instruments not deployed). */
  siteIds: string[];
  mode: (typeof DELIVERY_MODES)[number];
  digestHour: number;
  quietStart: string | null;
  quietEnd: string | null;
  criticalOverridesQuiet: boolean;
  timezone: string;
  includeResolutions: boolean;
}

/** Admins hear about critical alerts at once; everyone else gets a morning digest. */
export function defaultSubscription(role: Role, timezone: string): SubscriptionPrefs {
  const admin = role === "owner" || role === "admin";
  return {
    enabled: true,
    ruleIds: [],
    severities: admin ? ["critical"] : ["warning", "critical"],
    instrumentIds: [],
    siteIds: [],
    mode: admin ? "immediate" : "daily",
    digestHour: 8,
    quietStart: null,
    quietEnd: null,
    criticalOverridesQuiet: true,
    timezone,
    includeResolutions: admin,
  };
}

const hhmm = z
  .string()
  .refine((v) => parseHhMm(v) !== null, "Use a 24-hour time such as 22:00")
  .nullable();

export const subscriptionInput = z
  .object({
    enabled: z.boolean(),
    ruleIds: z.array(z.string().min(1).max(64)).max(100),
    severities: z.array(z.enum(SEVERITIES)).min(1, "Choose at least one severity"),
    instrumentIds: z.array(z.string().min(1).max(64)).max(5000),
    siteIds: z.array(z.string().min(1).max(64)).max(500).default([]),
    mode: z.enum(DELIVERY_MODES),
    digestHour: z.number().int().min(0).max(23),
    quietStart: hhmm,
    quietEnd: hhmm,
    criticalOverridesQuiet: z.boolean(),
    timezone: timeZoneSchema,
    includeResolutions: z.boolean(),
  })
  .refine((s) => (s.quietStart === null) === (s.quietEnd === null), {
    message: "Set both the start and the end of quiet hours, or neither",
    path: ["quietEnd"],
  })
  .refine((s) => s.quietStart === null || s.quietStart !== s.quietEnd, {
    message: "Quiet hours need different start and end times",
    path: ["quietEnd"],
  });
