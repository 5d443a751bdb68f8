/**
 * The worker killed with SIGKILL while it is inside a job (a webhook event
 * waiting on MyCirrus) and while it is sending emails (a slow SMTP server, many
 * recipients), then started again: every expected alert and email arrives,
 * nothing twice. SMTP cannot be exactly-once from the sender: a message the
 * server accepted just before the kill is sent again with the same Message-ID,
 * so raw deliveries and distinct Message-IDs are both reported.
 */
import { QUEUES, WEBHOOK_QUEUES } from "@/server/jobs/queue";
import { allAlertIds, checkOneOfflineAlertEach, checkWebhookEvents, mailboxFigures, mailboxMark } from "./checks";
import { Cluster } from "./cluster";
import type { ScenarioOptions } from "./main";
import { fmt, sleep, until, type Recorder } from "./util";

const INSTRUMENTS = 8;
const TAKEN_OFFLINE = 3;
const SUBSCRIBERS = 40;
/** The mailbox answers each message after this long: 120 emails take seconds, so the kill lands mid-send. */
const ACCEPT_DELAY_MS = 150;
/** How long recovery may take: the email lease (2 min) and a job's claim expiry (2 min) plus their sweeps. */
const RECOVERY_LIMIT_MS = 4 * 60_000;

export async function run(r: Recorder, o: ScenarioOptions): Promise<void> {
  await Cluster.run({ name: "worker-kill", portals: 1, workers: 1, verbose: o.verbose }, async (c) => {
    const org = await c.seedOrg({
      label: "Quarry",
      instruments: INSTRUMENTS,
      subscribers: SUBSCRIBERS,
      includeResolutions: false,
    });
    await c.settle(120_000);
    const online = await c.onlineSerials(org);
    const serials = online.slice(0, TAKEN_OFFLINE);
    const eventSerial = online[TAKEN_OFFLINE];
    if (!eventSerial) throw new Error(`only ${online.length} online instruments`);
    const before = await allAlertIds(c, org);
    const mark = mailboxMark(c);
    const since = new Date();
    c.mailbox.acceptDelay(ACCEPT_DELAY_MS);

    // Mid-job: the NewEvent job fetches events from MyCirrus, which hangs for this key.
    await c.control.injectFault({ key: org.apiKey, mode: "timeout", hangMs: 20_000, count: 4 });
    await c.control.triggerEvent(eventSerial, { durationSeconds: 20, peak: 85 });
    for (const serial of serials) await c.control.setOnline(serial, false);
    const activeJobs = async () =>
      c.sql<{ name: string; n: string }>(
        `SELECT name, count(*) AS n FROM pgboss.job WHERE state = 'active' AND name = ANY($1) GROUP BY name`,
        [[...WEBHOOK_QUEUES, QUEUES.emailDispatch]],
      );
    await until(
      "a webhook job in flight and emails being sent",
      async () => {
        const active = await activeJobs();
        const sent = c.mailbox.messages().length - mark.held;
        return active.some((a) => (WEBHOOK_QUEUES as readonly string[]).includes(a.name)) && sent >= 10;
      },
      60_000,
      50,
    );
    const atKill = {
      jobs: Object.fromEntries((await activeJobs()).map((a) => [a.name, Number(a.n)])),
      sending: Number(
        (await c.sql<{ n: string }>(`SELECT count(*) AS n FROM "EmailOutbox" WHERE state = 'sending'`))[0]!.n,
      ),
      caught: c.mailbox.messages().length - mark.held,
    };
    const worker = c.workers[0]!;
    worker.kill("SIGKILL");
    const exit = await worker.exited;
    const killedAt = Date.now();
    r.figure(
      "worker killed",
      `${exit.signal ?? exit.code} while ${fmt(atKill.jobs)} job(s) active, ${atKill.sending} emails claimed, ${atKill.caught} already in the mailbox`,
    );
    r.check(exit.signal === "SIGKILL", "the worker died of SIGKILL");
    c.mailbox.acceptDelay(0);
    await c.control.clearFaults(org.apiKey);
    await c.startWorker();
    const restartedAt = Date.now();
    r.figure("restart", `${((restartedAt - killedAt) / 1000).toFixed(1)} s after the kill`);

    const expectedMails = TAKEN_OFFLINE * SUBSCRIBERS;
    const mailsSent = async () =>
      Number(
        (
          await c.sql<{ n: string }>(
            `SELECT count(*) AS n FROM "EmailOutbox" o JOIN "Alert" a ON a.id = o."relatedId" WHERE a."organizationId" = $1 AND a."ruleId" = $2 AND o.state = 'sent' AND NOT (a.id = ANY($3))`,
            [org.id, org.offlineRuleId, [...before]],
          )
        )[0]!.n,
      );
    const unprocessed = async () =>
      Number(
        (
          await c.sql<{ n: string }>(
            `SELECT count(*) AS n FROM "WebhookEvent" WHERE "organizationId" = $1 AND "receivedAt" >= $2 AND "processedAt" IS NULL`,
            [org.id, since],
          )
        )[0]!.n,
      );
    // Both recoveries are waited for together, each timed, and a miss is a figure, not an abort.
    let mailsDoneAt: number | null = null;
    let eventsDoneAt: number | null = null;
    const deadline = killedAt + RECOVERY_LIMIT_MS;
    while ((mailsDoneAt === null || eventsDoneAt === null) && Date.now() < deadline) {
      if (mailsDoneAt === null && (await mailsSent()) >= expectedMails) mailsDoneAt = Date.now();
      if (eventsDoneAt === null && (await unprocessed()) === 0) eventsDoneAt = Date.now();
      await sleep(500);
    }
    await sleep(3_000);
    const since_ = (t: number | null) =>
      t === null ? `not within ${RECOVERY_LIMIT_MS / 1000} s` : `${((t - killedAt) / 1000).toFixed(1)} s`;
    r.figure("kill → every email sent", since_(mailsDoneAt));
    r.figure("kill → every webhook event processed", since_(eventsDoneAt));
    r.check(mailsDoneAt !== null, `every email sent within ${RECOVERY_LIMIT_MS / 1000} s of the kill`);
    r.check(eventsDoneAt !== null, `every webhook event processed within ${RECOVERY_LIMIT_MS / 1000} s of the kill`);

    // serials holds TAKEN_OFFLINE instruments: fewer threw above.
    await checkOneOfflineAlertEach(r, c, org, serials, before);
    const { raw, distinct } = mailboxFigures(r, c, mark);
    if (raw > distinct)
      r.note(
        `${raw - distinct} message(s) were delivered twice over SMTP (accepted before the kill, not yet marked sent) and recognised by their Message-ID`,
      );
    await checkWebhookEvents(r, c, org, since);
  });
}
