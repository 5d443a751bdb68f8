/** lib/window-levels.ts: which measurement periods make a window, its coverage, its value per metric, and the verdict. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_PERIOD_SECONDS, judged, MIN_COVERAGE, verdict, windowLevel, windowSeconds } from "@/lib/window-levels";

const at = (iso: string) => new Date(iso);
const window = { start: at("2026-06-10T10:00:00Z"), end: at("2026-06-10T10:10:00Z") };
const m = (iso: string, values: Record<string, number | null>, durationSeconds: number | null = 60) => ({
  start: at(iso),
  durationSeconds,
  values,
});

describe("windowLevel", () => {
  it("takes the periods that start inside [start, end): the one at start counts, the one at end does not", () => {
    const level = windowLevel(
      [
        m("2026-06-10T09:59:00Z", { LAeq: 99 }),
        m("2026-06-10T10:00:00Z", { LAeq: 60 }),
        m("2026-06-10T10:09:00Z", { LAeq: 60 }),
        m("2026-06-10T10:10:00Z", { LAeq: 99 }),
      ],
      window,
      "LAeq",
      0,
    );
    expect(level).toEqual({ value: 60, coveredSeconds: 120, count: 2 });
  });

  it("energy-averages LAeq weighted by each period's length, and applies the correction once", () => {
    // 60 dB for 60 s and 70 dB for 180 s: 10·log10((60·10^6 + 180·10^7) / 240) = 68.86 dB; −3 → 65.86.
    const level = windowLevel(
      [m("2026-06-10T10:00:00Z", { LAeq: 60 }, 60), m("2026-06-10T10:01:00Z", { LAeq: 70 }, 180)],
      window,
      "LAeq",
      -3,
    );
    expect(level.value).toBeCloseTo(10 * Math.log10((60 * 1e6 + 180 * 1e7) / 240) - 3, 10);
    expect(level.coveredSeconds).toBe(240);
  });

  it("a period without a length counts as one minute", () => {
    const level = windowLevel([m("2026-06-10T10:00:00Z", { LAeq: 60 }, null)], window, "LAeq", 0);
    expect(level.coveredSeconds).toBe(DEFAULT_PERIOD_SECONDS);
    expect(DEFAULT_PERIOD_SECONDS).toBe(60);
  });

  it("maximum for LAFMax and LCPeak, median for LAF90, each from its own value", () => {
    const rows = [
      m("2026-06-10T10:00:00Z", { LAFMax: 80, LCPeak: 100, LAF90: 40 }),
      m("2026-06-10T10:01:00Z", { LAFMax: 90, LCPeak: 95, LAF90: 50 }),
      m("2026-06-10T10:02:00Z", { LAFMax: 70, LCPeak: 99, LAF90: 44 }),
    ];
    expect(windowLevel(rows, window, "LAFMax", 1).value).toBe(91);
    expect(windowLevel(rows, window, "LCPeak", 0).value).toBe(100);
    expect(windowLevel(rows, window, "LAF90", 0).value).toBe(44);
  });

  it("skips periods without the metric or with a non-finite value; no data gives null", () => {
    const rows = [
      m("2026-06-10T10:00:00Z", { LAeq: null }),
      m("2026-06-10T10:01:00Z", { LAeq: Number.NaN }),
      m("2026-06-10T10:02:00Z", { LAFMax: 80 }),
    ];
    expect(windowLevel(rows, window, "LAeq", 0)).toEqual({ value: null, coveredSeconds: 0, count: 0 });
  });

  it("property: a constant level gives itself plus the correction, for any subset of minutes", () => {
    fc.assert(
      fc.property(
        fc.subarray([...Array(10).keys()], { minLength: 1 }),
        fc.double({ min: 20, max: 130, noNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        (minutes, level, correction) => {
          const rows = minutes.map((i) =>
            m(new Date(window.start.getTime() + i * 60_000).toISOString(), { LAeq: level }),
          );
          const got = windowLevel(rows, window, "LAeq", correction);
          expect(got.value).toBeCloseTo(level + correction, 9);
          expect(got.count).toBe(minutes.length);
        },
      ),
    );
  });
});

describe("judged", () => {
  it("needs data for at least half the window (exactly half counts) and a value", () => {
    expect(MIN_COVERAGE).toBe(0.5);
    expect(windowSeconds(window)).toBe(600);
    expect(judged({ value: 60, coveredSeconds: 300, count: 5 }, window)).toBe(true);
    expect(judged({ value: 60, coveredSeconds: 299, count: 5 }, window)).toBe(false);
    expect(judged({ value: null, coveredSeconds: 600, count: 0 }, window)).toBe(false);
  });
});

describe("verdict", () => {
  it("above the limit exceeds; above the trigger triggers; at either level exactly, it does not", () => {
    expect(verdict(70.01, 70, 65)).toBe("exceed");
    expect(verdict(70, 70, 65)).toBe("trigger");
    expect(verdict(65.01, 70, 65)).toBe("trigger");
    expect(verdict(65, 70, 65)).toBe("pass");
    expect(verdict(69, 70, null)).toBe("pass");
    expect(verdict(71, 70, null)).toBe("exceed");
  });
});
