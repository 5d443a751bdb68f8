/**
 * The MyCirrus gateway: the only way the portal talks to MyCirrus. Everything
 * else in the codebase imports from here (and never calls fetch on MyCirrus).
 */
export { createMyCirrusClient, formatDate } from "./client";
export type {
  CallOptions,
  FrequencyQuery,
  MyCirrusClient,
  MyCirrusClientConfig,
  NoiseQuery,
  PeriodQuery,
  Progress,
  RangeQuery,
  VibrationType,
} from "./client";
export { probeCapabilities } from "./capabilities";
export type { Capabilities, Capability } from "./capabilities";
export { ENDPOINTS } from "./endpoints";
export { isMyCirrusError, MyCirrusError } from "./errors";
export type { MyCirrusErrorKind } from "./errors";
export { consoleLogger, silentLogger } from "./logger";
export type { LogFields, MyCirrusLogger } from "./logger";
export { DEFAULT_OPTIONS } from "./options";
export type { MyCirrusOptions } from "./options";
export { RANGE_LIMITS_MS, splitRange } from "./ranges";
export type { RangeEndpoint, Window } from "./ranges";
export { parseTimestamp, canonicalValueName, NOISE_VALUE_NAMES } from "./normalize";
export { parseRetryAfter } from "./transport";
export * as schemas from "./schemas";
export type * from "./types";
