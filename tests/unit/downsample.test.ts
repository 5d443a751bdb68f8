import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  downsampleNoise,
  downsampleSeries,
  NOISE_SERIES,
  type NoiseChartData,
  type NoiseRow,
  type SeriesMode,
  type SeriesPoint,
} from "@/lib/downsample";

const MIN = 60_000;
const START = Date.UTC(2025, 0, 1);

/** A deterministic 31-day, 1-minute series with noise and occasional spikes. */
function month(): NoiseRow[] {
  let seed = 42;
  const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: 31 * 24 * 60 }, (_, i) => {
    const base = 48 + 8 * Math.sin((i / 1440) * 2 * Math.PI) + rnd() * 4;
    const spike = rnd() < 0.002 ? 20 + rnd() * 15 : 0;
    return {
      start: new Date(START + i * MIN),
      values: { LAeq: base, LAFMax: base + 6 + rnd() * 4 + spike, LCPeak: base + 20 + rnd() * 6 + spike },
    };
  });
}

// Built inside each test, not in the describe body (a throw while collecting is a load error,
// which mutation testing counts as a surviving mutant), nor in beforeAll or a cache shared by
// tests (Stryker's per-test coverage would credit the code to no test, or to the first only).
describe("downsampling keeps peaks", () => {
  const range = { start: new Date(START), end: new Date(START + 31 * 86_400_000) };
  const month31 = (): { rows: NoiseRow[]; out: NoiseChartData } => {
    const rows = month();
    return { rows, out: downsampleNoise(rows, range, 1500) };
  };

  it("turns a 31-day 1-minute series (44,640 samples) into about 1–2k points per series", () => {
    const { rows, out } = month31();
    expect(rows.length).toBe(44_640);
    expect(out.rawCount).toBe(44_640);
    expect(out.downsampled).toBe(true);
    expect(Object.keys(out.series)).toEqual(["LAeq", "LAFMax", "LCPeak"]);
    for (const name of ["LAeq", "LAFMax", "LCPeak"]) {
      expect(out.series[name]!.length).toBeGreaterThan(1000);
      expect(out.series[name]!.length).toBeLessThanOrEqual(1500);
    }
    // The peak series keep one sample per bucket, and every bucket of 1,500 holds samples.
    expect(out.series.LAFMax).toHaveLength(1500);
    expect(out.series.LCPeak).toHaveLength(1500);
    expect(out.pointCount).toBe(Object.values(out.series).reduce((n, s) => n + s.length, 0));
    expect({ start: out.start, end: out.end }).toEqual({ start: START, end: range.end.getTime() });
  });

  it("keeps every local maximum of LAFMax that is the highest in its bucket, at its own time, and the global maximum", () => {
    const { rows, out } = month31();
    const kept = new Map(out.series.LAFMax!.map((p) => [p.t, p.v]));
    const width = (range.end.getTime() - range.start.getTime()) / 1500;
    const bucketMax = new Map<number, number>();
    for (const r of rows) {
      const b = Math.floor((r.start.getTime() - START) / width);
      bucketMax.set(b, Math.max(bucketMax.get(b) ?? -Infinity, r.values.LAFMax!));
    }
    let checked = 0;
    for (let i = 1; i < rows.length - 1; i++) {
      const v = rows[i]!.values.LAFMax!;
      if (!(v > rows[i - 1]!.values.LAFMax! && v > rows[i + 1]!.values.LAFMax!)) continue;
      const b = Math.floor((rows[i]!.start.getTime() - START) / width);
      if (v < bucketMax.get(b)!) continue; // a smaller bump under its bucket's peak
      checked++;
      expect(kept.get(rows[i]!.start.getTime())).toBeCloseTo(v, 1);
    }
    expect(checked).toBeGreaterThan(1000);
    const rawMax = Math.max(...rows.map((r) => r.values.LAFMax!));
    expect(Math.max(...out.series.LAFMax!.map((p) => p.v))).toBeCloseTo(rawMax, 1);
    // Every spike (> 20 dB over its surroundings) survives.
    const spikes = rows.filter((r) => r.values.LAFMax! - r.values.LAeq! > 19);
    expect(spikes.length).toBeGreaterThan(20);
    for (const s of spikes) expect(kept.has(s.start.getTime())).toBe(true);
  });

  it("keeps the LAeq envelope (min and max of every bucket) and returns only real samples, rounded to 0.1 dB", () => {
    const { rows, out } = month31();
    const raw = new Map(rows.map((r) => [r.start.getTime(), r.values.LAeq!]));
    for (const p of out.series.LAeq!) expect(p.v).toBe(Math.round(raw.get(p.t)! * 10) / 10);
    const values = rows.map((r) => r.values.LAeq!);
    expect(Math.min(...out.series.LAeq!.map((p) => p.v))).toBeCloseTo(Math.min(...values), 1);
    expect(Math.max(...out.series.LAeq!.map((p) => p.v))).toBeCloseTo(Math.max(...values), 1);
  });

  it("returns points in time order", () => {
    const { out } = month31();
    for (const s of Object.values(out.series))
      for (let i = 1; i < s.length; i++) expect(s[i]!.t).toBeGreaterThan(s[i - 1]!.t);
  });
});

describe("downsampleNoise at its budget", () => {
  /** n one-minute rows from START; every series has a value unless `gap(i)`. */
  const minutes = (n: number, gap: (i: number) => boolean = () => false): NoiseRow[] =>
    Array.from({ length: n }, (_, i) => ({
      start: new Date(START + i * MIN),
      values: gap(i)
        ? { LAeq: null, LAFMax: null, LCPeak: null }
        : { LAeq: 50 + (i % 7), LAFMax: 60 + (i % 5), LCPeak: 80 },
    }));
  // The whole range is ten times longer than the data, so if it were downsampled, its samples
  // would share buckets and points would be lost: only the budget keeps them all.
  const wide = (n: number) => ({ start: new Date(START), end: new Date(START + 10 * n * MIN) });

  it("sends a series of exactly the budget unchanged, every sample once", () => {
    const rows = minutes(1500);
    const chart = downsampleNoise(rows, wide(1500), 1500);
    expect(chart.downsampled).toBe(false);
    for (const { name } of NOISE_SERIES) {
      expect(chart.series[name]).toEqual(rows.map((r) => ({ t: r.start.getTime(), v: r.values[name] })));
    }
    expect(chart.pointCount).toBe(3 * 1500);
    expect(chart.rawCount).toBe(1500);
  });

  it("downsamples one sample over the budget, and each series then fits the budget", () => {
    const chart = downsampleNoise(minutes(1501), wide(1501), 1500);
    expect(chart.downsampled).toBe(true);
    for (const { name } of NOISE_SERIES) {
      expect(chart.series[name]!.length).toBeLessThanOrEqual(1500);
      expect(chart.series[name]!.length).toBeLessThan(1501);
    }
  });

  it("drops empty values without calling that downsampling, and counts only what it sends", () => {
    const rows = minutes(100, (i) => i % 10 === 3);
    const chart = downsampleNoise(rows, wide(100), 1500);
    expect(chart.downsampled).toBe(false);
    expect(chart.rawCount).toBe(100);
    for (const { name } of NOISE_SERIES) expect(chart.series[name]).toHaveLength(90);
    expect(chart.pointCount).toBe(270);
    // A series missing from a row is no point, as a null is none.
    const partial = downsampleNoise([{ start: new Date(START), values: { LAeq: 40 } }], {
      start: new Date(START),
      end: new Date(START + MIN),
    });
    expect(partial.series).toEqual({ LAeq: [{ t: START, v: 40 }], LAFMax: [], LCPeak: [] });
    expect(partial.pointCount).toBe(1);
  });

  it("LAeq keeps a bucket's minimum and maximum, the peak series their maximum only", () => {
    // Six samples into three buckets of two (budget 2 per series: envelope 1 bucket × 2, max 2 buckets).
    const rows: NoiseRow[] = [50, 70, 60, 40, 55, 65].map((v, i) => ({
      start: new Date(START + i * MIN),
      values: { LAeq: v, LAFMax: v + 10, LCPeak: v + 20 },
    }));
    const chart = downsampleNoise(rows, { start: new Date(START), end: new Date(START + 6 * MIN) }, 2);
    expect(chart.series.LAeq).toEqual([
      { t: START + 1 * MIN, v: 70 },
      { t: START + 3 * MIN, v: 40 },
    ]);
    expect(chart.series.LAFMax).toEqual([
      { t: START + 1 * MIN, v: 80 },
      { t: START + 5 * MIN, v: 75 },
    ]);
    expect(chart.downsampled).toBe(true);
    expect(chart.pointCount).toBe(6);
  });
});

describe("downsampleSeries edges", () => {
  const p = (t: number, v: number): SeriesPoint => ({ t, v });
  /** 12 samples at t = 0..11 with values that peak in the middle. */
  const twelve = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8].map((v, t) => p(t, v));

  it("leaves a series within the budget alone and drops values that are not finite", () => {
    expect(
      downsampleSeries([p(1, 1), p(2, Number.NaN), p(3, 3), p(4, Infinity), p(5, -Infinity)], "max", 10, 0, 10),
    ).toEqual([p(1, 1), p(3, 3)]);
    // Envelope mode's budget is two points per bucket: 12 samples fit 6 buckets.
    expect(downsampleSeries(twelve, "envelope", 6, 0, 12)).toEqual(twelve);
    expect(downsampleSeries(twelve, "max", 12, 0, 12)).toEqual(twelve);
    // One sample over: downsampled.
    expect(downsampleSeries(twelve, "envelope", 5, 0, 12).length).toBeLessThanOrEqual(10);
    expect(downsampleSeries(twelve, "max", 11, 0, 12).length).toBeLessThanOrEqual(11);
  });

  it("returns the samples unchanged when there are no buckets or no range", () => {
    expect(downsampleSeries(twelve, "max", 0, 0, 12)).toEqual(twelve);
    expect(downsampleSeries(twelve, "envelope", -1, 0, 12)).toEqual(twelve);
    expect(downsampleSeries(twelve, "max", 3, 12, 12)).toEqual(twelve);
    expect(downsampleSeries(twelve, "max", 3, 5, 5)).toEqual(twelve);
    expect(downsampleSeries(twelve, "max", 3, 12, 0)).toEqual(twelve);
  });

  it("one bucket keeps the maximum, or the minimum and maximum in time order", () => {
    expect(downsampleSeries(twelve, "max", 1, 0, 12)).toEqual([p(5, 9)]);
    expect(downsampleSeries(twelve, "envelope", 1, 0, 12)).toEqual([p(1, 1), p(5, 9)]);
    const falling = [p(0, 9), p(1, 5), p(2, 1)];
    expect(downsampleSeries(falling, "envelope", 1, 0, 3)).toEqual([p(0, 9), p(2, 1)]);
  });

  it("of equal values keeps the earliest", () => {
    const flat = [p(0, 5), p(1, 5), p(2, 5), p(3, 7), p(4, 7)];
    expect(downsampleSeries(flat, "max", 1, 0, 5)).toEqual([p(3, 7)]);
    expect(downsampleSeries(flat, "envelope", 1, 0, 5).length).toBe(2);
    expect(downsampleSeries(flat, "envelope", 1, 0, 5)).toEqual([p(0, 5), p(3, 7)]);
    expect(downsampleSeries([p(0, 5), p(1, 5), p(2, 5)], "envelope", 1, 0, 3)).toEqual([p(0, 5)]);
  });

  it("sends a bucket with one sample once", () => {
    // Buckets of 4: [0,4) has 0..3, [4,8) only 4, [8,12) has 8..11.
    const gappy = [p(0, 1), p(1, 2), p(2, 3), p(3, 4), p(4, 9), p(8, 1), p(9, 2), p(10, 3), p(11, 4)];
    expect(downsampleSeries(gappy, "envelope", 3, 0, 12)).toEqual([p(0, 1), p(3, 4), p(4, 9), p(8, 1), p(11, 4)]);
    expect(downsampleSeries(gappy, "max", 3, 0, 12)).toEqual([p(3, 4), p(4, 9), p(11, 4)]);
  });

  it("puts samples before the range in the first bucket and at or after its end in the last", () => {
    const spill = [p(-5, 7), p(-1, 1), p(0, 2), p(5, 3), p(6, 8), p(10, 4), p(15, 6)];
    // Range [0, 10) in 2 buckets of 5.
    expect(downsampleSeries(spill, "max", 2, 0, 10)).toEqual([p(-5, 7), p(6, 8)]);
    expect(downsampleSeries(spill, "envelope", 2, 0, 10)).toEqual([p(-5, 7), p(-1, 1), p(5, 3), p(6, 8)]);
    // The first sample falls in a later bucket than the first.
    expect(downsampleSeries([p(6, 1), p(7, 3), p(8, 2)], "max", 2, 0, 10)).toEqual([p(7, 3)]);
  });
});

/**
 * The brute-force model: the samples of each bucket, where bucket k holds
 * [start + k·width, start + (k+1)·width) and samples before the range go in
 * the first, at or after its end in the last; per bucket the earliest sample of
 * its highest value (and, for LAeq's envelope, of its lowest), in time order.
 */
function model(points: SeriesPoint[], mode: SeriesMode, buckets: number, start: number, end: number): SeriesPoint[] {
  const clean = points.filter((q) => Number.isFinite(q.v));
  const budget = mode === "envelope" ? 2 * buckets : buckets;
  if (clean.length <= budget || buckets < 1 || end <= start) return clean;
  const width = (end - start) / buckets;
  const bucketOf = (t: number) => {
    let b = 0;
    for (let k = 1; k < buckets; k++) if (t >= start + k * width) b = k;
    return b;
  };
  const out: SeriesPoint[] = [];
  for (let k = 0; k < buckets; k++) {
    const inside = clean.filter((q) => bucketOf(q.t) === k);
    if (inside.length === 0) continue;
    const hi = inside.find((q) => q.v === Math.max(...inside.map((x) => x.v)))!;
    const lo = inside.find((q) => q.v === Math.min(...inside.map((x) => x.v)))!;
    if (mode === "max" || lo === hi) out.push(hi);
    else out.push(...[lo, hi].sort((a, b) => a.t - b.t));
  }
  return out;
}

describe("downsampleSeries properties", () => {
  /** Samples in time order (strictly increasing times, as MyCirrus sends them), some outside the range. */
  const scenario = fc
    .record({
      buckets: fc.integer({ min: -1, max: 8 }),
      width: fc.integer({ min: 1, max: 20 }),
      start: fc.integer({ min: -100, max: 100 }),
      mode: fc.constantFrom<SeriesMode>("envelope", "max"),
      gaps: fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 40 }),
      values: fc.array(fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 0, max: 6 }) }, fc.constant(Number.NaN)), {
        maxLength: 40,
      }),
      // Mostly a real range; sometimes an empty or reversed one.
      range: fc.oneof({ weight: 8, arbitrary: fc.constant(1) }, fc.constant(0), fc.constant(-1)),
    })
    .map(({ buckets, width, start, mode, gaps, values, range }) => {
      const span = Math.max(buckets, 1) * width;
      const end = range === 1 ? start + span : range === 0 ? start : start - span;
      let t = start - 2 * width;
      const points = gaps.map((g, i) => ({ t: (t += g), v: values[i] ?? i }));
      return { buckets, start, end, mode, points };
    });

  it("match the model: each bucket's earliest maximum (and for LAeq its earliest minimum), in time order", () => {
    fc.assert(
      fc.property(scenario, ({ points, mode, buckets, start, end }) => {
        expect(downsampleSeries(points, mode, buckets, start, end)).toEqual(model(points, mode, buckets, start, end));
      }),
      { numRuns: 600 },
    );
  });

  it("return a subset of the input within the budget that keeps each bucket's maximum and each LAeq bucket's minimum", () => {
    fc.assert(
      fc.property(scenario, ({ points, mode, buckets, start, end }) => {
        const kept = downsampleSeries(points, mode, buckets, start, end);
        const clean = points.filter((q) => Number.isFinite(q.v));
        // Real samples only, each once, in time order.
        for (const q of kept) expect(clean).toContain(q);
        for (let i = 1; i < kept.length; i++) expect(kept[i]!.t).toBeGreaterThan(kept[i - 1]!.t);
        if (buckets < 1 || end <= start) return void expect(kept).toEqual(clean);
        const budget = mode === "envelope" ? 2 * buckets : buckets;
        expect(kept.length).toBeLessThanOrEqual(Math.max(budget, 0));
        if (clean.length <= budget) return void expect(kept).toEqual(clean);
        const width = (end - start) / buckets;
        const groups = new Map<number, SeriesPoint[]>();
        for (const q of clean) {
          const b = Math.min(buckets - 1, Math.max(0, Math.floor((q.t - start) / width)));
          groups.set(b, [...(groups.get(b) ?? []), q]);
        }
        for (const group of groups.values()) {
          const values = group.map((q) => q.v);
          const keptHere = kept.filter((q) => group.includes(q)).map((q) => q.v);
          expect(keptHere).toContain(Math.max(...values));
          if (mode === "envelope") expect(keptHere).toContain(Math.min(...values));
          expect(keptHere.length).toBe(mode === "max" || Math.min(...values) === Math.max(...values) ? 1 : 2);
        }
      }),
      { numRuns: 600 },
    );
  });
});
