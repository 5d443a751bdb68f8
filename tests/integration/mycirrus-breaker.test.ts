/**
 * Circuit breaker and concurrency limit, per organisation: a 5xx storm on
 * organisation A opens A's breaker (fail fast, no upstream request) while
 * organisation B (another simulator account and key) is unaffected; after the
 * open period one trial call goes through and a success closes the breaker.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_SERIALS as S, DEMO_API_KEY, OTHER_ACCOUNT_API_KEY } from "@/simulator/fixtures";
import type { RunningSimulator } from "@/simulator/server";
import { db } from "@/server/db/client";
import type { MyCirrusError } from "@/server/mycirrus";
import { caught, clientFor, startSim } from "./mycirrus-helpers";

let sim: RunningSimulator;
const OPEN_MS = 800;

beforeAll(async () => {
  sim = await startSim();
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(async () => {
  await sim.control.clearFaults();
});

const state = (organizationId: string) => db().upstreamState.findUnique({ where: { organizationId } });

describe("circuit breaker", () => {
  it("opens for A after 5 upstream failures, fails fast without upstream requests, leaves B alone, half-opens and closes", async () => {
    const a = await clientFor(sim, DEMO_API_KEY, { maxAttempts: 1, breakerOpenMs: OPEN_MS });
    const b = await clientFor(sim, OTHER_ACCOUNT_API_KEY, { maxAttempts: 1, breakerOpenMs: OPEN_MS });
    await sim.control.injectFault({ key: DEMO_API_KEY, mode: "500" }); // until cleared

    for (let i = 0; i < 5; i++)
      expect(await caught(a.client.listInstruments())).toMatchObject({ kind: "server", status: 500 });
    expect(a.records.length).toBe(5);
    expect(await state(a.organizationId)).toMatchObject({ consecutiveFailures: 5, openUntil: expect.any(Date) });

    const t0 = performance.now();
    const open = (await caught(a.client.listInstruments())) as MyCirrusError;
    expect(open).toMatchObject({ kind: "circuit_open", endpoint: "GET /control/instruments" });
    expect(open.retryAfterMs).toBeGreaterThan(0);
    expect(open.retryAfterMs).toBeLessThanOrEqual(OPEN_MS);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(a.records.length).toBe(5); // no upstream request while open

    // B: its own key, its own breaker, bucket and limiter: fast and fine.
    const tb = performance.now();
    const other = await b.client.listInstruments();
    expect(other.map((i) => i.serialNumber)).toEqual(["QT900001", "QT900002", "QT900003"]);
    expect(performance.now() - tb).toBeLessThan(1_000);
    expect((await state(b.organizationId))?.openUntil ?? null).toBeNull();

    // Open period over, fault still there: exactly one trial goes out, fails, re-opens.
    await new Promise((r) => setTimeout(r, OPEN_MS + 50));
    const [t1, t2] = await Promise.all([caught(a.client.listInstruments()), caught(a.client.listInstruments())]);
    expect([(t1 as MyCirrusError).kind, (t2 as MyCirrusError).kind].sort()).toEqual(["circuit_open", "server"]);
    expect(a.records.length).toBe(6);

    // Upstream healthy again: after the period the trial succeeds and closes the breaker.
    await sim.control.clearFaults();
    expect(await caught(a.client.listInstruments())).toMatchObject({ kind: "circuit_open" });
    await new Promise((r) => setTimeout(r, OPEN_MS + 50));
    expect((await a.client.listInstruments()).length).toBe(12);
    expect(await state(a.organizationId)).toMatchObject({ consecutiveFailures: 0, openUntil: null });
    expect((await a.client.getInstrument(S.online)).serialNumber).toBe(S.online);
    expect(a.records.length).toBe(8);
  });

  it("4xx answers do not count as failures", async () => {
    const a = await clientFor(sim, DEMO_API_KEY, { maxAttempts: 1 });
    for (let i = 0; i < 7; i++)
      expect(await caught(a.client.getInstrument("QT000000"))).toMatchObject({ kind: "not_found" });
    expect((await a.client.listInstruments()).length).toBe(12);
    expect((await state(a.organizationId))?.consecutiveFailures ?? 0).toBe(0);
  });

  it("two client instances of one organisation share the breaker (it lives in Postgres)", async () => {
    const a1 = await clientFor(sim, DEMO_API_KEY, { maxAttempts: 1 });
    const a2 = await clientFor(sim, DEMO_API_KEY, { maxAttempts: 1 }, a1.organizationId);
    await sim.control.injectFault({ key: DEMO_API_KEY, mode: "503", retryAfter: 0 });
    for (let i = 0; i < 5; i++) await caught((i % 2 ? a1 : a2).client.listInstruments());
    expect(await caught(a2.client.listInstruments())).toMatchObject({ kind: "circuit_open" });
    expect(a1.records.length + a2.records.length).toBe(5);
  });
});

describe("concurrency limit", () => {
  it("keeps at most `concurrency` requests in flight for an organisation; another organisation is not queued behind it", async () => {
    const a = await clientFor(sim, DEMO_API_KEY, {
      concurrency: 2,
      maxAttempts: 1,
      timeoutMs: 2_000,
      breakerThreshold: 0,
    });
    const b = await clientFor(sim, OTHER_ACCOUNT_API_KEY, { concurrency: 2, maxAttempts: 1 });
    // Each of A's requests hangs 300 ms, then the simulator drops the connection.
    await sim.control.injectFault({ key: DEMO_API_KEY, mode: "timeout", count: 6, hangMs: 300 });
    const started = performance.now();
    const storm = Promise.all(Array.from({ length: 6 }, () => caught(a.client.listInstruments())));
    await new Promise((r) => setTimeout(r, 50));
    const tb = performance.now();
    expect((await b.client.listInstruments()).length).toBe(3);
    expect(performance.now() - tb).toBeLessThan(600); // queued behind A it would take ~850 ms
    await storm;

    const spans = a.records.map((r) => [r.sentAt, r.answeredAt ?? performance.now()] as const);
    const maxInFlight = Math.max(...spans.map(([s]) => spans.filter(([s2, e2]) => s2 <= s && e2 > s).length));
    expect(a.records.length).toBe(6);
    expect(maxInFlight).toBeLessThanOrEqual(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(3 * 300);
  });
});
