/**
 * Server-side downsampling for noise charts that never loses a peak.
 *
 * The range is cut into equal time buckets. Per bucket, the averaged series
 * (LAeq) keeps its minimum and its maximum sample (in time order), so the
 * envelope of the line is preserved; the peak series (LAFMax, LCPeak) keep
 * their maximum sample only. Every kept point is a real sample at its real
 * time, so the largest value of every bucket (and so every local maximum that
 * is the highest in its bucket, and the global maximum) survives.
 */

export interface SeriesPoint {
  /** epoch ms */
  t: number;
  v: number;
}

export type SeriesMode = "envelope" | "max";

/** Series below the budget come back unchanged (null values dropped). */
export function downsampleSeries(
  points: readonly SeriesPoint[],
  mode: SeriesMode,
  buckets: number,
  start: number,
  end: number,
): SeriesPoint[] {
  const clean = points.filter((p) => Number.isFinite(p.v));
  const budget = mode === "envelope" ? buckets * 2 : buckets;
  if (clean.length <= budget || buckets < 1 || end <= start) return clean;
  const width = (end - start) / buckets;
  const out: SeriesPoint[] = [];
  let current = -1;
  let lo: SeriesPoint | null = null;
  let hi: SeriesPoint | null = null;
  const flush = () => {
    if (!hi) return;
    if (mode === "envelope" && lo && lo !== hi) out.push(...(lo.t <= hi.t ? [lo, hi] : [hi, lo]));
    else out.push(hi);
  };
  for (const p of clean) {
    const b = Math.min(buckets - 1, Math.max(0, Math.floor((p.t - start) / width)));
    if (b !== current) {
      flush();
      current = b;
      lo = hi = p;
      continue;
    }
    if (p.v > hi!.v) hi = p;
    if (p.v < lo!.v) lo = p;
  }
  flush();
  return out;
}

export interface NoiseRow {
  start: Date;
  values: Record<string, number | null>;
}

export interface NoiseChartData {
  start: number;
  end: number;
  /** Samples MyCirrus returned, before downsampling. */
  rawCount: number;
  /** Points sent to the browser, all series together. */
  pointCount: number;
  downsampled: boolean;
  series: Record<string, SeriesPoint[]>;
}

export const NOISE_SERIES: Array<{ name: string; mode: SeriesMode }> = [
  { name: "LAeq", mode: "envelope" },
  { name: "LAFMax", mode: "max" },
  { name: "LCPeak", mode: "max" },
];

/** maxPoints: the budget per series (about 1,500 makes a smooth chart at any width). */
export function downsampleNoise(
  rows: readonly NoiseRow[],
  range: { start: Date; end: Date },
  maxPoints = 1500,
): NoiseChartData {
  const start = range.start.getTime();
  const end = range.end.getTime();
  const series: Record<string, SeriesPoint[]> = {};
  let downsampled = false;
  let pointCount = 0;
  for (const { name, mode } of NOISE_SERIES) {
    const points: SeriesPoint[] = [];
    for (const r of rows) {
      const v = r.values[name];
      if (typeof v === "number") points.push({ t: r.start.getTime(), v });
    }
    const buckets = mode === "envelope" ? Math.floor(maxPoints / 2) : maxPoints;
    const kept = downsampleSeries(points, mode, buckets, start, end);
    if (kept.length < points.length) downsampled = true;
    series[name] = kept.map((p) => ({ t: p.t, v: Math.round(p.v * 10) / 10 }));
    pointCount += kept.length;
  }
  return { start, end, rawCount: rows.length, pointCount, downsampled, series };
}
