// Webhooks: CRUD, signed delivery verified independently, retries, actions and their webhooks.
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { NO_WEBHOOKS_API_KEY } from "../../simulator/fixtures.js";
import type { RunningSimulator } from "../../simulator/server.js";
import { api, expectErrorBody, range, startTestSimulator } from "./helpers.js";

interface Received {
  headers: Record<string, string | string[] | undefined>;
  raw: Buffer;
}

/** A receiver that answers the given status codes in turn (then 200). */
async function receiver(
  statuses: number[] = [],
): Promise<{ url: string; got: Received[]; close: () => Promise<void> }> {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      got.push({ headers: req.headers, raw: Buffer.concat(chunks) });
      res.statusCode = statuses.shift() ?? 200;
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/hook`, got, close: () => new Promise((r) => server.close(() => r())) };
}

async function until(cond: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

let sim: RunningSimulator;
/** Registers a webhook as a client would (POST /webhooks with this body). */
const postWebhook = <T = any>(body: Record<string, unknown>) => api<T>(sim, "/webhooks", { method: "POST", body });
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});
afterEach(async () => {
  await sim.control.reset();
});

describe("webhook CRUD", () => {
  it("create (201) returns the webhook with a generated UUID secret; list, get, update (200), delete (204)", async () => {
    const c = await postWebhook({
      type: "NewMeasurement",
      instrument: "QT800001",
      url: "https://example.com/mywebhook",
      secret: "",
    });
    expect(c.status).toBe(201);
    expect(Object.keys(c.body).sort()).toEqual(["id", "instrument", "secret", "type", "url"]);
    expect(c.body.secret).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(c.body).toMatchObject({
      type: "NewMeasurement",
      instrument: "QT800001",
      url: "https://example.com/mywebhook",
    });
    const list = await api<any[]>(sim, "/webhooks");
    expect(list.body).toEqual([c.body]);
    expect((await api(sim, `/webhooks/${c.body.id}`)).body).toEqual(c.body);
    const u = await api(sim, `/webhooks/${c.body.id}`, {
      method: "PUT",
      body: { url: "https://example.com/other", secret: "s3cret" },
    });
    expect(u.status).toBe(200);
    expect(u.body).toMatchObject({
      id: c.body.id,
      url: "https://example.com/other",
      secret: "s3cret",
      type: "NewMeasurement",
    });
    const d = await api(sim, `/webhooks/${c.body.id}`, { method: "DELETE" });
    expect(d.status).toBe(204);
    expect(d.text).toBe("");
    expect((await api(sim, `/webhooks/${c.body.id}`)).status).toBe(404);
    expect((await api<any[]>(sim, "/webhooks")).body).toEqual([]);
  });

  it("validation: https only (loopback http allowed), one per instrument and type, unknown instrument 400 NotFound, missing fields", async () => {
    const bad = await postWebhook({ type: "NewEvent", instrument: "QT800001", url: "http://example.com/hook" });
    expect(bad.status).toBe(400);
    expectErrorBody(bad.body, "InvalidParam");
    for (const url of ["http://127.0.0.1:9/x", "http://localhost:9/x", "http://[::1]:9/x"]) {
      const ok = await postWebhook({ type: "NewEvent", instrument: "QT800001", url });
      expect(ok.status, url).toBe(201);
      await api(sim, `/webhooks/${ok.body.id}`, { method: "DELETE" });
    }
    for (const url of ["ftp://x/y", "not a url"]) {
      expectErrorBody((await postWebhook({ type: "NewEvent", instrument: "QT800001", url })).body, "InvalidParam");
    }
    await postWebhook({ type: "NewEvent", instrument: "QT800001", url: "https://a.example/h" });
    const dup = await postWebhook({ type: "NewEvent", instrument: "QT800001", url: "https://b.example/h" });
    expect(dup.status).toBe(400);
    const nf = await postWebhook({ type: "NewEvent", instrument: "QT123456", url: "https://a.example/h" });
    expect(nf.status).toBe(400);
    expect(nf.body).toEqual({ error: "NotFound", description: "The instrument QT123456 could not be found." });
    expect((await postWebhook({ instrument: "QT800001", url: "https://a.example/h" })).body).toEqual({
      error: "MissingParam",
      description: "The required parameter type was missing from the request.",
    });
    expectErrorBody(
      (await postWebhook({ type: "Bogus", instrument: "QT800001", url: "https://a.example/h" })).body,
      "InvalidParam",
    );
    expect((await api(sim, "/webhooks", { key: NO_WEBHOOKS_API_KEY })).status).toBe(403);
    expect((await api(sim, "/webhooks/nope", { method: "PUT", body: { url: "https://a.example/h" } })).status).toBe(
      404,
    );
    expect((await api(sim, "/webhooks/nope", { method: "DELETE" })).status).toBe(404);
  });
});

describe("webhook delivery", () => {
  it("signs with lower-case hex HMAC-SHA256 of the raw body; headers as documented", async () => {
    const rx = await receiver();
    try {
      const wh = (
        await postWebhook({ type: "InstrumentStatus", instrument: "QT800001", url: rx.url, secret: "topsecret" })
      ).body;
      await sim.control.setOnline("QT800001", false);
      await until(() => rx.got.length === 1);
      const { headers, raw } = rx.got[0]!;
      expect(headers["content-type"]).toBe("application/json");
      expect(headers["x-webhook-id"]).toBe(wh.id);
      const expected = createHmac("sha256", "topsecret").update(raw).digest("hex");
      expect(headers["x-webhook-signature"]).toBe(expected);
      expect(JSON.parse(raw.toString("utf8"))).toEqual({
        type: "InstrumentStatus",
        instrument: "QT800001",
        time: "2025-06-10T12:00:00Z",
        online: false,
      });
      await sim.control.setOnline("QT800001", true);
      await until(() => rx.got.length === 2);
      expect(JSON.parse(rx.got[1]!.raw.toString()).online).toBe(true);
      const attempts = await sim.control.deliveries({ webhookId: wh.id });
      expect(attempts.map((a) => [a.attempt, a.statusCode, a.success])).toEqual([
        [1, 200, true],
        [1, 200, true],
      ]);
    } finally {
      await rx.close();
    }
  });

  it("retries a receiver that fails 3 times then succeeds: exactly 4 attempts, identical bodies, simulator-clock delays", async () => {
    const rx = await receiver([500, 503, 404]);
    try {
      await sim.control.setWebhookConfig({ retryDelaysMs: [1000, 2000, 4000, 8000, 16000] });
      const wh = (await postWebhook({ type: "NewEvent", instrument: "QT800001", url: rx.url })).body;
      await sim.control.triggerEvent("QT800001", { durationSeconds: 15, peak: 88 });
      // wait for each attempt to be recorded (its retry is then scheduled) before moving the clock
      const recorded = (n: number) => sim.control.waitForDeliveries((l) => l.length === n, { webhookId: wh.id });
      await recorded(1);
      // the clock is frozen: no retry until it moves
      await new Promise((r) => setTimeout(r, 100));
      expect(rx.got.length).toBe(1);
      await sim.control.advance(999);
      await new Promise((r) => setTimeout(r, 50));
      expect(rx.got.length).toBe(1);
      await sim.control.advance(1);
      await recorded(2);
      await sim.control.advance(2000);
      await recorded(3);
      await sim.control.advance(4000);
      await recorded(4);
      await sim.control.advance(60_000);
      await new Promise((r) => setTimeout(r, 100));
      expect(rx.got.length).toBe(4);
      const bodies = new Set(rx.got.map((g) => g.raw.toString("utf8")));
      expect(bodies.size).toBe(1);
      expect(JSON.parse([...bodies][0]!)).toMatchObject({
        type: "NewEvent",
        instrument: "QT800001",
        time: "2025-06-10T12:00:00Z",
        eventTime: "2025-06-10T11:59:45Z",
      });
      const attempts = await sim.control.deliveries({ webhookId: wh.id });
      expect(attempts.map((a) => [a.attempt, a.statusCode, a.success])).toEqual([
        [1, 500, false],
        [2, 503, false],
        [3, 404, false],
        [4, 200, true],
      ]);
      expect(attempts.map((a) => a.time)).toEqual([
        "2025-06-10T12:00:00.000Z",
        "2025-06-10T12:00:01.000Z",
        "2025-06-10T12:00:03.000Z",
        "2025-06-10T12:00:07.000Z",
      ]);
      for (const a of attempts) expect(a.durationMs).toBeGreaterThanOrEqual(0);
    } finally {
      await rx.close();
    }
  });

  it("gives up after 5 retries (6 attempts) and records connection errors", async () => {
    await sim.control.setWebhookConfig({ retryDelaysMs: [10, 10, 10, 10, 10] });
    await sim.control.setSpeed(1);
    await postWebhook({ type: "NewEvent", instrument: "QT800001", url: "http://127.0.0.1:9/nothing-listens" });
    await sim.control.triggerEvent("QT800001");
    const attempts = await sim.control.waitForDeliveries((l) => l.length >= 6);
    await new Promise((r) => setTimeout(r, 200));
    const final = await sim.control.deliveries();
    expect(final.length).toBe(6);
    expect(final.every((a) => a.statusCode === null && a.error && !a.success)).toBe(true);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("NewMeasurement every measurement period, as the clock advances", async () => {
    const rx = await receiver();
    try {
      await postWebhook({ type: "NewMeasurement", instrument: "QT800001", url: rx.url });
      await sim.control.advance(3 * 60_000);
      await until(() => rx.got.length === 3);
      const msgs = rx.got.map((g) => JSON.parse(g.raw.toString()));
      expect(msgs.map((m) => m.endTime)).toEqual([
        "2025-06-10T12:01:00Z",
        "2025-06-10T12:02:00Z",
        "2025-06-10T12:03:00Z",
      ]);
      expect(msgs[0]).toEqual({
        type: "NewMeasurement",
        instrument: "QT800001",
        time: "2025-06-10T12:01:00Z",
        endTime: "2025-06-10T12:01:00Z",
      });
      const data = await api<any[]>(
        sim,
        `/data/noise/measurements?${range("2025-06-10T12:00:00Z", "2025-06-10T13:00:00Z")}`,
      );
      expect(data.body.map((r) => r.startTime)).toEqual([
        "2025-06-10T12:00:00Z",
        "2025-06-10T12:01:00Z",
        "2025-06-10T12:02:00Z",
      ]);
    } finally {
      await rx.close();
    }
  });

  it("NewEvent for generated events as they finish, matching /data/events", async () => {
    const rx = await receiver();
    try {
      await postWebhook({ type: "NewEvent", instrument: "QT800001", url: rx.url });
      await sim.control.advance("PT6H");
      const events = (await api<any[]>(sim, `/data/events?${range("2025-06-10T12:00:00Z", "2025-06-10T18:00:00Z")}`))
        .body;
      expect(events.length).toBeGreaterThan(0);
      await until(() => rx.got.length === events.length);
      const msgs = rx.got
        .map((g) => JSON.parse(g.raw.toString()))
        .sort((a, b) => a.eventTime.localeCompare(b.eventTime));
      expect(msgs.map((m) => m.eventTime)).toEqual(events.map((e) => e.startTime));
      expect(msgs.map((m) => m.time)).toEqual(events.map((e) => e.endTime));
    } finally {
      await rx.close();
    }
  });
});

describe("actions", () => {
  it("Identify: Success when online, Failed when offline", async () => {
    const ok = await api(sim, "/control/instruments/QT800001/action?action=Identify", { method: "POST" });
    expect(ok.body).toEqual({ action: "Identify", status: "Success" });
    const off = await api(sim, "/control/instruments/QT800004/action?action=Identify", { method: "POST" });
    expect(off.body).toEqual({ action: "Identify", status: "Failed" });
  });

  it("Calibration: InProgress, then status, latest, history and webhook change together after the delay", async () => {
    const rx = await receiver();
    try {
      await sim.control.setActionDelay({ calibrationMs: 30_000 });
      const secret = "cal-secret";
      await postWebhook({ type: "CalibrationFinished", instrument: "QT800003", url: rx.url, secret });
      const before = (await api(sim, "/control/instruments/QT800003/calibration")).body;
      const r = await api(sim, "/control/instruments/QT800003/action?action=Calibration", { method: "POST" });
      expect(r.body).toEqual({ action: "Calibration", status: "InProgress" });
      expect((await api(sim, "/control/instruments/QT800003/status")).body.calibrationInProgress).toBe(true);
      const again = await api(sim, "/control/instruments/QT800003/action?action=Calibration", { method: "POST" });
      expect(again.body.status).toBe("InProgress");
      await sim.control.advance(29_000);
      expect((await api(sim, "/control/instruments/QT800003/calibration")).body).toEqual(before);
      expect(rx.got.length).toBe(0);
      await sim.control.advance(1_000);
      const status = (await api(sim, "/control/instruments/QT800003/status")).body;
      expect(status.calibrationInProgress).toBe(false);
      expect(status.lastCalibration.time).toBe("2025-06-10T12:00:30Z");
      expect(status.lastCalibration.status).toBe("Success");
      expect((await api(sim, "/control/instruments/QT800003/calibration")).body).toEqual(status.lastCalibration);
      const hist = (
        await api<any[]>(sim, `/data/calibrations?${range("2025-06-10T00:00:00Z", "2025-06-10T13:00:00Z", "QT800003")}`)
      ).body;
      expect(hist.at(-1)).toEqual({
        Time: "2025-06-10T12:00:30Z",
        Status: "Success",
        Instrument: "QT800003",
        Level: status.lastCalibration.level,
        Offset: status.lastCalibration.offset,
      });
      await until(() => rx.got.length === 1);
      const raw = rx.got[0]!.raw;
      expect(rx.got[0]!.headers["x-webhook-signature"]).toBe(createHmac("sha256", secret).update(raw).digest("hex"));
      expect(JSON.parse(raw.toString())).toEqual({
        type: "CalibrationFinished",
        instrument: "QT800003",
        time: "2025-06-10T12:00:30Z",
        status: "Success",
        data: status.lastCalibration,
      });
      const log = (
        await api<any[]>(
          sim,
          `/data/calibrations/log?${range("2025-06-10T00:00:00Z", "2025-06-10T13:00:00Z", "QT800003")}`,
        )
      ).body;
      expect(log.at(-1).message).toMatch(/^Calibration: /);
    } finally {
      await rx.close();
    }
  });

  it("control can make the next SIC fail: SicFinished with Failed and SIC data", async () => {
    const rx = await receiver();
    try {
      await sim.control.setActionDelay({ sicMs: 5_000 });
      await postWebhook({ type: "SicFinished", instrument: "QT800001", url: rx.url });
      await sim.control.failNext("QT800001", "SIC");
      expect((await api(sim, "/control/instruments/QT800001/action?action=SIC", { method: "POST" })).body).toEqual({
        action: "SIC",
        status: "InProgress",
      });
      expect((await api(sim, "/control/instruments/QT800001/status")).body.sicInProgress).toBe(true);
      await sim.control.advance(5_000);
      const sic = (await api(sim, "/control/instruments/QT800001/sic")).body;
      expect(sic).toMatchObject({ time: "2025-06-10T12:00:05Z", status: "Failed" });
      const status = (await api(sim, "/control/instruments/QT800001/status")).body;
      expect(status.sicInProgress).toBe(false);
      expect(status.lastSic).toEqual({
        time: sic.time,
        status: "Failed",
        _500Hz: sic._500hz,
        _1KHz: sic._1khz,
        _8KHz: sic._8khz,
      });
      await until(() => rx.got.length === 1);
      const msg = JSON.parse(rx.got[0]!.raw.toString());
      expect(msg).toMatchObject({
        type: "SicFinished",
        instrument: "QT800001",
        time: "2025-06-10T12:00:05Z",
        status: "Failed",
        data: status.lastSic,
      });
      expect(typeof msg.error).toBe("string");
      const hist = (
        await api<any[]>(sim, `/data/sic?${range("2025-06-10T00:00:00Z", "2025-06-10T13:00:00Z", "QT800001")}`)
      ).body;
      expect(hist.at(-1)).toMatchObject({ time: "2025-06-10T12:00:05.0000000Z", status: "Failed" });
      // the next one succeeds again
      await api(sim, "/control/instruments/QT800001/action?action=SIC", { method: "POST" });
      await sim.control.advance(5_000);
      expect((await api(sim, "/control/instruments/QT800001/sic")).body.status).toBe("Success");
    } finally {
      await rx.close();
    }
  });

  it("Calibration on an offline instrument fails at once", async () => {
    const r = await api(sim, "/control/instruments/QT800004/action?action=Calibration", { method: "POST" });
    expect(r.body).toEqual({ action: "Calibration", status: "Failed" });
  });
});

describe("control surface", () => {
  it("health overrides show in monitor current and stats; measuring off stops data; reset restores", async () => {
    await sim.control.setHealth("QT800001", { voltage: 10.2, lteRsrp: -121 });
    await sim.control.advance(120_000);
    const cur = (await api<any[]>(sim, "/data/monitor/current?instruments=QT800001")).body[0];
    expect(cur.voltage).toBe(10.2);
    const stats = (
      await api<any[]>(sim, `/data/monitor/stats?${range("2025-06-10T12:00:00Z", "2025-06-10T12:02:00Z")}`)
    ).body;
    expect(stats.map((s) => s.lteRsrp)).toEqual([-121, -121]);
    await sim.control.setMeasuring("QT800001", false);
    await sim.control.advance(180_000);
    const m = (
      await api<any[]>(sim, `/data/noise/measurements?${range("2025-06-10T12:00:00Z", "2025-06-10T13:00:00Z")}`)
    ).body;
    expect(m.map((x) => x.startTime)).toEqual(["2025-06-10T12:00:00Z", "2025-06-10T12:01:00Z"]);
    await sim.control.reset();
    expect((await sim.control.clock()).now).toBe("2025-06-10T12:00:00Z");
    expect((await api(sim, "/control/instruments/QT800001/status")).body.measuring).toBe(true);
  });

  it("added instruments appear in the list", async () => {
    const added = await sim.control.addInstruments({ count: 2 });
    const list = (await api<any[]>(sim, "/control/instruments")).body.map((i) => i.serialNumber);
    for (const a of added) expect(list).toContain(a.serialNumber);
    expect(list).toHaveLength(14);
  });
});
