/**
 * SMTP down for minutes while alerts fire: the outbox keeps every email,
 * retries with backoff, and once the server is back every email arrives
 * exactly once. Records the attempts (from the audit of each claim), the error
 * stored meanwhile, and the time to drain.
 */
import { allAlertIds, checkEmails, mailboxFigures, mailboxMark, offlineAlerts } from "./checks";
import { Cluster } from "./cluster";
import type { ScenarioOptions } from "./main";
import { fmt, sleep, tally, until, type Recorder } from "./util";

const INSTRUMENTS = 6;
const SUBSCRIBERS = 5;

export async function run(r: Recorder, o: ScenarioOptions): Promise<void> {
  const outageMs = o.smtpDownMinutes * 60_000;
  await Cluster.run({ name: "smtp-down", portals: 1, workers: 1, verbose: o.verbose }, async (c) => {
    const org = await c.seedOrg({
      label: "Estuary",
      instruments: INSTRUMENTS,
      subscribers: SUBSCRIBERS,
      includeResolutions: false,
    });
    await c.settle(90_000);
    const online = await c.onlineSerials(org);
    const early = online.slice(0, 3);
    const late = online.slice(3, 4);
    if (late.length === 0) throw new Error(`only ${online.length} online instruments`);
    const serials = [...early, ...late];
    const before = await allAlertIds(c, org);
    const mark = mailboxMark(c);

    await c.mailbox.down();
    const downAt = Date.now();
    r.log(`SMTP down for ${o.smtpDownMinutes} min; ${early.join(", ")} offline now, ${late.join(", ")} halfway`);
    for (const serial of early) await c.control.setOnline(serial, false);
    await sleep(outageMs / 2);
    for (const serial of late) await c.control.setOnline(serial, false);
    await sleep(Math.max(0, downAt + outageMs - Date.now()));

    const alerts = await offlineAlerts(c, org, serials, before);
    const alertIds = alerts.flatMap((a) => a.ids);
    const during = await c.sql<{ state: string; attempts: number; lastError: string | null }>(
      `SELECT state, attempts, "lastError" FROM "EmailOutbox" WHERE "relatedId" = ANY($1)`,
      [alertIds],
    );
    r.figure(
      "during the outage: outbox rows",
      `${during.length} (${fmt(tally(during.map((d) => d.state)))}), attempts so far ${fmt(tally(during.map((d) => d.attempts)))}`,
    );
    r.figure("during the outage: stored error", during.find((d) => d.lastError)?.lastError ?? "(none)");
    r.check(
      during.every((d) => d.state !== "failed"),
      "no email given up during the outage",
    );
    r.check(c.mailbox.messages().length === mark.held, "nothing delivered while SMTP was down");

    await c.mailbox.up();
    const upAt = Date.now();
    const expected = serials.length * SUBSCRIBERS;
    await until(
      "every email sent after SMTP came back",
      async () => {
        const [row] = await c.sql<{ n: string }>(
          `SELECT count(*) AS n FROM "EmailOutbox" WHERE "relatedId" = ANY($1) AND state = 'sent'`,
          [alertIds],
        );
        return Number(row!.n) >= expected;
      },
      10 * 60_000,
      500,
    );
    const drainedAt = Date.now();
    await sleep(3_000);
    r.figure("SMTP outage", `${((upAt - downAt) / 1000).toFixed(0)} s`);
    r.figure("SMTP back → every email sent", `${((drainedAt - upAt) / 1000).toFixed(1)} s`);

    // The retry schedule, from the audit of each claim of the first email.
    const rows = await c.sql<{ id: string; createdAt: Date }>(
      `SELECT id, "createdAt" FROM "EmailOutbox" WHERE "relatedId" = ANY($1) ORDER BY "createdAt" LIMIT 1`,
      [alertIds],
    );
    if (rows[0]) {
      const claims = await c.sql<{ at: Date }>(
        `SELECT at FROM reliability.audit WHERE kind = 'email.claimed' AND row_id = $1 ORDER BY at`,
        [rows[0].id],
      );
      r.figure(
        "first email: attempts at (s after it was queued)",
        claims.map((cl) => ((cl.at.getTime() - rows[0]!.createdAt.getTime()) / 1000).toFixed(0)).join(", "),
      );
    }
    const offline = await offlineAlerts(c, org, serials, before);
    r.check(
      offline.every((a) => a.ids.length === 1),
      "exactly one offline alert per instrument",
    );
    await checkEmails(r, c, org, alertIds, serials.length);
    mailboxFigures(r, c, mark);
  });
}
