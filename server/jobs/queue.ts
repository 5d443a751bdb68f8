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
  /** Re-evaluate one instrument's condition rules when an offline alert becomes due. */
  alertCheck: "alert-check",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

const POLICIES: Record<QueueName, PgBoss.Queue["policy"]> = {
  [QUEUES.fleetTick]: "singleton",
  [QUEUES.fleetSync]: "stately",
  [QUEUES.emailDispatch]: "short",
  [QUEUES.emailDigest]: "singleton",
  [QUEUES.webhookEvent]: "standard",
  [QUEUES.alertCheck]: "standard",
};

const globalForBoss = globalThis as unknown as { boss?: Promise<PgBoss> };

async function startBoss(): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: env().DATABASE_URL, schema: "pgboss", max: 5 });
  boss.on("error", (error) => console.error("[queue]", error.message));
  await boss.start();
  for (const [name, policy] of Object.entries(POLICIES)) {
    if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, policy, retryLimit: 3, retryDelay: 5, retryBackoff: true });
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

export async function enqueue<T extends object>(name: QueueName, data: T, options: PgBoss.SendOptions = {}): Promise<string | null> {
  return (await queue()).send(name, data, options);
}

/**
 * Enqueues inside a Prisma interactive transaction, so the job exists if and
 * only if the transaction commits (the webhook receiver stores an event and its
 * job together).
 */
export async function enqueueInTransaction<T extends object>(
  tx: Tx,
  name: QueueName,
  data: T,
  options: PgBoss.SendOptions = {},
): Promise<string | null> {
  const executor = {
    executeSql: async (text: string, values: unknown[]) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }),
  };
  return (await queue()).send(name, data, { ...options, db: executor } as PgBoss.SendOptions);
}
