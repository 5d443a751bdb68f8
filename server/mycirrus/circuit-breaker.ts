/**
 * Per-organisation circuit breaker in Postgres (UpstreamState.consecutiveFailures/openUntil),
 * shared by every process for the same reason as the token bucket.
 *
 * - closed: openUntil is null; each 5xx/timeout/network failure increments
 *   consecutiveFailures, any other answer resets it.
 * - open: openUntil is in the future; calls fail at once with circuit_open and
 *   never reach MyCirrus.
 * - half-open: openUntil has passed; the first caller atomically claims the
 *   trial by pushing openUntil one open period ahead (so everyone else keeps
 *   failing fast while the trial runs). A successful trial closes the breaker;
 *   a failed one leaves it open for another period. If the trial's process dies,
 *   the claim simply expires and another trial follows.
 */
import { db } from "@/server/db/client";

export interface BreakerSettings {
  threshold: number;
  openMs: number;
}

export type Admission =
  { state: "closed"; failures: number } | { state: "trial" } | { state: "open"; retryAfterMs: number };

export async function admit(organizationId: string, s: BreakerSettings): Promise<Admission> {
  // The CTE's UPDATE claims the trial; the outer SELECT reads the row as it was
  // before this statement (data-modifying CTEs are invisible to the main query).
  // Two concurrent claimers serialise on the row lock and the second re-checks
  // "openUntil <= now()" against the new value, so only one trial is admitted.
  const rows = await db().$queryRaw<
    Array<{ claimed: Date | null; openUntil: Date | null; failures: number | null; now: Date }>
  >`
    WITH claimed AS (
      UPDATE "UpstreamState"
      SET "openUntil" = now() + ${s.openMs}::float8 * interval '1 millisecond', "updatedAt" = now()
      WHERE "organizationId" = ${organizationId} AND "openUntil" IS NOT NULL AND "openUntil" <= now()
      RETURNING "openUntil"
    )
    SELECT (SELECT "openUntil" FROM claimed) AS claimed,
           u."openUntil" AS "openUntil",
           u."consecutiveFailures" AS failures,
           now() AS now
    FROM (SELECT 1) AS one
    LEFT JOIN "UpstreamState" u ON u."organizationId" = ${organizationId}`;
  const row = rows[0];
  if (!row) return { state: "closed", failures: 0 };
  if (row.claimed) return { state: "trial" };
  if (row.openUntil) {
    // Still open, or past its time but another caller holds the trial.
    const left = row.openUntil.getTime() - row.now.getTime();
    return { state: "open", retryAfterMs: left > 0 ? left : s.openMs };
  }
  return { state: "closed", failures: Number(row.failures ?? 0) };
}

/** Records an upstream failure; returns true when this failure opened (or re-opened) the breaker. */
export async function recordFailure(
  organizationId: string,
  s: BreakerSettings,
  burst: number,
): Promise<{ failures: number; opened: boolean }> {
  const rows = await db().$queryRaw<Array<{ failures: number; openUntil: Date | null }>>`
    INSERT INTO "UpstreamState" AS u ("organizationId", "tokens", "tokensAt", "consecutiveFailures", "openUntil", "updatedAt")
    VALUES (${organizationId}, ${burst}::float8, date_trunc('milliseconds', now()), 1,
            CASE WHEN 1 >= ${s.threshold}::int THEN now() + ${s.openMs}::float8 * interval '1 millisecond' END, now())
    ON CONFLICT ("organizationId") DO UPDATE SET
      "consecutiveFailures" = u."consecutiveFailures" + 1,
      "openUntil" = CASE WHEN u."consecutiveFailures" + 1 >= ${s.threshold}::int
                         THEN now() + ${s.openMs}::float8 * interval '1 millisecond'
                         ELSE u."openUntil" END,
      "updatedAt" = now()
    RETURNING "consecutiveFailures" AS failures, "openUntil"`;
  const failures = Number(rows[0]?.failures ?? 0);
  return { failures, opened: failures >= s.threshold };
}

/** Records an answer from a healthy upstream: closes the breaker and clears the count. */
export async function recordSuccess(organizationId: string): Promise<boolean> {
  const rows = await db().$queryRaw<Array<{ organizationId: string }>>`
    UPDATE "UpstreamState" SET "consecutiveFailures" = 0, "openUntil" = NULL, "updatedAt" = now()
    WHERE "organizationId" = ${organizationId} AND ("consecutiveFailures" <> 0 OR "openUntil" IS NOT NULL)
    RETURNING "organizationId"`;
  return rows.length > 0;
}
