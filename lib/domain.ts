/**
 * The domain's words, defined once and shared by the server, the database
 * (each list is a Prisma enum of the same values; server/db/enums.ts fails to
 * compile when they differ) and the UI.
 */

export const ALERT_STATES = ["open", "acknowledged", "resolved"] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const SEVERITIES = ["warning", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Which path saw the condition first: a MyCirrus webhook, the poller, or a person. */
export const ALERT_SOURCES = ["webhook", "poll", "manual"] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];

/** Alert rule kinds, in the order settings lists them. */
export const RULE_KINDS = [
  "offline",
  "measuring_stopped",
  "calibration",
  "sic_failed",
  "noise_exceedance",
  "low_voltage",
  "disk_full",
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** What a limit schedule row limits (BS 7445 / BS 5228 names as MyCirrus spells them). */
export const NOISE_METRICS = ["LAeq", "LAFMax", "LAF90", "LCPeak"] as const;
export type NoiseMetric = (typeof NOISE_METRICS)[number];

/** Where a measurement position's microphone stands: 1 m from a façade (reflection included) or free field. */
export const POSITION_TYPES = ["facade", "free_field"] as const;
export type PositionType = (typeof POSITION_TYPES)[number];
