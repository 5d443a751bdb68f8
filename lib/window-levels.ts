/**
 * The level of one averaging window from measurement periods: which periods
 * belong to it (those that start inside it), how much of it they cover, and
 * the window's value for a metric, corrected once for the position.
 */
import type { NoiseMetric } from "./domain";
import { corrected, windowValue } from "./acoustics";

export interface MeasurementLike {
  start: Date;
  durationSeconds: number | null;
  values: Record<string, number | null | undefined>;
}

export interface WindowLevel {
  /** Corrected value, or null without data. */
  value: number | null;
  /** Seconds of the window that measurement periods cover. */
  coveredSeconds: number;
  /** Measurement periods used. */
  count: number;
}

/** MyCirrus sends one-minute periods unless it says otherwise. */
export const DEFAULT_PERIOD_SECONDS = 60;

export function windowLevel(
  measurements: readonly MeasurementLike[],
  window: { start: Date; end: Date },
  metric: NoiseMetric,
  correctionDb: number,
): WindowLevel {
  const from = window.start.getTime();
  const to = window.end.getTime();
  const parts: { level: number; seconds: number }[] = [];
  for (const m of measurements) {
    const t = m.start.getTime();
    if (t < from || t >= to) continue;
    const level = m.values[metric];
    if (typeof level !== "number" || !Number.isFinite(level)) continue;
    parts.push({ level, seconds: m.durationSeconds ?? DEFAULT_PERIOD_SECONDS });
  }
  const raw = windowValue(metric, parts);
  return {
    value: raw === null ? null : corrected(raw, correctionDb),
    coveredSeconds: parts.reduce((s, p) => s + p.seconds, 0),
    count: parts.length,
  };
}

/** A window counts only when data covers at least half of it (as the exceedance rule always has). */
export const MIN_COVERAGE = 0.5;

export const windowSeconds = (w: { start: Date; end: Date }) => (w.end.getTime() - w.start.getTime()) / 1000;

export function judged(level: WindowLevel, window: { start: Date; end: Date }): boolean {
  return level.value !== null && level.coveredSeconds >= MIN_COVERAGE * windowSeconds(window);
}

export type Verdict = "pass" | "trigger" | "exceed";

/** Above the limit: exceed; above the trigger level: trigger; at a level exactly, not above it. */
export function verdict(value: number, limitDb: number, triggerDb: number | null): Verdict {
  if (value > limitDb) return "exceed";
  if (triggerDb !== null && value > triggerDb) return "trigger";
  return "pass";
}
