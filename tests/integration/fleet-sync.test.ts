/** The poller against the simulator: what it stores, what it reports as changed. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { configureEnv } from "@/server/env";
import { enqueueFleetSyncs, startWorker } from "@/server/jobs/worker";
import { storeStatus } from "@/server/services/fleet";
import { syncFleet } from "@/server/services/fleet";
import { processWebhookEvent } from "@/server/services/webhooks";
import { saveApiKey } from "@/server/services/mycirrus";
import { DEMO_API_KEY } from "@/simulator/fixtures";
import { startSimulator, type RunningSimulator } from "@/simulator/server";
import { createOrg, createUser } from "../support/factories";

let simulator: RunningSimulator;

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, generatedOutages: false, ratePerSecond: 1000, burst: 1000 });
  configureEnv({ SIMULATOR_URL: simulator.apiUrl });
});
afterAll(async () => {
  await simulator?.close();
});

async function connectedOrg(apiKey = DEMO_API_KEY) {
  const owner = await createUser();
  const org = await createOrg({ owner: [owner] });
  await saveApiKey(org.id, owner.id, { apiKey, baseUrl: simulator.apiUrl });
  return org;
}

async function snapshotOf(organizationId: string, serial: string) {
  const instrument = await db().instrument.findUniqueOrThrow({
    where: { organizationId_serial: { organizationId, serial } },
    include: { snapshot: true },
  });
  return { instrument, snapshot: instrument.snapshot! };
}

describe("fleet sync", () => {
  it("stores every instrument with its status, health, LTE and last data time", async () => {
    const org = await connectedOrg();
    const report = await syncFleet(org.id);
    expect(report.instruments).toBe(12);
    expect(report.statusFailures).toBe(0);

    const online = await snapshotOf(org.id, "QT800001");
    expect(online.instrument).toMatchObject({
      type: "Noise",
      latitude: expect.any(Number),
      longitude: expect.any(Number),
    });
    expect(online.snapshot).toMatchObject({ online: true, measuring: true, statusAt: expect.any(Date) });
    expect(online.snapshot.voltage).toBeGreaterThan(11);
    expect(online.snapshot.lastCalibrationAt).toBeInstanceOf(Date);
    expect(online.snapshot.lastDataAt!.getTime()).toBeGreaterThan(Date.now() - 3 * 60 * 60 * 1000);

    expect((await snapshotOf(org.id, "QT800004")).snapshot.online).toBe(false);
    expect((await snapshotOf(org.id, "QT800005")).snapshot.voltage).toBeLessThan(11);
    expect((await snapshotOf(org.id, "QT800007")).snapshot.measuring).toBe(false);
    expect((await snapshotOf(org.id, "QT800002")).snapshot.lastSicStatus).not.toBe("Success");
    const aq = await snapshotOf(org.id, "AQ800010");
    expect(aq.instrument.type).toBe("AirQuality");
  });

  it("last data comes from each type's own data, and is searched further back when never known", async () => {
    const org = await connectedOrg();
    const now = Date.now();
    await syncFleet(org.id);
    const lastData = async (serial: string) => (await snapshotOf(org.id, serial)).snapshot.lastDataAt?.getTime();
    const near = (at: number | undefined, expected: number) =>
      expect(Math.abs(at! - expected)).toBeLessThan(15 * 60_000);
    // Simulator fleet: Old Town stopped measuring 6 h ago, Quay Road went offline 2 d 3 h ago.
    near(await lastData("QT800007"), now - 6 * 3_600_000);
    near(await lastData("QT800004"), now - 51 * 3_600_000);
    // Air quality (particulates) and vibration (PPV) report their own data.
    expect(await lastData("AQ800010")).toBeGreaterThan(now - 3 * 3_600_000);
    expect(await lastData("VB800011")).toBeGreaterThan(now - 3 * 3_600_000);
    expect(await lastData("QT800001")).toBeGreaterThan(now - 3 * 3_600_000);
  });

  it("searches days back for never-known last data at most every 6 hours, not on every sync", async () => {
    const org = await connectedOrg();
    await syncFleet(org.id);
    const state = () => db().fleetSyncState.findUniqueOrThrow({ where: { organizationId: org.id } });
    expect((await state()).lastDataSearchAt).toBeInstanceOf(Date);
    // As if Old Town's last data had never been found: the next sync leaves it, being within 6 hours.
    const oldTown = await snapshotOf(org.id, "QT800007");
    await db().instrumentSnapshot.update({
      where: { instrumentId: oldTown.instrument.id },
      data: { lastDataAt: null },
    });
    await syncFleet(org.id);
    expect((await snapshotOf(org.id, "QT800007")).snapshot.lastDataAt).toBeNull();
    // Six hours after the last search it is looked for again, and found.
    await db().fleetSyncState.update({
      where: { organizationId: org.id },
      data: { lastDataSearchAt: new Date(Date.now() - 6 * 3_600_000 - 1000) },
    });
    await syncFleet(org.id);
    expect((await snapshotOf(org.id, "QT800007")).snapshot.lastDataAt).toBeInstanceOf(Date);
  });

  it("reports before and after, and when online changed", async () => {
    const org = await connectedOrg();
    await syncFleet(org.id);
    await simulator.control.setOnline("QT800012", false);
    try {
      const report = await syncFleet(org.id);
      const change = report.changes.find((c) => c.serial === "QT800012")!;
      expect(change.before?.online).toBe(true);
      expect(change.after.online).toBe(false);
      const { snapshot } = await snapshotOf(org.id, "QT800012");
      expect(snapshot.onlineChangedAt!.getTime()).toBe(change.at.getTime());
    } finally {
      await simulator.control.setOnline("QT800012", true);
    }
  });

  it("keeps one organisation's fleet apart from another's", async () => {
    const a = await connectedOrg();
    const b = await connectedOrg();
    await syncFleet(a.id);
    expect(await db().instrument.count({ where: { organizationId: b.id } })).toBe(0);
    await syncFleet(b.id);
    expect(await db().instrument.count({ where: { organizationId: b.id } })).toBe(12);
    expect(await db().instrument.count({ where: { organizationId: a.id } })).toBe(12);
  });

  /** A signed delivery as the webhook route stores it, processed by the worker's code. */
  async function statusWebhook(organizationId: string, serial: string, online: boolean, time: Date) {
    const payload = { type: "InstrumentStatus", instrument: serial, time: time.toISOString(), online };
    const event = await db().webhookEvent.create({
      data: {
        organizationId,
        remoteWebhookId: `test-${serial}`,
        bodySha256: `${serial}-${time.getTime()}-${online}`,
        type: payload.type,
        instrumentSerial: serial,
        payload,
      },
    });
    expect(await processWebhookEvent({ eventId: event.id, organizationId })).toBe("processed");
  }

  it("a poll whose answer predates a webhook does not undo it; a later poll wins", async () => {
    const org = await connectedOrg();
    await syncFleet(org.id);
    // The poll asks while the instrument is still offline…
    await simulator.control.setOnline("QT800012", false);
    try {
      const pollAskedAt = new Date();
      // …it comes back and says so by webhook before the poll writes.
      const backAt = new Date(pollAskedAt.getTime() + 1000);
      await statusWebhook(org.id, "QT800012", true, backAt);
      const report = await syncFleet(org.id, pollAskedAt);
      expect(report.changes.find((c) => c.serial === "QT800012")!.after.online).toBe(true);
      let { snapshot } = await snapshotOf(org.id, "QT800012");
      expect(snapshot).toMatchObject({ online: true, statusAt: backAt });

      // The instrument page's live status read at the same moment does not undo it either.
      await storeStatus(
        org.id,
        {
          instrument: "QT800012",
          online: false,
          measuring: false,
          calibrationInProgress: false,
          sicInProgress: false,
          lastCalibration: null,
          lastSic: null,
        },
        pollAskedAt,
      );
      ({ snapshot } = await snapshotOf(org.id, "QT800012"));
      expect(snapshot.online).toBe(true);

      // A poll that asks after the webhook's time is newer: it stands.
      await syncFleet(org.id, new Date(backAt.getTime() + 1000));
      ({ snapshot } = await snapshotOf(org.id, "QT800012"));
      expect(snapshot.online).toBe(false);
    } finally {
      await simulator.control.setOnline("QT800012", true);
    }
  });

  it("records a failed sync for the organisation and rethrows", async () => {
    const org = await connectedOrg();
    await simulator.control.injectFault({ key: DEMO_API_KEY, mode: "500", count: 50 });
    try {
      await expect(syncFleet(org.id)).rejects.toThrow();
    } finally {
      await simulator.control.clearFaults(DEMO_API_KEY);
    }
    const state = await db().fleetSyncState.findUniqueOrThrow({ where: { organizationId: org.id } });
    expect(state.lastSyncError).toMatch(/MyCirrus/);
  });

  it("the worker runs the scheduled sync for every connected organisation", async () => {
    const org = await connectedOrg();
    const worker = await startWorker({ log: () => undefined });
    try {
      await enqueueFleetSyncs();
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && (await db().instrument.count({ where: { organizationId: org.id } })) === 0) {
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(await db().instrument.count({ where: { organizationId: org.id } })).toBe(12);
    } finally {
      await worker.stop();
    }
  }, 30_000);
});
