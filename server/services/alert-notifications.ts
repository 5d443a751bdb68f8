/**
 * Hook for alert notifications. Every alert change goes through
 * `server/services/alerts.ts`, which calls `notifyAlertChange` inside the same
 * Prisma transaction that wrote the Alert/AlertActivity rows.
 */
import type { Tx } from "@/server/db/client";

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

// eslint-disable-next-line @typescript-eslint/no-unused-vars
export async function notifyAlertChange(tx: Tx, change: AlertChange): Promise<void> {
  /* email subscriptions (issue 7) hook in here */
}
