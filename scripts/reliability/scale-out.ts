/**
 * Two portals behind a round-robin proxy and two workers on one Postgres. A
 * burst of 200 status changes (5 waves over 40 instruments: offline, online,
 * offline, online, offline): every webhook event processed exactly once, every
 * alert change emailed once per subscriber, and both portals and both workers
 * did part of the work.
 */
import { checkEmails, checkWebhookEvents, mailboxFigures, mailboxMark, splitFigures } from "./checks";
import { Cluster } from "./cluster";
import type { ScenarioOptions } from "./main";
import { fmt, until, type Recorder } from "./util";

/** A few more than the 40 used: a generated instrument may start offline. */
const INSTRUMENTS = 44;
const USED = 40;
const WAVES = [false, true, false, true, false];
const SUBSCRIBERS = 2;

export async function run(r: Recorder, o: ScenarioOptions): Promise<void> {
  await Cluster.run({ name: "scale-out", portals: 2, workers: 2, verbose: o.verbose }, async (c) => {
    const org = await c.seedOrg({
      label: "Airport",
      instruments: INSTRUMENTS,
      subscribers: SUBSCRIBERS,
      includeResolutions: true,
    });
    await c.settle(120_000);
    const serials = (await c.onlineSerials(org)).slice(0, USED);
    if (serials.length < USED) throw new Error(`only ${serials.length} online instruments`);
    const mark = mailboxMark(c);
    const since = new Date();
    await c.control.clearDeliveries();
    const proxyBefore = new Map([...c.proxy!.counts].map(([i, m]) => [i, m.get(200) ?? 0]));

    const t0 = Date.now();
    let changes = 0;
    for (const [wave, online] of WAVES.entries()) {
      // Each wave goes out at once; the next waits until this one is processed, so an
      // instrument's offline and online are not raced against each other by design.
      await Promise.all(serials.map((s) => c.control.setOnline(s, online)));
      changes += serials.length;
      await until(
        `wave ${wave + 1} processed`,
        async () => {
          const [row] = await c.sql<{ n: string }>(
            `SELECT count(*) AS n FROM "InstrumentSnapshot" s JOIN "Instrument" i ON i.id = s."instrumentId" WHERE i."organizationId" = $1 AND i.serial = ANY($2) AND s.online = $3`,
            [org.id, serials, online],
          );
          return Number(row!.n) === serials.length;
        },
        120_000,
        100,
      );
    }
    const processedAt = Date.now();
    const settled = await c.settle(180_000);
    const settledAt = Date.now();
    r.figure("status changes", `${changes} over ${serials.length} instruments in ${WAVES.length} waves`);
    r.figure("burst → every event processed", `${((processedAt - t0) / 1000).toFixed(1)} s`);
    r.figure("burst → every email sent", `${((settledAt - t0) / 1000).toFixed(1)} s`);

    const deliveries = (await c.control.deliveries({ type: "InstrumentStatus" })).filter((d) =>
      serials.includes(d.instrument),
    );
    r.figure(
      "simulator deliveries (InstrumentStatus)",
      `${deliveries.filter((d) => d.success).length} accepted of ${deliveries.length} attempts`,
    );
    const proxied = [...c.proxy!.counts]
      .map(([i, m]) => `portal-${i + 1} ${(m.get(200) ?? 0) - (proxyBefore.get(i) ?? 0)}`)
      .join(", ");
    r.figure("proxy: 200 answers per portal during the burst", proxied);

    const { events } = await checkWebhookEvents(r, c, org, since, "webhook events", settled);
    const status = events.filter((e) => e.type === "InstrumentStatus").length;
    r.check(status === changes, `one stored event per status change (${status}/${changes})`);

    const alerts = await c.sql<{ id: string; state: string }>(
      `SELECT a.id, a.state FROM "Alert" a JOIN "Instrument" i ON i.id = a."instrumentId" WHERE a."organizationId" = $1 AND a."ruleId" = $2 AND i.serial = ANY($3) AND a."openedAt" >= $4`,
      [org.id, org.offlineRuleId, serials, new Date(since.getTime() - 1000)],
    );
    const offlineWaves = WAVES.filter((w) => !w).length;
    const onlineWaves = WAVES.length - offlineWaves;
    r.figure(
      "offline alerts",
      `${alerts.length} (${fmt(Object.fromEntries(["open", "resolved"].map((s) => [s, alerts.filter((a) => a.state === s).length])))})`,
    );
    r.check(
      alerts.length === offlineWaves * serials.length,
      `one alert per instrument per offline wave (${alerts.length}/${offlineWaves * serials.length})`,
    );
    await checkEmails(
      r,
      c,
      org,
      alerts.map((a) => a.id),
      (offlineWaves + onlineWaves) * serials.length,
    );
    mailboxFigures(r, c, mark);

    const split = await splitFigures(r, c, since);
    const portalsUsed = Object.keys(split["webhook.stored"] ?? {}).filter((app) => app.startsWith("portal-")).length;
    const workersProcessing = Object.keys(split["webhook.processed"] ?? {}).filter((app) =>
      app.startsWith("worker-"),
    ).length;
    const workersSending = Object.keys(split["email.sent"] ?? {}).filter((app) => app.startsWith("worker-")).length;
    r.check(portalsUsed === 2, `both portals stored webhooks (${portalsUsed})`);
    r.check(workersProcessing === 2, `both workers processed webhook events (${workersProcessing})`);
    r.check(workersSending === 2, `both workers sent emails (${workersSending})`);
  });
}
