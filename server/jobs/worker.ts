/**
 * The worker: consumers of every queue and the schedules. Production runs it as
 * its own process (`npm run worker`, any number of replicas); `npm run dev`
 * runs it inside the dev orchestrator.
 */
import { db } from "@/server/db/client";
import { syncFleet } from "@/server/services/fleet-sync";
import { afterFleetSync, registerAlertHandlers } from "./alert-handlers";
import { queue, QUEUES, stopQueue } from "./queue";

export interface WorkerOptions {
  /** Cron for the fleet tick (default every minute). */
  fleetCron?: string;
  log?: (line: string) => void;
}

export async function enqueueFleetSyncs(): Promise<number> {
  const boss = await queue();
  const organizations = await db().myCirrusCredential.findMany({ where: { status: { not: "invalid" } }, select: { organizationId: true } });
  for (const { organizationId } of organizations) {
    // stately + singletonKey: a sync already waiting for this organisation absorbs this one.
    await boss.send(QUEUES.fleetSync, { organizationId }, { singletonKey: organizationId, expireInSeconds: 600 });
  }
  return organizations.length;
}

export async function startWorker(options: WorkerOptions = {}): Promise<{ stop(): Promise<void> }> {
  const log = options.log ?? ((line: string) => console.log(`[worker] ${line}`));
  const boss = await queue();

  await boss.work(QUEUES.fleetTick, async () => {
    await enqueueFleetSyncs();
  });
  await boss.work<{ organizationId: string }>(QUEUES.fleetSync, { batchSize: 1 }, async ([job]) => {
    if (!job) return;
    const report = await syncFleet(job.data.organizationId);
    log(`synced ${report.instruments} instruments for ${job.data.organizationId} in ${report.durationMs} ms`);
    await afterFleetSync(job.data.organizationId, report, log);
  });
  await registerAlertHandlers(boss);
  await boss.schedule(QUEUES.fleetTick, options.fleetCron ?? "* * * * *", {}, { tz: "UTC" });
  log("started");
  return { stop: stopQueue };
}
