/**
 * Hook for alert notifications. Every alert change goes through
 * `server/services/alerts.ts`, which calls `notifyAlertChange` inside the same
 * Prisma transaction that wrote the Alert/AlertActivity rows.
 */
import type { Tx } from "@/server/db/client";
import { routeAlertChange } from "./notifications";

export interface AlertChange {
  alertId: string;
  organizationId: string;
  instrumentId: string;
  ruleId: string;
  kind: "opened" | "retriggered" | "acknowledged" | "resolved" | "reopened";
  severity: string;
  at: Date;
  actorId: string | null;
}

/** Emails (or digest entries) for the people subscribed to this change, in the same transaction. */
export async function notifyAlertChange(tx: Tx, change: AlertChange): Promise<void> {
  await routeAlertChange(tx, change);
}
