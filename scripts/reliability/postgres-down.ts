/**
 * Postgres stopped while MyCirrus delivers webhooks: the receiver must answer
 * 5xx (so MyCirrus retries), and once Postgres is back, each instrument gets
 * exactly one offline alert and each subscriber exactly one email per alert.
 */
import {
  allAlertIds,
  checkOneOfflineAlertEach,
  checkWebhookEvents,
  mailboxFigures,
  mailboxMark,
  offlineAlerts,
} from "./checks";
import { Cluster } from "./cluster";
import type { ScenarioOptions } from "./main";
import { fmt, sleep, tally, until, type Recorder } from "./util";

const INSTRUMENTS = 6;
const TAKEN_OFFLINE = 4;
const SUBSCRIBERS = 3;
/** How long Postgres stays down after the instruments went offline (the simulator retries after 1, 2, 4, 8, 16 s). */
const OUTAGE_MS = 5_000;

export async function run(r: Recorder, o: ScenarioOptions): Promise<void> {
  await Cluster.run({ name: "postgres-down", portals: 1, workers: 1, verbose: o.verbose }, async (c) => {
    const org = await c.seedOrg({
      label: "Harbour",
      instruments: INSTRUMENTS,
      subscribers: SUBSCRIBERS,
      includeResolutions: false,
    });
    await c.settle(90_000);
    const serials = (await c.onlineSerials(org)).slice(0, TAKEN_OFFLINE);
    if (serials.length < TAKEN_OFFLINE) throw new Error(`only ${serials.length} online instruments`);
    const before = await allAlertIds(c, org);
    const mark = mailboxMark(c);
    await c.control.clearDeliveries();
    const since = new Date();

    const downAt = Date.now();
    await c.stopPostgres();
    r.log(`Postgres stopped in ${Date.now() - downAt} ms; taking ${serials.join(", ")} offline`);
    for (const serial of serials) await c.control.setOnline(serial, false);
    const statusAttempts = async () =>
      (await c.control.deliveries({ type: "InstrumentStatus" })).filter((d) => serials.includes(d.instrument));
    await until(
      "a failed delivery per instrument",
      async () => {
        const failed = (await statusAttempts()).filter((d) => !d.success);
        return serials.every((s) => failed.some((d) => d.instrument === s));
      },
      20_000,
      100,
    );
    await sleep(OUTAGE_MS);
    await c.startPostgres();
    const upAt = Date.now();
    r.figure(
      "Postgres outage",
      `${((upAt - downAt) / 1000).toFixed(1)} s (stop, ${TAKEN_OFFLINE} instruments offline, ${OUTAGE_MS / 1000} s, start)`,
    );

    await until(
      "a successful delivery per instrument",
      async () => {
        const ok = (await statusAttempts()).filter((d) => d.success);
        return serials.every((s) => ok.some((d) => d.instrument === s));
      },
      60_000,
      200,
    );
    const deliveredAt = Date.now();
    await until(
      "an offline alert per instrument",
      async () => (await offlineAlerts(c, org, serials, before)).every((a) => a.ids.length >= 1),
      60_000,
    );
    await until(
      "the emails",
      async () => c.mailbox.messages().length - mark.held >= TAKEN_OFFLINE * SUBSCRIBERS,
      90_000,
    );
    const emailedAt = Date.now();
    await c.settle(60_000);
    await sleep(3_000); // room for any duplicate to show up

    const attempts = await statusAttempts();
    const codes = attempts.map((d) => (d.statusCode === null ? `error:${d.error ?? "?"}` : String(d.statusCode)));
    r.figure("delivery attempts (status codes)", fmt(tally(codes)));
    r.figure(
      "attempts per delivery until 200",
      fmt(tally(serials.map((s) => attempts.filter((d) => d.instrument === s).length))),
    );
    const failing = attempts.filter((d) => !d.success);
    r.check(failing.length >= TAKEN_OFFLINE, `receiver refused during the outage (${failing.length} failed attempts)`);
    r.check(
      failing.every((d) => d.statusCode !== null && d.statusCode >= 500),
      "every refused attempt was a 5xx answer (so MyCirrus retries), not a 4xx or a dropped connection",
    );
    r.figure("Postgres up → every delivery accepted", `${((deliveredAt - upAt) / 1000).toFixed(1)} s`);
    r.figure("Postgres up → all emails in the mailbox", `${((emailedAt - upAt) / 1000).toFixed(1)} s`);
    r.figure(
      "processes alive after the outage",
      `portal ${c.portals.every((p) => p.running) ? "yes" : "NO"}, worker ${c.workers.every((p) => p.running) ? "yes" : "NO"}`,
    );
    r.check(
      c.portals.every((p) => p.running) && c.workers.every((p) => p.running),
      "portal and worker survived the outage without a restart",
    );

    // serials holds TAKEN_OFFLINE instruments: fewer threw above.
    await checkOneOfflineAlertEach(r, c, org, serials, before);
    mailboxFigures(r, c, mark);
    await checkWebhookEvents(r, c, org, since);
  });
}
