/**
 * What the scenarios verify, read from the database and the mailbox: alerts
 * per (instrument, rule), emails per recipient and alert change, webhook
 * events processed, and which process did each piece of work.
 */
import { WEBHOOK_QUEUES } from "@/server/jobs/queue";
import { messageIdFor } from "@/server/services/notifications";
import type { Cluster, SeededOrg } from "./cluster";
import type { Recorder } from "./util";
import { fmt, tally } from "./util";

export interface AlertCount {
  serial: string;
  alerts: number;
}

/** Offline alerts per serial opened after `since` (ids in `exclude` are older ones). */
export async function offlineAlerts(
  c: Cluster,
  org: SeededOrg,
  serials: string[],
  exclude: Set<string> = new Set(),
): Promise<{ serial: string; ids: string[] }[]> {
  const rows = await c.sql<{ serial: string; id: string }>(
    `SELECT i.serial, a.id FROM "Alert" a JOIN "Instrument" i ON i.id = a."instrumentId"
     WHERE a."organizationId" = $1 AND a."ruleId" = $2 AND i.serial = ANY($3)`,
    [org.id, org.offlineRuleId, serials],
  );
  return serials.map((serial) => ({
    serial,
    ids: rows.filter((r) => r.serial === serial && !exclude.has(r.id)).map((r) => r.id),
  }));
}

export async function allAlertIds(c: Cluster, org: SeededOrg): Promise<Set<string>> {
  return new Set(
    (await c.sql<{ id: string }>(`SELECT id FROM "Alert" WHERE "organizationId" = $1`, [org.id])).map((r) => r.id),
  );
}

interface OutboxRow {
  id: string;
  idempotencyKey: string;
  toAddress: string;
  relatedId: string | null;
  state: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export async function outboxFor(c: Cluster, alertIds: string[]): Promise<OutboxRow[]> {
  if (alertIds.length === 0) return [];
  return c.sql<OutboxRow>(
    `SELECT id, "idempotencyKey", "toAddress", "relatedId", state, attempts, "lastError", "createdAt", "sentAt"
     FROM "EmailOutbox" WHERE "relatedId" = ANY($1)`,
    [alertIds],
  );
}

/**
 * Email checks for a set of alert changes: one outbox row per (change, subscriber),
 * every row sent, and the mailbox holding each row's Message-ID exactly once.
 * Raw SMTP deliveries are reported too: a retry after "accepted but not marked"
 * delivers again with the same Message-ID, which the mailbox (like real stores) drops.
 */
export async function checkEmails(
  r: Recorder,
  c: Cluster,
  org: SeededOrg,
  alertIds: string[],
  expectedChanges: number,
  prefix = "emails",
): Promise<void> {
  const rows = await outboxFor(c, alertIds);
  const expected = expectedChanges * org.subscribers.length;
  const byState = tally(rows.map((row) => row.state));
  r.figure(`${prefix}: outbox rows (expected ${expected})`, `${rows.length} (${fmt(byState)})`);
  r.check(
    rows.length === expected,
    `${prefix}: one outbox row per alert change and subscriber (${rows.length}/${expected})`,
  );
  r.check(
    rows.every((row) => row.state === "sent"),
    `${prefix}: every row sent`,
  );
  const perRecipientChange = tally(
    rows.map((row) => `${row.toAddress}|${row.idempotencyKey.split(":").slice(0, 4).join(":")}`),
  );
  r.check(
    Object.values(perRecipientChange).every((n) => n === 1),
    `${prefix}: at most one row per recipient and alert change`,
  );

  const caught = c.mailbox.messages();
  const held = new Map<string, number>();
  for (const m of caught) if (m.messageId) held.set(m.messageId, (held.get(m.messageId) ?? 0) + 1);
  const wanted = rows.map((row) => messageIdFor(row.idempotencyKey));
  const missing = wanted.filter((id) => !held.has(id)).length;
  const doubled = wanted.filter((id) => (held.get(id) ?? 0) > 1).length;
  r.figure(
    `${prefix}: distinct Message-IDs in the mailbox`,
    `${wanted.length - missing} of ${wanted.length} (missing ${missing}, held twice ${doubled})`,
  );
  r.check(missing === 0, `${prefix}: nothing lost (every expected Message-ID arrived)`);
  r.check(doubled === 0, `${prefix}: one message per Message-ID in the mailbox`);
  const attempts = tally(rows.map((row) => row.attempts));
  r.figure(`${prefix}: send attempts per row`, fmt(attempts));
}

/**
 * How an outage scenario ends: the instruments it took offline each have exactly
 * one offline alert opened since `before`, and that alert's emails all arrived once.
 */
export async function checkOneOfflineAlertEach(
  r: Recorder,
  c: Cluster,
  org: SeededOrg,
  serials: string[],
  before: Set<string>,
): Promise<void> {
  const alerts = await offlineAlerts(c, org, serials, before);
  r.figure("offline alerts per instrument", fmt(tally(alerts.map((a) => a.ids.length))));
  r.check(
    alerts.every((a) => a.ids.length === 1),
    "exactly one offline alert per instrument",
  );
  await checkEmails(
    r,
    c,
    org,
    alerts.flatMap((a) => a.ids),
    serials.length,
  );
}

/** Raw SMTP deliveries (including duplicates the mailbox dropped) and distinct messages. */
export function mailboxFigures(
  r: Recorder,
  c: Cluster,
  before: { held: number; dropped: number },
  prefix = "mailbox",
): { raw: number; distinct: number } {
  const distinct = c.mailbox.messages().length - before.held;
  const dropped = c.mailbox.duplicatesDropped() - before.dropped;
  r.figure(
    `${prefix}: raw SMTP deliveries / distinct Message-IDs`,
    `${distinct + dropped} / ${distinct} (duplicates dropped by Message-ID: ${dropped})`,
  );
  return { raw: distinct + dropped, distinct };
}

export const mailboxMark = (c: Cluster) => ({
  held: c.mailbox.messages().length,
  dropped: c.mailbox.duplicatesDropped(),
});

/**
 * Webhook events received from `since` until `until` (default now): processed once each, and by whom
 * (audit triggers). `until` is when the queues were seen settled: the simulator's own NewMeasurement
 * webhooks keep arriving at measurement boundaries, and one arriving after that is not yet due.
 */
export async function checkWebhookEvents(
  r: Recorder,
  c: Cluster,
  org: SeededOrg,
  since: Date,
  prefix = "webhook events",
  until = new Date(),
) {
  const events = await c.sql<{
    id: string;
    type: string;
    processedAt: Date | null;
    attempts: number;
    processingError: string | null;
  }>(
    `SELECT id, type, "processedAt", attempts, "processingError" FROM "WebhookEvent" WHERE "organizationId" = $1 AND "receivedAt" >= $2 AND "receivedAt" <= $3`,
    [org.id, since, until],
  );
  const ids = events.map((e) => e.id);
  const audit = await c.sql<{ kind: string; row_id: string; app: string }>(
    `SELECT kind, row_id, app FROM reliability.audit WHERE row_id = ANY($1)`,
    [ids],
  );
  const processedTimes = tally(audit.filter((a) => a.kind === "webhook.processed").map((a) => a.row_id));
  const reprocessed = audit.filter((a) => a.kind === "webhook.reprocessed").length;
  const unprocessed = events.filter((e) => !e.processedAt).length;
  const jobs = await c.sql<{ event: string; state: string }>(
    `SELECT data->>'eventId' AS event, state::text AS state FROM pgboss.job WHERE name = ANY($2) AND data->>'eventId' = ANY($1)
     UNION ALL SELECT data->>'eventId', state::text FROM pgboss.archive WHERE name = ANY($2) AND data->>'eventId' = ANY($1)`,
    [ids, WEBHOOK_QUEUES],
  );
  const completedJobs = tally(jobs.filter((j) => j.state === "completed").map((j) => j.event));
  r.figure(`${prefix}: stored`, `${events.length} (${fmt(tally(events.map((e) => e.type)))})`);
  r.figure(`${prefix}: processing attempts per event`, fmt(tally(events.map((e) => e.attempts))));
  r.figure(`${prefix}: queue jobs per event by state`, fmt(tally(jobs.map((j) => j.state))));
  r.check(unprocessed === 0, `${prefix}: every event processed (${events.length - unprocessed}/${events.length})`);
  r.check(
    ids.every((id) => processedTimes[id] === 1) && reprocessed === 0,
    `${prefix}: each marked processed exactly once (audit: ${Object.keys(processedTimes).length} events marked, ${reprocessed} re-marked)`,
  );
  r.check(
    ids.every((id) => (completedJobs[id] ?? 0) <= 1),
    `${prefix}: at most one completed queue job per event`,
  );
  return { events, audit };
}

/** Which process did what: webhook.stored by portals, webhook.processed and email.sent by workers. */
export async function splitFigures(
  r: Recorder,
  c: Cluster,
  since: Date,
): Promise<Record<string, Record<string, number>>> {
  const rows = await c.sql<{ kind: string; app: string; n: string }>(
    `SELECT kind, app, count(*) AS n FROM reliability.audit WHERE at >= $1 GROUP BY kind, app ORDER BY kind, app`,
    [since],
  );
  const out: Record<string, Record<string, number>> = {};
  for (const row of rows) (out[row.kind] ??= {})[row.app] = Number(row.n);
  for (const [kind, apps] of Object.entries(out)) r.figure(`split ${kind}`, fmt(apps));
  return out;
}
