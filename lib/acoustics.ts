/**
 * Sound level arithmetic shared by the server (alerts, reports) and the browser
 * (a site's live headroom): levels are logarithmic, so they are combined as
 * energies, never as plain numbers.
 *
 * Statistical levels (LAF90: the level exceeded 90 % of the time) cannot be
 * combined exactly from per-period values, because that needs each period's
 * full level distribution, which MyCirrus does not send. LAF90 over a window
 * is therefore reported as the median of its measurement-period values: a
 * robust "typical background" that one loud or quiet period cannot drag.
 */
import type { NoiseMetric } from "@/lib/domain";

/** One measurement period's level and how long it lasted. */
export interface LevelPart {
  level: number;
  seconds: number;
}

/**
 * Parts that carry information: a finite level over a positive, finite time.
 * A part without time has no weight in an energy average, and one without a
 * level (a gap MyCirrus reports as null → NaN) must not poison a maximum or a median.
 */
function usable(parts: readonly LevelPart[]): LevelPart[] {
  return parts.filter((p) => Number.isFinite(p.level) && Number.isFinite(p.seconds) && p.seconds > 0);
}

/**
 * Duration-weighted energy average, 10·log10(Σ tᵢ·10^(Lᵢ/10) / Σ tᵢ), or null
 * when no part has both a level and some time. Energies are taken relative to
 * the loudest part, so 10^(L/10) never overflows or loses the quiet parts'
 * digits, and a constant input gives back exactly itself.
 */
export function energyAverage(parts: readonly LevelPart[]): number | null {
  const valid = usable(parts);
  if (valid.length === 0) return null;
  const reference = Math.max(...valid.map((p) => p.level));
  let seconds = 0;
  let energy = 0;
  for (const p of valid) {
    seconds += p.seconds;
    energy += p.seconds * 10 ** ((p.level - reference) / 10);
  }
  return reference + 10 * Math.log10(energy / seconds);
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  // An even count has two middle values; their mean, as statistics defines the median.
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * A window's value of `metric` from its measurement periods: LAeq is the
 * energy average; LAFMax and LCPeak, being maxima, are the largest; LAF90 is
 * the median (see the module comment). Null when no period has a level.
 */
export function windowValue(metric: NoiseMetric, parts: readonly LevelPart[]): number | null {
  const valid = usable(parts);
  switch (metric) {
    case "LAeq":
      return energyAverage(valid);
    case "LAFMax":
    case "LCPeak":
      return valid.length === 0 ? null : Math.max(...valid.map((p) => p.level));
    case "LAF90":
      return median(valid.map((p) => p.level));
  }
}

/**
 * A measured level with a position's correction (e.g. −3 dB to turn a façade
 * reading into free field). The one place that applies it, so it is applied
 * exactly once whichever path reads the level.
 */
export function corrected(level: number, correctionDb: number): number {
  return level + correctionDb;
}

export interface HeadroomInput {
  /** LAeq of the period so far, or null before any data. */
  runningLevel: number | null;
  elapsedSeconds: number;
  remainingSeconds: number;
  limitDb: number;
}

export interface Headroom {
  /** The largest LAeq the rest of the period may average without the period exceeding the limit; null when nothing is left to decide. */
  maxRemainingLevel: number | null;
  /** The period's LAeq is above the limit whatever the rest of it does. */
  breached: boolean;
  runningLevel: number | null;
}

/**
 * For a period in progress, how loud the rest of it may be. The period's energy
 * budget is T·10^(L/10) (T = elapsed + remaining, L = the limit); what is spent
 * so far is elapsed·10^(running/10); the rest may average
 * 10·log10(left / remaining). Worked relative to the limit
 * (left = 10^(L/10)·(T − elapsed·10^((running − L)/10))) for precision.
 */
export function headroom(input: HeadroomInput): Headroom {
  const { limitDb } = input;
  // A level that is not a number (a gap read as NaN) is no data, not a level.
  const runningLevel = input.runningLevel !== null && Number.isFinite(input.runningLevel) ? input.runningLevel : null;
  const elapsed = Math.max(0, input.elapsedSeconds);
  const remaining = input.remainingSeconds;
  if (!(remaining > 0)) {
    // The period is over: its level is what it is.
    return { maxRemainingLevel: null, breached: runningLevel !== null && runningLevel > limitDb, runningLevel };
  }
  // No data yet: the whole budget is left, so the rest may average the limit itself.
  if (runningLevel === null) return { maxRemainingLevel: limitDb, breached: false, runningLevel };
  const leftShare = elapsed + remaining - elapsed * 10 ** ((runningLevel - limitDb) / 10);
  // Budget spent: even silence from now on leaves the period at or above the limit.
  if (leftShare <= 0) return { maxRemainingLevel: null, breached: true, runningLevel };
  return { maxRemainingLevel: limitDb + 10 * Math.log10(leftShare / remaining), breached: false, runningLevel };
}

/**
 * Whether the period is on course to exceed its limit: already breached, or the
 * recent level (e.g. the last hour's LAeq), if it carried on, is above what the
 * rest of the period may average.
 */
export function projectedBreach(h: Headroom, recentLevel: number | null): boolean {
  if (h.breached) return true;
  return h.maxRemainingLevel !== null && recentLevel !== null && recentLevel > h.maxRemainingLevel;
}
