/**
 * Retries with p-retry: exponential backoff with jitter, bounded attempts and
 * bounded total time, and only for failures that may pass (429, 5xx, timeout,
 * network). 400/401/403/404 and invalid responses fail at once: repeating them
 * cannot help and would only spend the organisation's rate budget.
 *
 * p-retry computes its own delay from fixed options and cannot honour a
 * per-response Retry-After, so we give it minTimeout 0 and do the waiting in
 * `shouldRetry` (which p-retry awaits, after it has checked the attempt and
 * time budgets): the wait is max(backoff with jitter, Retry-After), and if that
 * would overrun the total budget we stop rather than retry early.
 */
import pRetry from "p-retry";
import { MyCirrusError } from "./errors";
import type { LogFields, MyCirrusLogger } from "./logger";
import { sleep } from "./sleep";

export interface RetrySettings {
  maxAttempts: number;
  maxRetryTimeMs: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
}

/** Backoff before attempt `attempt + 1`: base·2^(attempt-1), capped, with "equal jitter" (50–100 %). */
function backoffDelay(
  attempt: number,
  s: Pick<RetrySettings, "retryBaseDelayMs" | "retryMaxDelayMs">,
  random = Math.random,
): number {
  const exp = Math.min(s.retryMaxDelayMs, s.retryBaseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}

/** Runs `attempt(n, remainingMs)` (a clock of the budget left) until it succeeds, fails for good, or the budgets run out. */
export async function withRetries<T>(
  attempt: (attemptNumber: number, remainingMs: () => number) => Promise<T>,
  s: RetrySettings,
  log: { logger: MyCirrusLogger; fields: LogFields },
): Promise<T> {
  const started = performance.now();
  const remaining = () => s.maxRetryTimeMs - (performance.now() - started);
  return pRetry((n) => attempt(n, remaining), {
    retries: Math.max(0, s.maxAttempts - 1),
    minTimeout: 0,
    maxTimeout: 0,
    maxRetryTime: s.maxRetryTimeMs,
    onFailedAttempt: ({ error, attemptNumber }) => {
      if (error instanceof MyCirrusError) error.attempts = attemptNumber;
    },
    shouldRetry: async ({ error, attemptNumber }) => {
      if (!(error instanceof MyCirrusError) || !error.retryable) return false;
      const delayMs = Math.max(backoffDelay(attemptNumber, s), error.retryAfterMs ?? 0);
      const fields = {
        ...log.fields,
        endpoint: error.endpoint,
        kind: error.kind,
        status: error.status,
        attempt: attemptNumber,
        delayMs,
      };
      if (delayMs >= remaining()) {
        log.logger.warn("giving up: the next attempt would exceed the time budget", fields);
        return false;
      }
      log.logger.warn("retrying", fields);
      await sleep(delayMs);
      return true;
    },
  });
}
