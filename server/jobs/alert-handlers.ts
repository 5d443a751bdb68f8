/**
 * Worker handlers for the webhook → alert path and the poller's alert half.
 * Each is idempotent: a job may run again after a worker died mid-way.
 */
import type PgBoss from "pg-boss";
import { backfillHistory, evaluateSyncChanges } from "@/server/services/alerts";
import type { SyncReport } from "@/server/services/fleet";
import { processWebhookEvent, repairWebhooks, runAlertCheck, scheduleAlertCheck } from "@/server/services/webhooks";
import { QUEUES, WEBHOOK_QUEUES, work } from "./queue";

/** After each fleet sync: condition rules, back-fill of what webhooks missed, webhook repair. */
export async function afterFleetSync(
  organizationId: string,
  report: SyncReport,
  log: (line: string) => void,
): Promise<void> {
  const now = new Date();
  for (const { instrumentId, dueAt } of await evaluateSyncChanges(organizationId, report.changes, now)) {
    await scheduleAlertCheck(organizationId, instrumentId, dueAt);
  }
  const filled = await backfillHistory(organizationId, now);
  if (filled.events + filled.calibrations + filled.sic + filled.windows > 0) {
    log(
      `back-fill for ${organizationId}: ${filled.events} events, ${filled.calibrations} calibrations, ${filled.sic} SIC, ${filled.windows} exceedances`,
    );
  }
  const repair = await repairWebhooks(organizationId).catch((error: unknown) => {
    log(`webhook repair for ${organizationId} failed: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  });
  if (repair && repair.created + repair.adopted + repair.removed + repair.failed > 0) {
    log(
      `webhooks for ${organizationId}: ${repair.created} created, ${repair.adopted} adopted, ${repair.removed} removed, ${repair.failed} failed`,
    );
  }
}

/**
 * Webhook events each worker processes at once, one per consumer. A batch is
 * handled in sequence, so one event waiting on a tenant's hanging MyCirrus
 * (up to its 30 s retry budget) used to hold up every event fetched with it
 * and every event behind it, whatever their tenant. Events that fetch from
 * MyCirrus have their own queue and consumers, so however many of them wait on
 * one tenant, status, calibration and SIC events of every tenant go on.
 */
const WEBHOOK_CONCURRENCY = { [QUEUES.webhookEvent]: 4, [QUEUES.webhookFetch]: 4 } as const;

export async function registerAlertHandlers(boss: PgBoss): Promise<void> {
  for (const queueName of WEBHOOK_QUEUES) {
    for (let i = 0; i < WEBHOOK_CONCURRENCY[queueName]; i++) {
      await work(boss, queueName, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
        if (job) await processWebhookEvent(job.data);
      });
    }
  }
  await work(boss, QUEUES.alertCheck, { pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) await runAlertCheck(job.data.organizationId, job.data.instrumentId);
  });
}
