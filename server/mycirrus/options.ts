/**
 * Every knob of the gateway in one place, with production defaults. Tests pass
 * small values (short timeouts, fast backoff, tiny buckets) through the same
 * options object, so no behaviour is test-only.
 */
import type { MyCirrusLogger } from "./logger";

export interface MyCirrusOptions {
  /** Per-attempt timeout covering connect, headers and body. */
  timeoutMs: number;
  /** Attempts per call, the first included (1 = never retry). */
  maxAttempts: number;
  /** Upper bound on the whole call including waits between attempts. */
  maxRetryTimeMs: number;
  /** First backoff step; doubles per attempt, with jitter, capped at retryMaxDelayMs. */
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** Requests in flight per organisation in this process. */
  concurrency: number;
  /** Token bucket per organisation, shared by every process (Postgres). 0 disables it. */
  ratePerSecond: number;
  burst: number;
  /** Consecutive 5xx/timeout/network failures that open the breaker. 0 disables it. */
  breakerThreshold: number;
  /** How long the breaker stays open before one trial call is let through. */
  breakerOpenMs: number;
  /** The fetch to use (instrumentation in tests; the global fetch otherwise). */
  fetch: typeof fetch;
  logger: MyCirrusLogger;
}

export const DEFAULT_OPTIONS = {
  timeoutMs: 10_000,
  maxAttempts: 4,
  maxRetryTimeMs: 30_000,
  retryBaseDelayMs: 500,
  retryMaxDelayMs: 8_000,
  concurrency: 4,
  // Under the documented simulator default of 10/s, burst 20, so we throttle
  // ourselves before MyCirrus has to.
  ratePerSecond: 8,
  burst: 16,
  breakerThreshold: 5,
  breakerOpenMs: 30_000,
} as const;

export function resolveOptions(
  partial: Partial<MyCirrusOptions> | undefined,
  defaults: { logger: MyCirrusLogger },
): MyCirrusOptions {
  const o: MyCirrusOptions = {
    ...DEFAULT_OPTIONS,
    fetch: (...args: Parameters<typeof fetch>) => fetch(...args),
    logger: defaults.logger,
    ...stripUndefined(partial ?? {}),
  };
  const positive = ["timeoutMs", "maxAttempts", "maxRetryTimeMs", "concurrency"] as const;
  for (const k of positive) {
    if (!(o[k] > 0)) throw new Error(`MyCirrus option ${k} must be > 0`);
  }
  const nonNegative = [
    "retryBaseDelayMs",
    "retryMaxDelayMs",
    "ratePerSecond",
    "burst",
    "breakerThreshold",
    "breakerOpenMs",
  ] as const;
  for (const k of nonNegative) {
    if (!(o[k] >= 0) || !Number.isFinite(o[k])) throw new Error(`MyCirrus option ${k} must be a finite number >= 0`);
  }
  if (o.ratePerSecond > 0 && o.burst < 1) throw new Error("MyCirrus option burst must be >= 1 when rate limiting");
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
