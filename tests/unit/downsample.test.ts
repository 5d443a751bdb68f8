import { describe, expect, it } from "vitest";
import { downsampleNoise, downsampleSeries, type NoiseRow, type SeriesPoint } from "@/lib/downsample";

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

describe("downsampling keeps peaks", () => {
  const rows = month();
  const range = { start: new Date(START), end: new Date(START + 31 * 86_400_000) };
  const out = downsampleNoise(rows, range, 1500);

  it("turns a 31-day 1-minute series (44,640 samples) into about 1–2k points per series", () => {
    expect(rows.length).toBe(44_640);
    expect(out.rawCount).toBe(44_640);
    expect(out.downsampled).toBe(true);
    for (const name of ["LAeq", "LAFMax", "LCPeak"]) {
      expect(out.series[name]!.length).toBeGreaterThan(1000);
      expect(out.series[name]!.length).toBeLessThanOrEqual(1500);
    }
  });

  it("keeps every local maximum of LAFMax that is the highest in its bucket, at its own time, and the global maximum", () => {
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

  it("keeps the LAeq envelope (min and max of every bucket) and returns only real samples", () => {
    const raw = new Map(rows.map((r) => [r.start.getTime(), r.values.LAeq!]));
    for (const p of out.series.LAeq!) expect(p.v).toBeCloseTo(raw.get(p.t)!, 1);
    const values = rows.map((r) => r.values.LAeq!);
    expect(Math.min(...out.series.LAeq!.map((p) => p.v))).toBeCloseTo(Math.min(...values), 1);
    expect(Math.max(...out.series.LAeq!.map((p) => p.v))).toBeCloseTo(Math.max(...values), 1);
  });

  it("returns points in time order", () => {
    for (const s of Object.values(out.series))
      for (let i = 1; i < s.length; i++) expect(s[i]!.t).toBeGreaterThanOrEqual(s[i - 1]!.t);
  });

  it("leaves a short series alone and drops nulls", () => {
    const pts: SeriesPoint[] = [
      { t: 1, v: 1 },
      { t: 2, v: Number.NaN },
      { t: 3, v: 3 },
    ];
    expect(downsampleSeries(pts, "max", 10, 0, 10)).toEqual([
      { t: 1, v: 1 },
      { t: 3, v: 3 },
    ]);
    const short = downsampleNoise(rows.slice(0, 1440), { start: new Date(START), end: new Date(START + 86_400_000) });
    expect(short.downsampled).toBe(false);
    expect(short.series.LAFMax).toHaveLength(1440);
  });
});
