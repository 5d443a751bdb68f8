/**
 * The resilient path every MyCirrus call takes, in order:
 *   retries (p-retry) → per-organisation concurrency slot (p-limit)
 *   → circuit breaker (Postgres) → token bucket (Postgres) → one HTTP attempt.
 * Every layer is keyed by organisation, so one tenant's storm, breaker or
 * queue never delays another tenant.
 */
import { limiterFor } from "./concurrency";
import { admit, recordFailure, recordSuccess, type Admission } from "./circuit-breaker";
import { MyCirrusError } from "./errors";
import type { MyCirrusOptions } from "./options";
import { withRetries } from "./retry";
import { takeToken } from "./token-bucket";
import { sendOnce, type HttpRequest, type HttpResult } from "./transport";

export interface GatewayConfig {
  organizationId: string;
  baseUrl: string;
  apiKey: string;
  options: MyCirrusOptions;
}

export type Gateway = (req: HttpRequest) => Promise<HttpResult>;

export function createGateway(config: GatewayConfig): Gateway {
  const { organizationId, baseUrl, apiKey, options: o } = config;
  const logger = o.logger;
  const fields = { organizationId };
  const breaker = { threshold: o.breakerThreshold, openMs: o.breakerOpenMs };
  const breakerOn = o.breakerThreshold > 0;
  const bucketOn = o.ratePerSecond > 0;

  async function attemptOnce(req: HttpRequest, timeoutMs: number): Promise<HttpResult> {
    let admission: Admission = { state: "closed", failures: 0 };
    if (breakerOn) {
      admission = await admit(organizationId, breaker);
      if (admission.state === "open") {
        throw new MyCirrusError({
          kind: "circuit_open",
          endpoint: req.endpoint,
          message: `${req.endpoint}: MyCirrus is failing for this organisation; calls are paused for ${Math.ceil(admission.retryAfterMs / 1000)} s`,
          retryAfterMs: admission.retryAfterMs,
        });
      }
      if (admission.state === "trial")
        logger.info("circuit half-open: trial call", { ...fields, endpoint: req.endpoint });
    }
    if (bucketOn) await takeToken(organizationId, { ratePerSecond: o.ratePerSecond, burst: o.burst });

    try {
      const result = await sendOnce(req, { baseUrl, apiKey, timeoutMs, fetch: o.fetch });
      await onHealthyAnswer(admission, req);
      return result;
    } catch (error) {
      if (error instanceof MyCirrusError) {
        if (error.upstreamFailure) await onUpstreamFailure(admission, error);
        else await onHealthyAnswer(admission, req);
      }
      throw error;
    }
  }

  // Any answer that is not 5xx shows MyCirrus is up (4xx are our problem, not its).
  async function onHealthyAnswer(admission: Admission, req: HttpRequest) {
    if (!breakerOn) return;
    const dirty = admission.state === "trial" || (admission.state === "closed" && admission.failures > 0);
    if (dirty && (await recordSuccess(organizationId)) && admission.state === "trial") {
      logger.info("circuit closed", { ...fields, endpoint: req.endpoint });
    }
  }

  async function onUpstreamFailure(admission: Admission, error: MyCirrusError) {
    if (!breakerOn) return;
    const r = await recordFailure(organizationId, breaker, o.burst);
    if (r.opened && (r.failures === o.breakerThreshold || admission.state === "trial")) {
      logger.warn("circuit opened", {
        ...fields,
        endpoint: error.endpoint,
        failures: r.failures,
        openMs: o.breakerOpenMs,
      });
    }
  }

  return (req) => {
    const limit = limiterFor(organizationId, o.concurrency);
    return withRetries(
      // The attempt's timeout is what is left of the total budget when it actually starts.
      (_n, remainingMs) => limit(() => attemptOnce(req, Math.max(1, Math.floor(Math.min(o.timeoutMs, remainingMs()))))),
      o,
      { logger, fields },
    );
  };
}
