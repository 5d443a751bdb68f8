import { describe, expect, it } from "vitest";
import { driftTrend } from "@/lib/drift";

const DAY = 86_400_000;
const NOW = new Date(Date.UTC(2025, 5, 1));
/** Calibrations every 14 days over the year before NOW, offset = f(days before now). */
const series = (f: (daysAgo: number) => number) =>
  Array.from({ length: 27 }, (_, i) => {
    const daysAgo = 364 - i * 14;
    return { time: new Date(NOW.getTime() - daysAgo * DAY), offset: f(daysAgo) };
  });

describe("drift trend", () => {
  it("recovers a straight line's slope and value now", () => {
    const t = driftTrend(
      series((d) => 0.1 - 0.001 * d),
      { now: NOW },
    );
    expect(t.slopePerDay).toBeCloseTo(0.001, 6);
    expect(t.current).toBeCloseTo(0.1, 6);
    // 0.1 → 0.5 at 0.001 dB/day: 400 days, beyond a 90-day horizon
    expect(t.daysToThreshold).toBeCloseTo(400, 3);
    expect(t.flagged).toBe(false);
  });

  it("flags an instrument heading past the threshold within the horizon, before it gets there", () => {
    const t = driftTrend(
      series((d) => 0.4 - 0.001 * d),
      { now: NOW, threshold: 0.5, horizonDays: 90 },
    );
    expect(t.current).toBeLessThan(0.5);
    expect(t.daysToThreshold).toBeCloseTo(100, 3);
    expect(
      driftTrend(
        series((d) => 0.4 - 0.001 * d),
        { now: NOW, horizonDays: 120 },
      ).flagged,
    ).toBe(true);
    expect(t.flagged).toBe(false);
    const closer = driftTrend(
      series((d) => 0.45 - 0.001 * d),
      { now: NOW },
    );
    expect(closer.flagged).toBe(true);
    expect(closer.daysToThreshold).toBeCloseTo(50, 3);
  });

  it("works for negative drift and flags one already past the threshold (0 days)", () => {
    const neg = driftTrend(
      series((d) => -0.42 + 0.0015 * d),
      { now: NOW },
    );
    expect(neg.slopePerDay).toBeLessThan(0);
    expect(neg.flagged).toBe(true);
    const past = driftTrend(
      series(() => 0.6),
      { now: NOW },
    );
    expect(past.daysToThreshold).toBe(0);
    expect(past.flagged).toBe(true);
  });

  it("does not flag a stable instrument, one drifting back towards zero, or too little data", () => {
    expect(
      driftTrend(
        series(() => 0.02),
        { now: NOW },
      ).flagged,
    ).toBe(false);
    const back = driftTrend(
      series((d) => 0.1 + 0.001 * d),
      { now: NOW },
    );
    expect(back.daysToThreshold).toBeCloseTo(600, 3); // through zero and on to −0.5 dB, far beyond the horizon
    expect(back.flagged).toBe(false);
    expect(driftTrend([], { now: NOW })).toMatchObject({ samples: 0, flagged: false });
    expect(driftTrend([{ time: NOW, offset: 0.1 }], { now: NOW })).toMatchObject({
      samples: 1,
      slopePerDay: 0,
      flagged: false,
    });
  });

  it("respects a custom threshold", () => {
    const s = series((d) => 0.25 - 0.0005 * d);
    expect(driftTrend(s, { now: NOW, threshold: 0.5 }).flagged).toBe(false);
    expect(driftTrend(s, { now: NOW, threshold: 0.27 }).flagged).toBe(true); // 40 days away
  });
});
