/**
 * Range splitting against the simulator: a long request gives exactly the rows
 * of its allowed windows fetched by hand (raw HTTP, parsed with the same
 * schemas), merged once at shared edges, with progress reported.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { DEFAULT_SERIALS as S, DEMO_API_KEY } from "@/simulator/fixtures";
import type { RunningSimulator } from "@/simulator/server";
import {
  formatDate,
  RANGE_LIMITS_MS,
  schemas,
  splitRange,
  type MyCirrusClient,
  type Progress,
} from "@/server/mycirrus";
import { clientFor, startSim, type WireRecord } from "./mycirrus-helpers";

let sim: RunningSimulator;
let client: MyCirrusClient;
let records: WireRecord[];
const NOW = new Date("2025-06-10T12:00:00Z");
const DAY = 86_400_000;

beforeAll(async () => {
  sim = await startSim();
  ({ client, records } = await clientFor(sim, DEMO_API_KEY));
});
afterAll(async () => {
  await sim?.close();
});

/** One window fetched by hand, without the client. */
async function byHand<T>(path: string, params: Record<string, string | string[]>, schema: z.ZodType<T>): Promise<T[]> {
  const url = new URL(sim.apiUrl + path);
  for (const [k, v] of Object.entries(params)) for (const x of [v].flat()) url.searchParams.append(k, x);
  const res = await fetch(url, { headers: { "X-Api-Key": DEMO_API_KEY } });
  expect(res.status).toBe(200);
  return z.array(schema).parse(await res.json());
}

describe("splitRange", () => {
  it("cuts into windows no longer than the limit, sharing edges", () => {
    const start = new Date("2025-01-01T00:00:00Z");
    const w = splitRange(start, new Date(start.getTime() + 40 * DAY), 31 * DAY);
    expect(w.map((x) => [formatDate(x.start), formatDate(x.end)])).toEqual([
      ["2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z"],
      ["2025-02-01T00:00:00Z", "2025-02-10T00:00:00Z"],
    ]);
    expect(splitRange(start, start, DAY)).toHaveLength(1);
    expect(splitRange(start, new Date(start.getTime() + 31 * DAY), 31 * DAY)).toHaveLength(1);
    expect(() => splitRange(new Date(start.getTime() + 1), start, DAY)).toThrow(RangeError);
  });
});

describe("long requests", () => {
  it("40 days of noise measurements (two instruments) = the two 31-day windows by hand, in time order, with progress", async () => {
    const start = new Date(NOW.getTime() - 40 * DAY);
    const progress: Progress[] = [];
    const before = records.length;
    const rows = await client.noiseMeasurements(
      { instruments: [S.online, S.fifteenMinute], start, end: NOW, period: "PT1H" },
      { onProgress: (p) => progress.push(p) },
    );
    expect(records.length - before).toBe(2);
    expect(progress).toEqual([
      { done: 0, total: 2 },
      { done: 1, total: 2 },
      { done: 2, total: 2 },
    ]);

    const mid = new Date(start.getTime() + 31 * DAY);
    const hand = [];
    for (const [a, b] of [
      [start, mid],
      [mid, NOW],
    ] as const) {
      hand.push(
        ...(await byHand(
          "/data/noise/measurements",
          { instruments: [S.online, S.fifteenMinute], start: formatDate(a), end: formatDate(b), period: "PT1H" },
          schemas.noiseMeasurementSchema(),
        )),
      );
    }
    const key = (r: { instrument: string; start: Date }) => `${r.start.toISOString()} ${r.instrument}`;
    expect(rows.length).toBe(hand.length);
    expect(rows.length).toBeGreaterThan(1500);
    expect(rows.map(key)).toEqual(hand.map(key).sort());
    expect(rows).toEqual(expect.arrayContaining(hand));
    expect(rows.every((r, i) => i === 0 || r.start >= rows[i - 1]!.start)).toBe(true);
  });

  it("a calibration exactly on a window edge comes back once", async () => {
    const all = await client.calibrations({
      instruments: [S.calibrationDrifting],
      start: new Date(NOW.getTime() - 200 * DAY),
      end: NOW,
    });
    const edge = all[3]!.time;
    const start = new Date(edge.getTime() - RANGE_LIMITS_MS.calibrations);
    const end = new Date(edge.getTime() + 60 * DAY);
    const progress: Progress[] = [];
    const rows = await client.calibrations(
      { instruments: [S.calibrationDrifting], start, end },
      { onProgress: (p) => progress.push(p) },
    );
    expect(progress.at(-1)).toEqual({ done: 2, total: 2 });

    const w1 = await byHand(
      "/data/calibrations",
      { instruments: S.calibrationDrifting, start: formatDate(start), end: formatDate(edge) },
      schemas.calibrationSchema(),
    );
    const w2 = await byHand(
      "/data/calibrations",
      { instruments: S.calibrationDrifting, start: formatDate(edge), end: formatDate(end) },
      schemas.calibrationSchema(),
    );
    expect(w1.at(-1)!.time).toEqual(edge);
    expect(w2[0]!.time).toEqual(edge);
    expect(rows).toEqual([...w1, ...w2.slice(1)]);
    expect(rows.filter((r) => r.time.getTime() === edge.getTime())).toHaveLength(1);
  });

  it("time histories over several windows are joined per series (8 days → 2 requests)", async () => {
    const start = new Date(NOW.getTime() - 8 * DAY);
    const series = await client.noiseTimeHistory({
      instruments: [S.ethernet],
      start,
      end: NOW,
      period: "PT1M",
      values: ["LAeq"],
    });
    expect(series).toHaveLength(1);
    const samples = series[0]!.blocks.reduce((n, b) => n + b.values.length, 0);
    expect(samples).toBe(8 * 24 * 60);
    const starts = series[0]!.blocks.map((b) => b.start!.getTime());
    expect([...starts].sort((x, y) => x - y)).toEqual(starts);
  });

  it("calibration log and monitor events are fetched per instrument so each row names its instrument", async () => {
    const before = records.length;
    const progress: Progress[] = [];
    const log = await client.calibrationLog(
      { instruments: [S.online, S.sicFailing], start: new Date(NOW.getTime() - 400 * DAY), end: NOW },
      { onProgress: (p) => progress.push(p) },
    );
    expect(records.length - before).toBe(4); // 2 instruments × 2 windows
    expect(progress.at(-1)).toEqual({ done: 4, total: 4 });
    expect(log.every((l) => l.instrument === S.online || l.instrument === S.sicFailing)).toBe(true);
  });
});
