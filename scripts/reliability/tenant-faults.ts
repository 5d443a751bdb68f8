/**
 * One tenant's MyCirrus key answers 429, 503, hangs, or sends malformed
 * bodies; another tenant's key is healthy. The faulty tenant's fleet sync must
 * fail with a clear message the fleet board shows, and the healthy tenant's
 * syncs and webhook alerts must keep their normal latency, on the same worker.
 */
import type { FaultMode } from "@/simulator/control";
import { enqueueFleetSync, queue, QUEUES, WEBHOOK_QUEUES } from "@/server/jobs/queue";
import { fleetSummary } from "@/server/services/fleet";
import { Cluster, type SeededOrg } from "./cluster";
import type { ScenarioOptions } from "./main";
import { median, percentile, sleep, until, type Recorder } from "./util";

const INSTRUMENTS = 6;
const MODES: { mode: FaultMode; retryAfter?: number; hangMs?: number }[] = [
  { mode: "429", retryAfter: 3 },
  { mode: "503" },
  { mode: "timeout", hangMs: 15_000 },
  { mode: "malformed" },
];

interface JobRow {
  state: string;
  created_on: Date;
  started_on: Date | null;
  completed_on: Date | null;
}

export async function run(r: Recorder, o: ScenarioOptions): Promise<void> {
  await Cluster.run({ name: "tenant-faults", portals: 1, workers: 1, verbose: o.verbose }, async (c) => {
    const a = await c.seedOrg({ label: "Alpha", instruments: INSTRUMENTS, subscribers: 1, includeResolutions: false });
    const b = await c.seedOrg({ label: "Bravo", instruments: INSTRUMENTS, subscribers: 1, includeResolutions: false });
    await c.settle(90_000);
    const bSpare = await c.onlineSerials(b);
    const aSerials = await c.onlineSerials(a);

    const job = async (id: string) =>
      (
        await c.sql<JobRow>(
          `SELECT state::text AS state, created_on, started_on, completed_on FROM pgboss.job WHERE id = $1`,
          [id],
        )
      )[0];
    /** Queues a fleet sync the way the portal does (retrying while one is already waiting or running for the tenant). */
    const sendSync = async (org: SeededOrg): Promise<string> =>
      until(`a fleet-sync job for ${org.slug}`, () => enqueueFleetSync(org.id), 120_000, 200);
    /** One sync of B from enqueue to completion; returns queue-to-done and the sync's own duration. */
    const syncB = async () => {
      const id = await sendSync(b);
      const done = await until(
        "B's sync",
        async () => {
          const row = await job(id);
          return row && ["completed", "failed"].includes(row.state) ? row : null;
        },
        120_000,
        100,
      );
      const state = (
        await c.sql<{ ms: number | null }>(
          `SELECT "lastSyncDurationMs" AS ms FROM "FleetSyncState" WHERE "organizationId" = $1`,
          [b.id],
        )
      )[0];
      return {
        turnaround: done.completed_on!.getTime() - done.created_on.getTime(),
        duration: state?.ms ?? NaN,
        ok: done.state === "completed",
      };
    };
    /** Takes one of B's instruments offline and times webhook → alert. */
    const bAlertLatency = async () => {
      const serial = bSpare.shift();
      if (!serial) return NaN;
      const t0 = Date.now();
      await c.control.setOnline(serial, false);
      await until(
        `B's offline alert for ${serial}`,
        async () =>
          (
            await c.sql(
              `SELECT 1 FROM "Alert" al JOIN "Instrument" i ON i.id = al."instrumentId" WHERE i.serial = $1 AND al."ruleId" = $2`,
              [serial, b.offlineRuleId],
            )
          ).length > 0,
        120_000,
        50,
      );
      const total = Date.now() - t0;
      const [e] = await c.sql<{ received: Date; processed: Date | null; started: Date | null }>(
        `SELECT e."receivedAt" AS received, e."processedAt" AS processed, j.started_on AS started FROM "WebhookEvent" e
         LEFT JOIN pgboss.job j ON j.name = ANY($2) AND j.data->>'eventId' = e.id
         WHERE e."instrumentSerial" = $1 AND e.type = 'InstrumentStatus' ORDER BY e."receivedAt" DESC LIMIT 1`,
        [serial, WEBHOOK_QUEUES],
      );
      if (e)
        r.log(
          `B ${serial} offline: stored after ${e.received.getTime() - t0} ms, job started after ${e.started ? e.started.getTime() - t0 : "?"} ms, processed after ${e.processed ? e.processed.getTime() - t0 : "?"} ms, alert seen after ${total} ms`,
        );
      return total;
    };
    const summary = (label: string, samples: { turnaround: number; duration: number }[]) =>
      `${samples.length} syncs: queue→done median ${median(samples.map((s) => s.turnaround))} ms, max ${percentile(
        samples.map((s) => s.turnaround),
        100,
      )} ms; sync itself median ${median(samples.map((s) => s.duration))} ms` + (label ? ` (${label})` : "");

    // Before: B alone, then B next to a healthy A.
    const baseline = [];
    for (let i = 0; i < 4; i++) baseline.push(await syncB());
    const baselineAlert = await bAlertLatency();
    r.figure("B before faults", `${summary("", baseline)}; webhook→alert ${baselineAlert} ms`);
    const normal = Math.max(...baseline.map((s) => s.turnaround));

    for (const fault of MODES) {
      // Each mode starts with A's breaker closed, so its own message shows (not the previous mode's "paused").
      await c.sql(`DELETE FROM "UpstreamState" WHERE "organizationId" = $1`, [a.id]);
      await c.control.injectFault({
        key: a.apiKey,
        mode: fault.mode,
        retryAfter: fault.retryAfter,
        hangMs: fault.hangMs,
      });
      const aJob = await sendSync(a);
      // A's webhooks that make the worker call MyCirrus (NewEvent fetches events), so A's faults reach the webhook path too.
      for (const serial of aSerials.slice(0, 2))
        await c.control.triggerEvent(serial, { durationSeconds: 15, peak: 85 });
      await sleep(200);
      const started = Date.now();
      const during = [];
      let alertMs = NaN;
      for (;;) {
        during.push(await syncB());
        if (Number.isNaN(alertMs)) alertMs = await bAlertLatency();
        const row = await job(aJob);
        if ((row && !["created", "active"].includes(row.state) && during.length >= 2) || Date.now() - started > 90_000)
          break;
      }
      const aDone = await until(
        "A's faulty sync to end",
        async () => {
          const row = await job(aJob);
          return row && !["created", "active"].includes(row.state) ? row : null;
        },
        120_000,
        200,
      );
      const aState = await fleetSummary(a.id);
      const aMs = (aDone.completed_on ?? new Date()).getTime() - (aDone.started_on ?? aDone.created_on).getTime();
      const shown = aState.lastSyncError
        ? `"Last status poll failed: ${aState.lastSyncError} The board shows the latest stored state."`
        : "(no notice)";
      r.figure(
        `A ${fault.mode}: sync job`,
        `${aDone.state} after ${aMs} ms; key status ${aState.keyStatus}; fleet board shows ${shown}`,
      );
      r.check(Boolean(aState.lastSyncError), `A ${fault.mode}: the failed sync left a message for the fleet board`);
      r.check(aState.keyStatus !== "invalid", `A ${fault.mode}: the key is not wrongly marked invalid`);
      r.figure(`B during A ${fault.mode}`, `${summary("", during)}; webhook→alert ${alertMs} ms`);
      const worst = Math.max(...during.map((s) => s.turnaround));
      r.check(
        during.every((s) => s.ok),
        `B during A ${fault.mode}: every sync succeeded`,
      );
      r.check(
        worst <= Math.max(3 * normal, normal + 2_000),
        `B during A ${fault.mode}: sync queue→done stays near normal (worst ${worst} ms vs ${normal} ms before)`,
      );
      r.check(
        alertMs <= Math.max(3 * baselineAlert, baselineAlert + 2_000),
        `B during A ${fault.mode}: webhook→alert stays near normal (${alertMs} ms vs ${baselineAlert} ms before)`,
      );
      await c.control.clearFaults(a.apiKey);
      // The mode's sync is over: drop the retries pg-boss scheduled for it, so the next mode starts its own.
      if (aDone.state === "retry") await (await queue()).cancel(QUEUES.fleetSync, aJob);
    }

    // After: A recovers by itself on its next sync.
    await c.sql(`DELETE FROM "UpstreamState" WHERE "organizationId" = $1`, [a.id]);
    await sleep(1_000);
    const recovered = await until(
      "A's next good sync",
      async () => {
        const id = await sendSync(a);
        const row = await until(
          "A's sync",
          async () => {
            const j = await job(id);
            return j && ["completed", "failed", "retry"].includes(j.state) ? j : null;
          },
          120_000,
          200,
        );
        return row.state === "completed" ? row : null;
      },
      180_000,
      1_000,
    );
    const after = await fleetSummary(a.id);
    r.figure(
      "A after the faults cleared",
      `sync ${recovered.state}; board notice ${after.lastSyncError ? `still "${after.lastSyncError}"` : "gone"}`,
    );
    r.check(!after.lastSyncError, "A's notice clears with its next good sync");
  });
}
