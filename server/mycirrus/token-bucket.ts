/**
 * Per-organisation token bucket in Postgres (UpstreamState.tokens/tokensAt).
 *
 * MyCirrus limits per key, and every portal process (web, workers) calls with
 * the same organisation's key, so the bucket must be shared: an in-memory one
 * per process would let N processes send N times the rate. One atomic
 * statement per call upserts the row, refills it for the time elapsed, and
 * takes a token, returning the new balance. A negative balance is a
 * reservation: the caller owns that future token and waits until it has been
 * refilled, so concurrent callers queue fairly without a retry loop or locks
 * held while waiting.
 */
import { db } from "@/server/db/client";
import { sleep } from "./sleep";

export interface BucketSettings {
  ratePerSecond: number;
  burst: number;
}

/** Takes one token; resolves with the milliseconds the caller must wait (0 when a token was there). */
async function reserveToken(organizationId: string, s: BucketSettings): Promise<number> {
  // date_trunc to milliseconds: tokensAt is timestamptz(3), so refill is computed
  // from exactly the instant we store (never credits time twice by rounding).
  const rows = await db().$queryRaw<Array<{ tokens: number }>>`
    INSERT INTO "UpstreamState" AS s ("organizationId", "tokens", "tokensAt", "consecutiveFailures", "updatedAt")
    VALUES (${organizationId}, ${s.burst}::float8 - 1, date_trunc('milliseconds', now()), 0, date_trunc('milliseconds', now()))
    ON CONFLICT ("organizationId") DO UPDATE SET
      "tokens" = LEAST(
        ${s.burst}::float8,
        s."tokens" + GREATEST(0, EXTRACT(EPOCH FROM (EXCLUDED."tokensAt" - s."tokensAt"))::float8) * ${s.ratePerSecond}::float8
      ) - 1,
      "tokensAt" = EXCLUDED."tokensAt",
      "updatedAt" = EXCLUDED."tokensAt"
    RETURNING "tokens"`;
  const tokens = Number(rows[0]?.tokens ?? 0);
  return tokens >= 0 ? 0 : Math.ceil((-tokens / s.ratePerSecond) * 1000);
}

/** Reserve a token and wait for it. */
export async function takeToken(organizationId: string, s: BucketSettings): Promise<number> {
  const waitMs = await reserveToken(organizationId, s);
  if (waitMs > 0) await sleep(waitMs);
  return waitMs;
}
