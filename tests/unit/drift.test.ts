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
    expect(driftTrend([], { now: NOW })).toEqual({
      samples: 0,
      slopePerDay: 0,
      current: 0,
      daysToThreshold: null,
      flagged: false,
      line: null,
    });
    expect(driftTrend([{ time: NOW, offset: 0.1 }], { now: NOW })).toEqual({
      samples: 1,
      slopePerDay: 0,
      current: 0.1,
      daysToThreshold: null,
      flagged: false,
      line: { from: { t: NOW.getTime(), v: 0.1 }, to: { t: NOW.getTime(), v: 0.1 } },
    });
  });

  it("several calibrations at one moment have no slope: the trend is their mean, flat, and never NaN", () => {
    const at = new Date(NOW.getTime() - 30 * DAY);
    const same = [0.1, 0.3, 0.2].map((offset) => ({ time: new Date(at), offset }));
    const t = driftTrend(same, { now: NOW });
    expect(t.samples).toBe(3);
    expect(t.slopePerDay).toBe(0);
    expect(t.current).toBeCloseTo(0.2, 12);
    expect(t.daysToThreshold).toBeNull();
    expect(t.flagged).toBe(false);
    expect(t.line?.from.t).toBe(at.getTime());
    expect(t.line?.to.t).toBe(at.getTime());
    expect(t.line?.from.v).toBeCloseTo(0.2, 12);
    expect(t.line?.to.v).toBeCloseTo(0.2, 12);
    // Past the threshold already: flagged now, with no slope to extrapolate.
    const high = driftTrend(
      [0.6, 0.7].map((offset) => ({ time: new Date(at), offset })),
      { now: NOW },
    );
    expect(high).toMatchObject({ slopePerDay: 0, daysToThreshold: 0, flagged: true });
    expect(high.current).toBeCloseTo(0.65, 12);
  });

  it("ignores offsets that are not numbers", () => {
    const s = series((d) => 0.1 - 0.001 * d);
    const withGaps = [...s, { time: new Date(NOW.getTime() + 5 * DAY), offset: Number.NaN }];
    withGaps.splice(3, 0, { time: new Date(NOW.getTime() - 400 * DAY), offset: Infinity });
    expect(driftTrend(withGaps, { now: NOW })).toEqual(driftTrend(s, { now: NOW }));
    expect(driftTrend([{ time: NOW, offset: Number.NaN }], { now: NOW })).toMatchObject({ samples: 0, line: null });
  });

  it("draws the trend line over the data, from the first calibration to the last, in any input order", () => {
    const s = series((d) => 0.1 - 0.001 * d);
    const first = NOW.getTime() - 364 * DAY;
    const last = NOW.getTime() - (364 - 26 * 14) * DAY;
    for (const points of [s, [...s].reverse()]) {
      const { line } = driftTrend(points, { now: NOW });
      expect(line?.from.t).toBe(first);
      expect(line?.to.t).toBe(last);
      expect(line?.from.v).toBeCloseTo(0.1 - 0.001 * 364, 9);
      expect(line?.to.v).toBeCloseTo(0.1 - 0.001 * (364 - 26 * 14), 9);
    }
    // A noisy line: the endpoints lie on the fitted line, not on the first and last samples.
    const noisy = driftTrend(
      [
        { time: new Date(NOW.getTime() - 20 * DAY), offset: 0 },
        { time: new Date(NOW.getTime() - 10 * DAY), offset: 0.3 },
        { time: new Date(NOW.getTime()), offset: 0 },
      ],
      { now: NOW },
    );
    expect(noisy.slopePerDay).toBeCloseTo(0, 12);
    expect(noisy.line?.from.v).toBeCloseTo(0.1, 12);
    expect(noisy.line?.to.v).toBeCloseTo(0.1, 12);
    expect(noisy.line?.to.t).toBe(NOW.getTime());
  });

  it("fits least squares: slope and intercept of a noisy fit, checked by hand", () => {
    // x = 0, 1, 2, 3 days; y = 0, 0.1, 0.1, 0.3: mean x 1.5, mean y 0.125,
    // Sxx = 5, Sxy = (-1.5)(-0.125) + (-0.5)(-0.025) + (0.5)(-0.025) + (1.5)(0.175) = 0.45 → slope 0.09 dB/day.
    const start = NOW.getTime() - 3 * DAY;
    const t = driftTrend(
      [0, 0.1, 0.1, 0.3].map((offset, i) => ({ time: new Date(start + i * DAY), offset })),
      { now: NOW },
    );
    expect(t.slopePerDay).toBeCloseTo(0.09, 12);
    expect(t.line?.from.v).toBeCloseTo(0.125 - 1.5 * 0.09, 12);
    expect(t.current).toBeCloseTo(0.125 + 1.5 * 0.09, 12);
    expect(t.daysToThreshold).toBeCloseTo((0.5 - 0.26) / 0.09, 9);
  });

  it("counts reaching the threshold exactly as there, and the horizon's last day as within it", () => {
    const at = driftTrend(
      series(() => 0.5),
      { now: NOW },
    );
    expect(at).toMatchObject({ daysToThreshold: 0, flagged: true });
    const below = driftTrend(
      series(() => -0.5),
      { now: NOW },
    );
    expect(below).toMatchObject({ daysToThreshold: 0, flagged: true });
    const s = series((d) => 0.4 - 0.001 * d);
    const days = driftTrend(s, { now: NOW }).daysToThreshold!;
    expect(driftTrend(s, { now: NOW, horizonDays: days }).flagged).toBe(true);
    expect(driftTrend(s, { now: NOW, horizonDays: days - 1e-6 }).flagged).toBe(false);
    // A negative threshold means the same distance from zero.
    expect(driftTrend(s, { now: NOW, threshold: -0.5 }).daysToThreshold).toBeCloseTo(100, 3);
  });

  it("respects a custom threshold", () => {
    const s = series((d) => 0.25 - 0.0005 * d);
    expect(driftTrend(s, { now: NOW, threshold: 0.5 }).flagged).toBe(false);
    expect(driftTrend(s, { now: NOW, threshold: 0.27 }).flagged).toBe(true); // 40 days away
  });
});
