/**
 * The job queue: pg-boss, in Postgres (schema `pgboss`), so jobs, schedules and
 * claims are shared by every web and worker replica. Names of queues live here.
 */
import PgBoss from "pg-boss";
import type { Tx } from "@/server/db/client";
import { env } from "@/server/env";

export const QUEUES = {
  /** Every minute: enqueue a fleet sync for each organisation with a key. */
  fleetTick: "fleet-tick",
  /** One organisation's poll; stately + singletonKey = at most one queued and one running per organisation. */
  fleetSync: "fleet-sync",
  /** Send due outbox emails; "short" keeps at most one waiting, however many writers ask. */
  emailDispatch: "email-dispatch",
  /** Hourly: write hourly digests, and daily ones whose local hour has come. */
  emailDigest: "email-digest",
  /** One stored webhook delivery to turn into snapshot and alert changes (enqueued with the event). */
  webhookEvent: "webhook-event",
  /**
   * The same for the types whose processing calls MyCirrus (NewEvent, NewMeasurement fetch what is new).
   * A queue of their own, so a tenant whose MyCirrus hangs holds up only these, never another tenant's
   * status, calibration or SIC alerts.
   */
  webhookFetch: "webhook-fetch",
  /** Re-evaluate one instrument's condition rules when an offline alert becomes due. */
  alertCheck: "alert-check",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** One stored webhook delivery to process; the organisation is checked again on the row. */
export interface WebhookJob {
  eventId: string;
  organizationId: string;
}

type NoPayload = Record<string, never>;

/** What each queue's jobs carry: `enqueue`, `enqueueInTransaction` and `work` are typed by it. */
export interface JobPayloads {
  [QUEUES.fleetTick]: NoPayload;
  [QUEUES.fleetSync]: { organizationId: string };
  [QUEUES.emailDispatch]: NoPayload;
  [QUEUES.emailDigest]: NoPayload;
  [QUEUES.webhookEvent]: WebhookJob;
  [QUEUES.webhookFetch]: WebhookJob;
  [QUEUES.alertCheck]: { organizationId: string; instrumentId: string };
}

/** Both queues stored webhook events go to. */
export const WEBHOOK_QUEUES = [QUEUES.webhookEvent, QUEUES.webhookFetch] as const;

/** The queue of a stored webhook event: processing NewEvent and NewMeasurement fetches from MyCirrus. */
export const webhookQueueFor = (type: string): (typeof WEBHOOK_QUEUES)[number] =>
  type === "NewEvent" || type === "NewMeasurement" ? QUEUES.webhookFetch : QUEUES.webhookEvent;

const POLICIES: Record<QueueName, PgBoss.Queue["policy"]> = {
  [QUEUES.fleetTick]: "singleton",
  [QUEUES.fleetSync]: "stately",
  [QUEUES.emailDispatch]: "short",
  [QUEUES.emailDigest]: "singleton",
  [QUEUES.webhookEvent]: "standard",
  [QUEUES.webhookFetch]: "standard",
  [QUEUES.alertCheck]: "standard",
};

/**
 * How long a job may stay claimed before pg-boss gives it to another worker.
 * A worker killed mid-job leaves its jobs "active" until then (pg-boss has no
 * heartbeat), so this is also how long such a job waits: pg-boss's default is
 * 15 minutes. A webhook event is one MyCirrus call (30 s retry budget) and one
 * transaction; a fleet sync of a large fleet at our 8 requests/s takes minutes.
 */
const EXPIRE_SECONDS: Partial<Record<QueueName, number>> = {
  [QUEUES.webhookEvent]: 120,
  [QUEUES.webhookFetch]: 120,
  [QUEUES.alertCheck]: 120,
  [QUEUES.fleetSync]: 600,
};

/** How often (across all processes) pg-boss looks for expired jobs; its default, 2 minutes, doubles the wait above. */
const MAINTENANCE_SECONDS = 30;

const globalForBoss = globalThis as unknown as { boss?: Promise<PgBoss> };

async function startBoss(): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: env().DATABASE_URL,
    schema: "pgboss",
    max: 5,
    maintenanceIntervalSeconds: MAINTENANCE_SECONDS,
  });
  boss.on("error", (error) => console.error("[queue]", error.message));
  await boss.start();
  for (const [name, policy] of Object.entries(POLICIES)) {
    const expire = EXPIRE_SECONDS[name as QueueName];
    const options = { retryLimit: 3, retryDelay: 5, retryBackoff: true, ...(expire && { expireInSeconds: expire }) };
    // Existing queues get changed options too (the policy of a queue cannot change).
    if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, policy, ...options });
    else await boss.updateQueue(name, { name, ...options });
  }
  return boss;
}

/** The process's pg-boss instance, started on first use (web processes only send). */
export function queue(): Promise<PgBoss> {
  globalForBoss.boss ??= startBoss().catch((error) => {
    globalForBoss.boss = undefined;
    throw error;
  });
  return globalForBoss.boss;
}

export async function stopQueue(): Promise<void> {
  const boss = globalForBoss.boss;
  globalForBoss.boss = undefined;
  if (boss) await (await boss).stop({ graceful: true, wait: true, timeout: 10_000 });
}

export async function enqueue<Q extends QueueName>(
  name: Q,
  data: JobPayloads[Q],
  options: PgBoss.SendOptions = {},
): Promise<string | null> {
  return (await queue()).send(name, data, options);
}

/** Registers a consumer of one queue, its jobs typed by the queue's payload. */
export function work<Q extends QueueName>(
  boss: PgBoss,
  name: Q,
  options: PgBoss.WorkOptions,
  handler: (jobs: PgBoss.Job<JobPayloads[Q]>[]) => Promise<void>,
): Promise<string> {
  return boss.work<JobPayloads[Q]>(name, options, handler);
}

/**
 * Queues one organisation's fleet sync unless one is already waiting or running
 * for it. The queue is "stately" (one waiting and one running per organisation),
 * and pg-boss claims the oldest waiting job first: when that job belongs to an
 * organisation whose sync is still running (MyCirrus hanging for that tenant,
 * or a killed worker's claim not yet expired), claiming it would break the
 * one-running rule, the claim fails, and every other organisation's sync waits
 * behind it. So a second sync is never queued while one runs. (Check and send
 * are not atomic: a sync that starts between them can still be followed by a
 * queued one, which only delays others until it ends.)
 */
export async function enqueueFleetSync(organizationId: string): Promise<string | null> {
  const boss = await queue();
  const busy = await boss
    .getDb()
    .executeSql(
      `SELECT 1 FROM pgboss.job WHERE name = $1 AND singleton_key = $2 AND state IN ('created', 'retry', 'active') LIMIT 1`,
      [QUEUES.fleetSync, organizationId],
    );
  if (busy.rows.length > 0) return null;
  return boss.send(
    QUEUES.fleetSync,
    { organizationId },
    { singletonKey: organizationId, expireInSeconds: EXPIRE_SECONDS[QUEUES.fleetSync] },
  );
}

/**
 * Enqueues inside a Prisma interactive transaction, so the job exists if and
 * only if the transaction commits (the webhook receiver stores an event and its
 * job together).
 */
export async function enqueueInTransaction<Q extends QueueName>(
  tx: Tx,
  name: Q,
  data: JobPayloads[Q],
  options: PgBoss.SendOptions = {},
): Promise<string | null> {
  const executor = {
    executeSql: async (text: string, values: unknown[]) => ({
      rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values),
    }),
  };
  return (await queue()).send(name, data, { ...options, db: executor } as PgBoss.SendOptions);
}
