/**
 * probeCapabilities against keys with known scope sets, and proof that
 * probing changes nothing upstream.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_SERIALS as S,
  DEMO_API_KEY,
  EXPIRED_API_KEY,
  NO_WEBHOOKS_API_KEY,
  READ_ONLY_API_KEY,
} from "@/simulator/fixtures";
import type { RunningSimulator } from "@/simulator/server";
import { probeCapabilities } from "@/server/mycirrus";
import { clientFor, EVERY_CAPABILITY, startSim } from "./mycirrus-helpers";

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSim();
});
afterAll(async () => {
  await sim?.close();
});

const probe = async (key: string) => probeCapabilities((await clientFor(sim, key)).client);

describe("probeCapabilities", () => {
  it("all scopes: everything yes, key valid", async () => {
    expect(await probe(DEMO_API_KEY)).toEqual(EVERY_CAPABILITY);
  });

  it("read-only key: no rename, no actions, no webhook writes", async () => {
    expect(await probe(READ_ONLY_API_KEY)).toEqual({
      key: "valid",
      instruments: "yes",
      rename: "no",
      data: "yes",
      systemHealth: "yes",
      webhooksRead: "yes",
      webhooksWrite: "no",
      actions: "no",
    });
  });

  it("no webhook scopes", async () => {
    expect(await probe(NO_WEBHOOKS_API_KEY)).toMatchObject({
      webhooksRead: "no",
      webhooksWrite: "no",
      rename: "yes",
      actions: "yes",
    });
  });

  it("a key with only data.noise:read and webhooks:write (no serial known: probes use an impossible one)", async () => {
    const k = await sim.control.createKey({ scopes: ["data.noise:read", "webhooks:write"] });
    expect(await probe(k.key)).toEqual({
      key: "valid",
      instruments: "no",
      rename: "no",
      data: "yes",
      systemHealth: "no",
      webhooksRead: "no",
      webhooksWrite: "yes",
      actions: "no",
    });
  });

  it("expired key: invalid", async () => {
    expect((await probe(EXPIRED_API_KEY)).key).toBe("invalid");
  });

  it("changes nothing: names, webhooks and action state are as before", async () => {
    const { client } = await clientFor(sim, DEMO_API_KEY);
    const before = await client.listInstruments();
    await probeCapabilities(client);
    expect(await client.listInstruments()).toEqual(before);
    expect(await client.listWebhooks()).toEqual([]);
    const status = await client.getStatus(S.online);
    expect(status).toMatchObject({ calibrationInProgress: false, sicInProgress: false });
  });

  it("upstream down: unknown, not no", async () => {
    await sim.control.injectFault({ key: DEMO_API_KEY, mode: "500", count: 50 });
    try {
      const { client } = await clientFor(sim, DEMO_API_KEY, { maxAttempts: 1, breakerThreshold: 0 });
      expect(await probeCapabilities(client)).toMatchObject({
        key: "unknown",
        instruments: "unknown",
        rename: "unknown",
        actions: "unknown",
      });
    } finally {
      await sim.control.clearFaults();
    }
  });
});
