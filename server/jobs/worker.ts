/**
 * The worker: consumers of every queue and the schedules. Production runs it as
 * its own process (`npm run worker`, any number of replicas); `npm run dev`
 * runs it inside the dev orchestrator.
 */
import { db } from "@/server/db/client";
import { dispatchDueEmails } from "@/server/services/notifications";
import { syncFleet } from "@/server/services/fleet";
import { writeDueDigests } from "@/server/services/notifications";
import { afterFleetSync, registerAlertHandlers } from "./alert-handlers";
import { enqueueFleetSync, queue, QUEUES, stopQueue, work } from "./queue";

/**
 * Fleet syncs each worker runs at once. pg-boss's work() runs one batch at a
 * time, so with one consumer a tenant whose MyCirrus hangs (30 s per sync)
 * held up every other tenant's sync behind it; the queue's stately policy
 * still keeps one sync per organisation.
 */
const FLEET_SYNC_CONCURRENCY = 3;

/** Outbox rounds (of up to 50 emails each) per email-dispatch run before it hands over to a fresh run. */
const EMAIL_ROUNDS_PER_RUN = 20;

export interface WorkerOptions {
  /** Cron for the fleet tick (default every minute). */
  fleetCron?: string;
  /** Cron for the email safety-net run (default every minute). */
  emailCron?: string;
  /** Outbox rounds per email-dispatch run (default EMAIL_ROUNDS_PER_RUN). */
  emailRoundsPerRun?: number;
  log?: (line: string) => void;
}

export async function enqueueFleetSyncs(): Promise<number> {
  const organizations = await db().myCirrusCredential.findMany({
    where: { status: { not: "invalid" } },
    select: { organizationId: true },
  });
  // A sync already waiting or running for an organisation absorbs this one.
  for (const { organizationId } of organizations) await enqueueFleetSync(organizationId);
  return organizations.length;
}

export async function startWorker(options: WorkerOptions = {}): Promise<{ stop(): Promise<void> }> {
  const log = options.log ?? ((line: string) => console.log(`[worker] ${line}`));
  const boss = await queue();

  await boss.work(QUEUES.fleetTick, async () => {
    await enqueueFleetSyncs();
  });
  for (let i = 0; i < FLEET_SYNC_CONCURRENCY; i++) {
    await work(boss, QUEUES.fleetSync, { batchSize: 1 }, async ([job]) => {
      if (!job) return;
      const report = await syncFleet(job.data.organizationId);
      log(`synced ${report.instruments} instruments for ${job.data.organizationId} in ${report.durationMs} ms`);
      await afterFleetSync(job.data.organizationId, report, log);
    });
  }
  await registerAlertHandlers(boss);
  await boss.work(QUEUES.emailDispatch, { pollingIntervalSeconds: 0.5 }, async () => {
    // Drain what is due; rows held for quiet hours or backoff wait for a later run.
    // A run is bounded so one big fan-out cannot hold this consumer for ever; when it
    // stops with rows still due it queues the next run at once, rather than leaving
    // the rest to the once-a-minute schedule.
    for (let round = 0; round < (options.emailRoundsPerRun ?? EMAIL_ROUNDS_PER_RUN); round++) {
      const report = await dispatchDueEmails();
      if (report.sent + report.retrying + report.failed === 0) return;
      if (report.retrying + report.failed > 0)
        log(`email: ${report.sent} sent, ${report.retrying} to retry, ${report.failed} failed`);
    }
    await boss.send(QUEUES.emailDispatch, {});
  });
  await boss.work(QUEUES.emailDigest, async () => {
    const written = await writeDueDigests();
    if (written > 0) log(`email: ${written} digest(s) written`);
  });
  await boss.schedule(QUEUES.fleetTick, options.fleetCron ?? "* * * * *", {}, { tz: "UTC" });
  // Safety net for held and retried emails, and the digest clock.
  await boss.schedule(QUEUES.emailDispatch, options.emailCron ?? "* * * * *", {}, { tz: "UTC" });
  await boss.schedule(QUEUES.emailDigest, "0 * * * *", {}, { tz: "UTC" });
  log("started");
  return { stop: stopQueue };
}
