/**
 * The per-organisation token bucket in Postgres: a burst is limited, the
 * bucket is shared by client instances of one organisation, and another
 * organisation has its own.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_API_KEY, OTHER_ACCOUNT_API_KEY } from "@/simulator/fixtures";
import type { RunningSimulator } from "@/simulator/server";
import { db } from "@/server/db/client";
import { clientFor, startSim } from "./mycirrus-helpers";

let sim: RunningSimulator;
const BUCKET = { ratePerSecond: 5, burst: 3 };

beforeAll(async () => {
  sim = await startSim();
});
afterAll(async () => {
  await sim?.close();
});

describe("token bucket", () => {
  it("burst 3, 5/s: 8 calls take at least 1 s, the first 3 go at once", async () => {
    const a = await clientFor(sim, DEMO_API_KEY, BUCKET);
    const started = performance.now();
    await Promise.all(Array.from({ length: 8 }, () => a.client.listInstruments()));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1_000);
    expect(elapsed).toBeLessThan(3_000);
    const sent = a.records.map((r) => r.sentAt - started).sort((x, y) => x - y);
    expect(sent[2]!).toBeLessThan(400);
    expect(sent[7]!).toBeGreaterThanOrEqual(950);
    const row = await db().upstreamState.findUnique({ where: { organizationId: a.organizationId } });
    expect(row?.tokens).toBeLessThan(1);
  });

  it("is shared by two client instances of the same organisation, and not by another organisation", async () => {
    const a1 = await clientFor(sim, DEMO_API_KEY, BUCKET);
    const a2 = await clientFor(sim, DEMO_API_KEY, BUCKET, a1.organizationId);
    const b = await clientFor(sim, OTHER_ACCOUNT_API_KEY, BUCKET);
    const started = performance.now();
    const aCalls = Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a1 : a2).client.listInstruments()));
    // B's own burst is untouched by A's queue.
    const tb = performance.now();
    await Promise.all(Array.from({ length: 3 }, () => b.client.listInstruments()));
    expect(performance.now() - tb).toBeLessThan(700);
    await aCalls;
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(a1.records.length).toBe(4);
    expect(a2.records.length).toBe(4);
  });
});
