/**
 * Calibration drift: a least-squares line of offset (dB) against time over the
 * chosen range, and when that line crosses ±threshold. Pure.
 */
const DAY = 86_400_000;

export interface DriftPoint {
  time: Date;
  offset: number;
}

export interface DriftTrend {
  samples: number;
  /** dB per day */
  slopePerDay: number;
  /** Trend line's value at `now`. */
  current: number;
  /** Days from `now` until the line reaches ±threshold; 0 if already there; null if never (flat). */
  daysToThreshold: number | null;
  /** Already past the threshold, or gets there within the horizon. */
  flagged: boolean;
  /** Trend line endpoints over the data, for drawing. */
  line: { from: { t: number; v: number }; to: { t: number; v: number } } | null;
}

export const DEFAULT_DRIFT_THRESHOLD_DB = 0.5;
export const DEFAULT_DRIFT_HORIZON_DAYS = 90;

export function driftTrend(
  points: readonly DriftPoint[],
  options: { threshold?: number; horizonDays?: number; now?: Date } = {},
): DriftTrend {
  const threshold = Math.abs(options.threshold ?? DEFAULT_DRIFT_THRESHOLD_DB);
  const horizon = options.horizonDays ?? DEFAULT_DRIFT_HORIZON_DAYS;
  const now = (options.now ?? new Date()).getTime();
  const pts = points.filter((p) => Number.isFinite(p.offset));
  const n = pts.length;
  if (n === 0) return { samples: 0, slopePerDay: 0, current: 0, daysToThreshold: null, flagged: false, line: null };
  // Days relative to the first sample keep the sums well conditioned.
  const t0 = Math.min(...pts.map((p) => p.time.getTime()));
  const xs = pts.map((p) => (p.time.getTime() - t0) / DAY);
  const ys = pts.map((p) => p.offset);
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - mx) ** 2;
    sxy += (xs[i]! - mx) * (ys[i]! - my);
  }
  const slope = n > 1 && sxx > 0 ? sxy / sxx : 0;
  const at = (x: number) => my + slope * (x - mx);
  const xNow = (now - t0) / DAY;
  const current = at(xNow);
  let daysToThreshold: number | null;
  if (Math.abs(current) >= threshold) daysToThreshold = 0;
  else if (slope === 0) daysToThreshold = null;
  else {
    const target = slope > 0 ? threshold : -threshold;
    const d = (target - current) / slope;
    daysToThreshold = d > 0 ? d : null;
  }
  const xMax = Math.max(...xs);
  return {
    samples: n,
    slopePerDay: slope,
    current,
    daysToThreshold,
    flagged: daysToThreshold !== null && daysToThreshold <= horizon,
    line: { from: { t: t0, v: at(0) }, to: { t: t0 + xMax * DAY, v: at(xMax) } },
  };
}
