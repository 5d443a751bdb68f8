// Errors: keys (401), scopes (403), every error code, range limits, bad input, rate limit, faults, isolation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_API_KEY,
  EXPIRED_API_KEY,
  NO_WEBHOOKS_API_KEY,
  OTHER_ACCOUNT_API_KEY,
  READ_ONLY_API_KEY,
} from "../../simulator/fixtures.js";
import type { RunningSimulator } from "../../simulator/server.js";
import { api, expectErrorBody, range, startTestSimulator } from "./helpers.js";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});

describe("keys and scopes", () => {
  it("401 TokenExpired for missing, unknown and expired keys, with the documented text", async () => {
    for (const key of [null, "mycirrus-999999-0000000000000000", EXPIRED_API_KEY]) {
      const r = await api(sim, "/control/instruments", { key });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({
        error: "TokenExpired",
        description: "Your access token is invalid or has expired. Try refreshing the token.",
      });
    }
  });

  it("403 AccessDenied for a missing scope", async () => {
    const cases: Array<[string, string, string?]> = [
      [READ_ONLY_API_KEY, "/control/instruments/QT800001", "PUT"],
      [READ_ONLY_API_KEY, "/control/instruments/QT800001/action?action=Identify", "POST"],
      [READ_ONLY_API_KEY, "/webhooks", "POST"],
      [NO_WEBHOOKS_API_KEY, "/webhooks"],
    ];
    for (const [key, path, method] of cases) {
      const r = await api(sim, path, { key, method, body: method === "GET" || !method ? undefined : { name: "x" } });
      expect(r.status, path).toBe(403);
      expect(r.body).toEqual({ error: "AccessDenied", description: "You do not have permission to access this data." });
    }
    // read-only can read
    expect((await api(sim, "/control/instruments", { key: READ_ONLY_API_KEY })).status).toBe(200);
    // event audio needs both events and audio scopes
    const k = await sim.control.createKey({ scopes: ["data.events:read"] });
    expect((await api(sim, "/data/events/audio/anything?format=WAV", { key: k.key })).status).toBe(403);
    const k2 = await sim.control.createKey({ scopes: ["instruments:read"] });
    expect(
      (
        await api(sim, `/data/noise/measurements?${range("2025-06-10T10:00:00Z", "2025-06-10T10:01:00Z")}`, {
          key: k2.key,
        })
      ).status,
    ).toBe(403);
  });

  it("an expired key made through the control surface answers 401", async () => {
    const k = await sim.control.createKey({ expired: true, scopes: ["instruments:read"] });
    expect(k.key).toMatch(/^mycirrus-\d{6}-[0-9A-F]{16}$/);
    expect((await api(sim, "/control/instruments", { key: k.key })).status).toBe(401);
  });
});

describe("cross-account isolation", () => {
  it("a key sees only its account's instruments; other serials are 404 NotFound", async () => {
    const mine = await api<any[]>(sim, "/control/instruments", { key: OTHER_ACCOUNT_API_KEY });
    expect(mine.body.map((i) => i.serialNumber)).toEqual(["QT900001", "QT900002", "QT900003"]);
    const r = await api(sim, "/control/instruments/QT800001", { key: OTHER_ACCOUNT_API_KEY });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: "NotFound", description: "The instrument QT800001 could not be found." });
    const d = await api(
      sim,
      `/data/noise/measurements?${range("2025-06-10T10:00:00Z", "2025-06-10T10:01:00Z", "QT800001")}`,
      { key: OTHER_ACCOUNT_API_KEY },
    );
    expect(d.status).toBe(404);
    expectErrorBody(d.body, "NotFound");
    // event ids of another account do not resolve
    const ev = (await api<any[]>(sim, `/data/events?${range("2025-06-09T00:00:00Z", "2025-06-10T00:00:00Z")}`)).body[0];
    expect(
      (await api(sim, `/data/events/timehistory/${ev.timeHistoryId}`, { key: OTHER_ACCOUNT_API_KEY })).status,
    ).toBe(404);
    // webhooks of another account are invisible
    const wh = await api(sim, "/webhooks", {
      method: "POST",
      body: { type: "NewEvent", instrument: "QT800001", url: "https://example.com/h" },
    });
    expect(wh.status).toBe(201);
    expect((await api(sim, `/webhooks/${wh.body.id}`, { key: OTHER_ACCOUNT_API_KEY })).status).toBe(404);
    expect((await api<any[]>(sim, "/webhooks", { key: OTHER_ACCOUNT_API_KEY })).body).toEqual([]);
    const created = await sim.control.createAccount(2, "Tenant B");
    const list = await api<any[]>(sim, "/control/instruments", { key: created.key });
    expect(list.body.map((i) => i.serialNumber)).toEqual(created.serials);
  });
});

describe("parameter errors", () => {
  const m = "/data/noise/measurements";
  it("MissingParam for each required parameter", async () => {
    const cases: Array<[string, string]> = [
      [`${m}?start=2025-06-10T10:00:00Z&end=2025-06-10T11:00:00Z`, "instruments"],
      [`${m}?instruments=QT800001&end=2025-06-10T11:00:00Z`, "start"],
      [`${m}?instruments=QT800001&start=2025-06-10T10:00:00Z`, "end"],
      ["/data/monitor/current", "instruments"],
      ["/control/instruments/QT800001/action", "action"],
    ];
    for (const [path, name] of cases) {
      const r = await api(sim, path, { method: path.includes("action") ? "POST" : "GET" });
      expect(r.status, path).toBe(400);
      expect(r.body).toEqual({
        error: "MissingParam",
        description: `The required parameter ${name} was missing from the request.`,
      });
    }
  });

  it("malformed dates and start after end are 400", async () => {
    for (const bad of ["yesterday", "2025-13-01T00:00:00Z", "2025-02-30T00:00:00Z", "2025-06-10T25:00:00Z"]) {
      const r = await api(sim, `${m}?instruments=QT800001&start=${encodeURIComponent(bad)}&end=2025-06-10T11:00:00Z`);
      expect(r.status, bad).toBe(400);
      expectErrorBody(r.body, "InvalidParam");
    }
    const r = await api(sim, `${m}?${range("2025-06-10T11:00:00Z", "2025-06-10T10:00:00Z")}`);
    expect(r.status).toBe(400);
    expectErrorBody(r.body, "InvalidRange");
  });

  it("per-endpoint range limits answer 400 InvalidRange just above the limit and 200 at it", async () => {
    const cases: Array<[string, string, string, string?]> = [
      ["/data/noise/measurements", "2025-05-10T00:00:00Z", "2025-06-10T00:00:00Z"],
      ["/data/noise/timehistory", "2025-06-03T00:00:00Z", "2025-06-10T00:00:00Z", "&period=PT1M"],
      ["/data/frequency/measurements", "2025-05-10T00:00:00Z", "2025-06-10T00:00:00Z", "&period=P1D"],
      ["/data/frequency/timehistory", "2025-06-09T00:00:00Z", "2025-06-10T00:00:00Z", "&period=PT1M"],
      ["/data/weather", "2025-05-10T00:00:00Z", "2025-06-10T00:00:00Z", "&period=P1D"],
      ["/data/particulates", "2025-05-10T00:00:00Z", "2025-06-10T00:00:00Z", "&period=P1D"],
      ["/data/gases", "2025-05-10T00:00:00Z", "2025-06-10T00:00:00Z", "&period=P1D"],
      ["/data/vibration/PPV", "2025-05-10T00:00:00Z", "2025-06-10T00:00:00Z", "&period=P1D"],
      ["/data/events", "2025-05-10T00:00:00Z", "2025-06-10T00:00:00Z"],
      ["/data/audio", "2025-05-10T00:00:00Z", "2025-06-10T00:00:00Z"],
      ["/data/calibrations", "2024-06-09T00:00:00Z", "2025-06-10T00:00:00Z"],
      ["/data/calibrations/log", "2024-06-09T00:00:00Z", "2025-06-10T00:00:00Z"],
      ["/data/sic", "2024-06-09T00:00:00Z", "2025-06-10T00:00:00Z"],
      ["/data/monitor/stats", "2025-05-10T00:00:00Z", "2025-06-10T00:00:00Z"],
      ["/data/monitor/events", "2025-05-10T00:00:00Z", "2025-06-10T00:00:00Z"],
    ];
    for (const [path, start, end, extra = ""] of cases) {
      const ok = await api(sim, `${path}?${range(start, end, "QT800012")}${extra}`);
      expect(ok.status, `${path} at the limit`).toBe(200);
      const over = new Date(Date.parse(start) - 1000).toISOString();
      const r = await api(sim, `${path}?${range(over, end, "QT800012")}${extra}`);
      expect(r.status, `${path} over the limit`).toBe(400);
      expectErrorBody(r.body, "InvalidRange");
    }
  });

  it("InvalidPeriod for malformed, too short, too long or non-multiple periods", async () => {
    const q = range("2025-06-10T10:00:00Z", "2025-06-10T11:00:00Z");
    for (const [path, p] of [
      ["/data/noise/measurements", "banana"],
      ["/data/noise/measurements", "PT30S"],
      ["/data/noise/measurements", "P2D"],
      ["/data/noise/measurements", "PT90S"],
      ["/data/noise/timehistory", "PT2M"],
      ["/data/noise/timehistory", "PT0.05S"],
      ["/data/frequency/timehistory", "PT5M"],
      ["/data/weather", "PT30S"],
    ]) {
      const r = await api(sim, `${path}?${q}&period=${p}`);
      expect(r.status, `${path} ${p}`).toBe(400);
      expectErrorBody(r.body, "InvalidPeriod");
    }
    // the 15-minute instrument refuses PT1M
    const r = await api(
      sim,
      `/data/noise/measurements?${range("2025-06-10T10:00:00Z", "2025-06-10T11:00:00Z", "QT800008")}&period=PT1M`,
    );
    expectErrorBody(r.body, "InvalidPeriod");
    // PT1S time history is not available on a 1 s instrument at 100 ms
    const th = await api(
      sim,
      `/data/noise/timehistory?${range("2025-06-10T10:00:00Z", "2025-06-10T10:01:00Z", "QT800012")}&period=PT0.1S`,
    );
    expectErrorBody(th.body, "InvalidPeriod");
  });

  it("InvalidValues when all values are invalid, InvalidParam for bad bands/weighting/action", async () => {
    const q = range("2025-06-10T10:00:00Z", "2025-06-10T11:00:00Z");
    expectErrorBody((await api(sim, `/data/noise/measurements?${q}&values=Foo,Bar`)).body, "InvalidValues");
    expectErrorBody((await api(sim, `/data/noise/measurements?${q}&values=LAF90&period=PT5M`)).body, "InvalidValues");
    expectErrorBody((await api(sim, `/data/noise/timehistory?${q}&values=Nope`)).body, "InvalidValues");
    expectErrorBody((await api(sim, `/data/frequency/measurements?${q}&bands=Quarter`)).body, "InvalidParam");
    expectErrorBody((await api(sim, `/data/frequency/timehistory?${q}&weighting=B`)).body, "InvalidParam");
    const a = await api(sim, "/control/instruments/QT800001/action?action=Dance", { method: "POST" });
    expect(a.status).toBe(400);
    expect(a.body).toEqual({ error: "InvalidAction", description: "Unknown action (Dance)" });
  });

  it("unknown serials, routes and methods", async () => {
    const r = await api(sim, "/control/instruments/QT123456");
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: "NotFound", description: "The instrument QT123456 could not be found." });
    for (const sub of ["status", "calibration", "sic"])
      expect((await api(sim, `/control/instruments/QT123456/${sub}`)).status).toBe(404);
    expect((await api(sim, "/control/instruments/QT123456/action?action=Identify", { method: "POST" })).status).toBe(
      404,
    );
    const nr = await api(sim, "/no/such/route");
    expect(nr.status).toBe(404);
    expectErrorBody(nr.body, "NotFound");
    const root = await fetch(`${sim.url}/whatever`);
    expect(root.status).toBe(404);
    const mm = await api(sim, "/control/instruments", { method: "DELETE" });
    expect(mm.status).toBe(405);
    expectErrorBody(mm.body, "MethodNotAllowed");
  });
});

describe("bodies", () => {
  it("malformed JSON is 400 InvalidBody; oversized is 413; never a 500", async () => {
    const bad = await api(sim, "/webhooks", { method: "POST", rawBody: "{not json" });
    expect(bad.status).toBe(400);
    expectErrorBody(bad.body, "InvalidBody");
    const arr = await api(sim, "/control/instruments/QT800001", { method: "PUT", rawBody: "[1,2]" });
    expect(arr.status).toBe(400);
    expectErrorBody(arr.body, "InvalidBody");
    const big = await api(sim, "/webhooks", {
      method: "POST",
      rawBody: JSON.stringify({ pad: "x".repeat(70 * 1024) }),
    });
    expect(big.status).toBe(413);
    expectErrorBody(big.body, "PayloadTooLarge");
    const empty = await api(sim, "/control/instruments/QT800001", { method: "PUT", rawBody: "" });
    expect(empty.status).toBe(400);
    const noName = await api(sim, "/control/instruments/QT800001", { method: "PUT", body: { model: "x" } });
    expectErrorBody(noName.body, "MissingParam");
    const badName = await api(sim, "/control/instruments/QT800001", { method: "PUT", body: { name: 42 } });
    expectErrorBody(badName.body, "InvalidParam");
    // the server still answers
    expect((await api(sim, "/control/instruments")).status).toBe(200);
  });

  it("malformed percent-encoding in a path is not a 500", async () => {
    const r = await api(sim, "/control/instruments/%E0%A4%A");
    expect(r.status).toBe(404);
  });
});

describe("rate limiting", () => {
  it("token bucket per key: burst then 429 TooManyRequests with Retry-After; other keys unaffected", async () => {
    const limited = await startTestSimulator({ ratePerSecond: 1, burst: 5 });
    try {
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof api>> | null = null;
      for (let i = 0; i < 8; i++) {
        last = await api(limited, "/control/instruments");
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses.slice(5)).toEqual([429, 429, 429]);
      expect(last!.body).toEqual({
        error: "TooManyRequests",
        description: "You have made too many requests in a short time. Please wait before trying again.",
      });
      expect(Number(last!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect((await api(limited, "/control/instruments", { key: READ_ONLY_API_KEY })).status).toBe(200);
      await limited.control.setRateLimit(1000, 1000);
      expect((await api(limited, "/control/instruments")).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe("injected faults", () => {
  it("429 with Retry-After, 500, 503, malformed and timeout, for N requests or until cleared", async () => {
    await sim.control.injectFault({ key: DEMO_API_KEY, mode: "429", retryAfter: 7, count: 1 });
    const a = await api(sim, "/control/instruments");
    expect(a.status).toBe(429);
    expect(a.headers.get("retry-after")).toBe("7");
    expect((await api(sim, "/control/instruments")).status).toBe(200);

    await sim.control.injectFault({ key: DEMO_API_KEY, mode: "500", count: 2 });
    expect((await api(sim, "/control/instruments")).status).toBe(500);
    expect((await api(sim, "/control/instruments")).status).toBe(500);
    expect((await api(sim, "/control/instruments")).status).toBe(200);

    await sim.control.injectFault({ mode: "503" });
    expect((await api(sim, "/control/instruments", { key: READ_ONLY_API_KEY })).status).toBe(503);
    expect((await api(sim, "/control/instruments")).status).toBe(503);
    await sim.control.clearFaults();
    expect((await api(sim, "/control/instruments")).status).toBe(200);

    await sim.control.injectFault({ key: DEMO_API_KEY, mode: "malformed", count: 1 });
    const mal = await api(sim, "/control/instruments");
    expect(mal.status).toBe(200);
    expect(() => JSON.parse(mal.text)).toThrow();

    await sim.control.injectFault({ key: DEMO_API_KEY, mode: "timeout", count: 1, hangMs: 10_000 });
    const started = Date.now();
    await expect(
      fetch(`${sim.apiUrl}/control/instruments`, {
        headers: { "X-Api-Key": DEMO_API_KEY },
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await api(sim, "/control/instruments")).status).toBe(200);
  });
});
