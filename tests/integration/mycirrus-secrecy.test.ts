/**
 * The API key must never appear in an error (message, stack, properties,
 * serialisation) or in log output. Console output is captured for the whole
 * file (the default console logger is used), every kind of failure is
 * provoked, and everything is searched for the key.
 */
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DEFAULT_SERIALS as S } from "@/simulator/fixtures";
import type { RunningSimulator } from "@/simulator/server";
import { consoleLogger } from "@/server/mycirrus";
import { caught, clientFor, startSim } from "./mycirrus-helpers";

let sim: RunningSimulator;
const captured: string[] = [];
const methods = ["log", "info", "warn", "error", "debug"] as const;

beforeAll(async () => {
  for (const m of methods)
    vi.spyOn(console, m).mockImplementation(
      (...args: unknown[]) =>
        void captured.push(args.map((a) => (typeof a === "string" ? a : inspect(a, { depth: 8 }))).join(" ")),
    );
  sim = await startSim();
});
afterAll(async () => {
  vi.restoreAllMocks();
  await sim?.close();
});

describe("the key stays secret", () => {
  it("in every error kind and in all log output", async () => {
    // A key of this test's own, so the search cannot match a fixture printed elsewhere.
    const { key } = await sim.control.createKey({ scopes: ["instruments:read", "data.noise:read"] });
    const expired = (await sim.control.createKey({ expired: true })).key;
    const opts = { logger: consoleLogger("debug"), maxAttempts: 2, breakerThreshold: 3, breakerOpenMs: 60_000 };
    const { client, records } = await clientFor(sim, key, opts);
    const errors: unknown[] = [];

    errors.push(await caught(client.renameInstrument(S.online, "x"))); // 403
    errors.push(await caught(client.getInstrument("QT000000"))); // 404
    errors.push(
      await caught(
        client.noiseTimeHistory({
          instruments: [S.online],
          start: new Date("2025-06-10T10:00:00Z"),
          end: new Date("2025-06-10T11:00:00Z"),
          period: "PT1H",
        }),
      ),
    ); // 400
    errors.push(await caught((await clientFor(sim, expired, opts)).client.listInstruments())); // 401
    await sim.control.injectFault({ key, mode: "malformed", count: 1 });
    errors.push(await caught(client.listInstruments())); // invalid_response
    await sim.control.injectFault({ key, mode: "429", count: 2, retryAfter: 0 });
    errors.push(await caught(client.listInstruments())); // rate_limited (after a retry, logged)
    await sim.control.injectFault({ key, mode: "timeout", count: 2, hangMs: 2_000 });
    errors.push(await caught((await clientFor(sim, key, { ...opts, timeoutMs: 100 })).client.listInstruments())); // timeout
    await sim.control.injectFault({ key, mode: "500", count: 10 });
    errors.push(await caught(client.listInstruments())); // server, twice
    errors.push(await caught(client.listInstruments())); // a third 500 opens the breaker (logged); its retry meets circuit_open
    errors.push(await caught(client.listInstruments())); // circuit_open, no request
    const dead = await startSim();
    await dead.close();
    errors.push(await caught((await clientFor(dead, key, opts)).client.listInstruments())); // network

    const kinds = errors.map((e) => (e as { kind?: string }).kind);
    expect(kinds).toEqual([
      "forbidden",
      "not_found",
      "bad_request",
      "unauthorized",
      "invalid_response",
      "rate_limited",
      "timeout",
      "server",
      "circuit_open",
      "circuit_open",
      "network",
    ]);
    expect(captured.join("\n")).toMatch(/retrying/);
    expect(captured.join("\n")).toMatch(/circuit opened/);

    for (const e of errors) {
      const err = e as Error;
      for (const text of [
        err.message,
        String(err),
        err.stack ?? "",
        JSON.stringify(err),
        inspect(err, { depth: 8, showHidden: true }),
      ]) {
        expect(text).not.toContain(key);
        expect(text).not.toContain(expired);
      }
    }
    expect(captured.join("\n")).not.toContain(key);
    expect(captured.join("\n")).not.toContain(expired);
    expect(inspect(client, { depth: 8, showHidden: true })).not.toContain(key);
    expect(records.every((r) => !r.url.includes(key))).toBe(true);
  });
});
