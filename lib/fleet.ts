/**
 * What "needs attention" means on the fleet board, shared by the service that
 * filters and counts and by the components that colour a row. Pure.
 */
import { z } from "zod";

/** Below this input voltage an instrument counts as low on power (a 12 V system). */
export const LOW_VOLTAGE_V = 11;
/** A calibration older than this is due. */
export const CALIBRATION_DUE_DAYS = 30;
/** |offset| at or above this needs a look (the tolerance most sites work to is ±0.5 dB). */
export const OFFSET_WARNING_DB = 0.4;

export const FLEET_FILTERS = ["all", "offline", "needs-calibration", "sic-failed", "low-voltage"] as const;
export type FleetFilter = (typeof FLEET_FILTERS)[number];
export const FLEET_FILTER_LABEL: Record<FleetFilter, string> = {
  all: "All",
  offline: "Offline",
  "needs-calibration": "Needs calibration",
  "sic-failed": "SIC failed",
  "low-voltage": "Low voltage",
};

export const FLEET_SORTS = ["name", "serial", "status", "last-data", "calibration", "voltage", "alerts"] as const;
export type FleetSort = (typeof FLEET_SORTS)[number];
export const FLEET_SORT_LABEL: Record<FleetSort, string> = {
  name: "Name",
  serial: "Serial",
  status: "Problems first",
  "last-data": "Last data",
  calibration: "Last calibration",
  voltage: "Voltage",
  alerts: "Open alerts",
};

export const fleetQuerySchema = z.object({
  filter: z.enum(FLEET_FILTERS).default("all"),
  search: z.string().trim().max(64).default(""),
  sort: z.enum(FLEET_SORTS).default("status"),
  dir: z.enum(["asc", "desc"]).default("asc"),
  /** "all", "none" (not deployed) or a site id. */
  site: z.string().max(40).default("all"),
});
export type FleetQuery = z.infer<typeof fleetQuerySchema>;

/** Parses page search params leniently: anything unknown falls back to the default. */
export function parseFleetQuery(params: Record<string, string | string[] | undefined>): FleetQuery {
  const one = (k: string) => (Array.isArray(params[k]) ? params[k][0] : params[k]);
  const pick = <T extends readonly string[]>(values: T, v: string | undefined, fallback: T[number]): T[number] =>
    v && (values as readonly string[]).includes(v) ? (v as T[number]) : fallback;
  return {
    filter: pick(FLEET_FILTERS, one("filter"), "all"),
    search: (one("q") ?? "").trim().slice(0, 64),
    sort: pick(FLEET_SORTS, one("sort"), "status"),
    dir: one("dir") === "desc" ? "desc" : "asc",
    site: (one("site") ?? "all").slice(0, 40) || "all",
  };
}

export interface HealthInput {
  type: string;
  online: boolean | null;
  lastCalibrationAt: Date | null;
  lastCalibrationStatus: string | null;
  lastCalibrationOffset: number | null;
  lastSicStatus: string | null;
  voltage: number | null;
}

const isNoise = (i: { type: string }) => i.type === "Noise";

export const isOffline = (i: HealthInput) => i.online === false;
export const isSicFailed = (i: HealthInput) => i.lastSicStatus !== null && i.lastSicStatus !== "Success";
export const isLowVoltage = (i: HealthInput) => i.voltage !== null && i.voltage < LOW_VOLTAGE_V;
/** Noise instruments only: never calibrated, last one not a success, too old, or offset near the tolerance. */
export function needsCalibration(i: HealthInput, now: Date): boolean {
  if (!isNoise(i)) return false;
  if (!i.lastCalibrationAt) return true;
  if (i.lastCalibrationStatus !== null && i.lastCalibrationStatus !== "Success") return true;
  if (now.getTime() - i.lastCalibrationAt.getTime() > CALIBRATION_DUE_DAYS * 86_400_000) return true;
  return i.lastCalibrationOffset !== null && Math.abs(i.lastCalibrationOffset) >= OFFSET_WARNING_DB;
}

export function matchesFilter(filter: FleetFilter, i: HealthInput, now: Date): boolean {
  switch (filter) {
    case "all":
      return true;
    case "offline":
      return isOffline(i);
    case "needs-calibration":
      return needsCalibration(i, now);
    case "sic-failed":
      return isSicFailed(i);
    case "low-voltage":
      return isLowVoltage(i);
  }
}

/** What an instrument is doing by its latest status: offline wins; online counts as measuring unless it said it is not. */
export type InstrumentState = "no-status" | "offline" | "not-measuring" | "measuring";

export function instrumentState(i: { online: boolean | null; measuring: boolean | null }): InstrumentState {
  if (i.online === null) return "no-status";
  if (!i.online) return "offline";
  return i.measuring === false ? "not-measuring" : "measuring";
}

const STATE_LABEL: Record<InstrumentState, { short: string; long: string }> = {
  "no-status": { short: "No status yet", long: "No status yet" },
  offline: { short: "Offline", long: "Offline" },
  "not-measuring": { short: "Not measuring", long: "Online, not measuring" },
  measuring: { short: "Measuring", long: "Online, measuring" },
};

/**
 * The words for an instrument's state: "No status yet", "Offline", "Not measuring", "Measuring".
 * The long form says "Online, not measuring" and "Online, measuring", for where the state stands alone.
 */
export function instrumentStateLabel(
  i: { online: boolean | null; measuring: boolean | null },
  form: "short" | "long" = "short",
): string {
  return STATE_LABEL[instrumentState(i)][form];
}

/** LTE RSRP in dBm to words (3GPP rough bands). */
export function lteQuality(rsrp: number | null): { label: string; bars: number } {
  if (rsrp === null) return { label: "No LTE", bars: 0 };
  if (rsrp >= -90) return { label: "Excellent", bars: 4 };
  if (rsrp >= -105) return { label: "Good", bars: 3 };
  if (rsrp >= -115) return { label: "Fair", bars: 2 };
  return { label: "Weak", bars: 1 };
}

/** One instrument and its latest snapshot as the board shows it. */
export interface FleetRow {
  id: string;
  serial: string;
  name: string;
  type: string;
  model: string | null;
  latitude: number | null;
  longitude: number | null;
  features: string[];
  subscriptionStatus: string | null;
  online: boolean | null;
  measuring: boolean | null;
  calibrationInProgress: boolean | null;
  sicInProgress: boolean | null;
  statusAt: Date | null;
  onlineChangedAt: Date | null;
  /** False when onlineChangedAt is only when a poll noticed the change (it happened then or earlier). */
  onlineChangedAtExact: boolean;
  lastCalibrationAt: Date | null;
  lastCalibrationStatus: string | null;
  lastCalibrationLevel: number | null;
  lastCalibrationOffset: number | null;
  lastSicAt: Date | null;
  lastSicStatus: string | null;
  lastSic500Hz: number | null;
  lastSic1kHz: number | null;
  lastSic8kHz: number | null;
  voltage: number | null;
  diskPercent: number | null;
  cpuPercent: number | null;
  temperature: number | null;
  healthAt: Date | null;
  lteRsrp: number | null;
  lteSignal: number | null;
  lteAt: Date | null;
  lastDataAt: Date | null;
  /** When any part of the snapshot was last written. */
  snapshotAt: Date | null;
  openAlerts: number;
  /** Where it is deployed now; null when not deployed. */
  site: { id: string; name: string; code: string; positionName: string } | null;
}

export interface FleetCounts {
  total: number;
  online: number;
  offline: number;
  measuring: number;
  needsCalibration: number;
  sicFailed: number;
  lowVoltage: number;
  inProgress: number;
  openAlerts: number;
}
