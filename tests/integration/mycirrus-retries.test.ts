/**
 * Retries: only 429/5xx/timeouts/network, never sooner than Retry-After, never
 * for 400/401/403/404 or bodies we cannot read. Upstream requests are counted
 * on the wire.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_SERIALS as S, DEMO_API_KEY, EXPIRED_API_KEY, READ_ONLY_API_KEY } from "@/simulator/fixtures";
import type { RunningSimulator } from "@/simulator/server";
import { MyCirrusError } from "@/server/mycirrus";
import { caught, clientFor, startSim } from "./mycirrus-helpers";

let sim: RunningSimulator;
const NOW = new Date("2025-06-10T12:00:00Z");

beforeAll(async () => {
  sim = await startSim();
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(async () => {
  await sim.control.clearFaults();
});

describe("retries", () => {
  it("429 with Retry-After: 2 → the next attempt is sent at least 2 s after the 429 arrived, then succeeds", async () => {
    const { client, records } = await clientFor(sim, DEMO_API_KEY, { retryBaseDelayMs: 10 });
    await sim.control.injectFault({ key: DEMO_API_KEY, mode: "429", count: 1, retryAfter: 2 });
    const list = await client.listInstruments();
    expect(list.length).toBe(12);
    expect(records.map((r) => r.status)).toEqual([429, 200]);
    const gap = records[1]!.sentAt - records[0]!.answeredAt!;
    expect(gap).toBeGreaterThanOrEqual(2000);
    expect(gap).toBeLessThan(4000);
  });

  it("gives up instead of retrying early when Retry-After exceeds the time budget", async () => {
    const { client, records } = await clientFor(sim, DEMO_API_KEY, { maxRetryTimeMs: 1_000 });
    await sim.control.injectFault({ key: DEMO_API_KEY, mode: "429", count: 1, retryAfter: 5 });
    const err = (await caught(client.listInstruments())) as MyCirrusError;
    expect(err).toMatchObject({ kind: "rate_limited", status: 429, retryAfterMs: 5000 });
    expect(records.length).toBe(1);
  });

  it("retries 5xx with backoff and succeeds; stops after maxAttempts", async () => {
    const { client, records } = await clientFor(sim, DEMO_API_KEY);
    await sim.control.injectFault({ key: DEMO_API_KEY, mode: "500", count: 2 });
    expect((await client.getInstrument(S.online)).serialNumber).toBe(S.online);
    expect(records.map((r) => r.status)).toEqual([500, 500, 200]);

    await sim.control.injectFault({ key: DEMO_API_KEY, mode: "503", count: 10, retryAfter: 0 });
    const err = (await caught(client.getInstrument(S.online))) as MyCirrusError;
    expect(err).toMatchObject({
      kind: "server",
      status: 503,
      attempts: 3,
      endpoint: "GET /control/instruments/{serial}",
    });
    expect(records.length).toBe(3 + 3);
  });

  it("a hung request times out per attempt and is retried", async () => {
    const { client, records } = await clientFor(sim, DEMO_API_KEY, { timeoutMs: 200 });
    await sim.control.injectFault({ key: DEMO_API_KEY, mode: "timeout", count: 1, hangMs: 5_000 });
    const started = performance.now();
    expect((await client.listInstruments()).length).toBe(12);
    expect(records.length).toBe(2);
    expect(performance.now() - started).toBeLessThan(2_000);

    await sim.control.injectFault({ key: DEMO_API_KEY, mode: "timeout", count: 5, hangMs: 5_000 });
    const err = (await caught(client.listInstruments())) as MyCirrusError;
    expect(err).toMatchObject({ kind: "timeout", attempts: 3 });
  });

  it("network errors (nothing listening) are retried and classified", async () => {
    const dead = await startSim();
    await dead.close();
    const { client, records } = await clientFor(dead, DEMO_API_KEY, { maxAttempts: 2 });
    const err = (await caught(client.listInstruments())) as MyCirrusError;
    expect(err).toMatchObject({ kind: "network", attempts: 2, endpoint: "GET /control/instruments" });
    expect(records.length).toBe(2);
  });
});

describe("no retry", () => {
  it("400 carries the upstream error and description, one request", async () => {
    const { client, records } = await clientFor(sim, DEMO_API_KEY);
    const err = (await caught(
      client.noiseTimeHistory({
        instruments: [S.online],
        start: new Date(NOW.getTime() - 3600_000),
        end: NOW,
        period: "PT5M",
      }),
    )) as MyCirrusError;
    expect(err).toBeInstanceOf(MyCirrusError);
    expect(err).toMatchObject({
      kind: "bad_request",
      status: 400,
      upstreamError: "InvalidPeriod",
      endpoint: "GET /data/noise/timehistory",
    });
    expect(err.upstreamDescription).toMatch(/period must be between/);
    expect(records.length).toBe(1);
  });

  it("401, 403 (naming the missing scope) and 404 are not retried", async () => {
    const expired = await clientFor(sim, EXPIRED_API_KEY);
    expect(await caught(expired.client.listInstruments())).toMatchObject({
      kind: "unauthorized",
      status: 401,
      upstreamError: "TokenExpired",
    });
    expect(expired.records.length).toBe(1);

    const readOnly = await clientFor(sim, READ_ONLY_API_KEY);
    const forbidden = (await caught(readOnly.client.renameInstrument(S.online, "x"))) as MyCirrusError;
    expect(forbidden).toMatchObject({ kind: "forbidden", status: 403, missingScope: "instruments:write" });
    expect(forbidden.message).toContain("instruments:write");
    expect(readOnly.records.length).toBe(1);

    const demo = await clientFor(sim, DEMO_API_KEY);
    expect(await caught(demo.client.getInstrument("QT000000"))).toMatchObject({ kind: "not_found", status: 404 });
    expect(await caught(demo.client.getWebhook("nope"))).toMatchObject({
      kind: "not_found",
      endpoint: "GET /webhooks/{webhookId}",
    });
    expect(demo.records.length).toBe(2);
  });
});

describe("invalid responses", () => {
  it("a body that is not JSON → invalid_response, not retried", async () => {
    const { client, records } = await clientFor(sim, DEMO_API_KEY);
    await sim.control.injectFault({ key: DEMO_API_KEY, mode: "malformed", count: 1 });
    const err = (await caught(client.listInstruments())) as MyCirrusError;
    expect(err).toMatchObject({ kind: "invalid_response", endpoint: "GET /control/instruments", field: "(body)" });
    expect(records.length).toBe(1);
  });

  it("a JSON body of the wrong shape → invalid_response naming the endpoint and the field", async () => {
    // Test-only corruption of the simulator's in-process state: the API then
    // answers valid JSON with a number where the name string belongs.
    const inst = sim.state().instruments.get(S.notMeasuring)!;
    const before = inst.name;
    (inst as { name: unknown }).name = 42;
    try {
      const { client, records } = await clientFor(sim, DEMO_API_KEY);
      const err = (await caught(client.listInstruments())) as MyCirrusError;
      expect(err).toMatchObject({ kind: "invalid_response", endpoint: "GET /control/instruments", field: "[6].name" });
      expect(err.message).toContain("[6].name");
      expect(records.length).toBe(1);
    } finally {
      inst.name = before;
    }
  });
});
