// Noise model: a diurnal pattern (quiet nights, busy days), slow variation, and occasional
// exceedance events. Everything is a pure function of (seed, serial, time).
import { activeIntervals, contains, type Interval } from "../availability.js";
import { rand, round1, round2, srand } from "../rng.js";
import { DAY, HOUR, MINUTE } from "../time.js";
import type { Instrument, NoiseEvent } from "../types.js";

const S_SLOW = 10;
const S_MIN = 11;
const S_SAMPLE = 12;
const S_EVENT = 13;
const S_MAX = 14;
const S_VALUE = 30;

/** Diurnal pattern in dB: ~41 dB around 03:00 UTC, ~56 dB mid-afternoon, quieter at weekends. */
export function diurnal(t: number): number {
  const hod = (t % DAY) / HOUR;
  const x = 0.5 - 0.5 * Math.cos((2 * Math.PI * (hod - 3)) / 24);
  const dow = new Date(t).getUTCDay();
  const weekend = dow === 0 || dow === 6 ? -2.5 : 0;
  return 41 + 15 * Math.pow(x, 0.7) + weekend;
}

/** Slowly varying background level (value noise on 10-minute knots). */
function baseLevel(inst: Instrument, t: number): number {
  const fixed = fixedLevelAt(inst, t);
  if (fixed !== null) return fixed;
  const knot = 10 * MINUTE;
  const k = Math.floor(t / knot);
  const f = (t - k * knot) / knot;
  const a = srand(inst.h, S_SLOW, k);
  const b = srand(inst.h, S_SLOW, k + 1);
  const s = f * f * (3 - 2 * f);
  return diurnal(t) + inst.profile.siteOffset + (a + (b - a) * s) * 3 + shiftAt(inst, t);
}

const active = (shift: Instrument["levelShifts"][number], t: number) =>
  t >= shift.from && (shift.to === null || t < shift.to);

/** Level shifts a test or demo asked for ("the site gets louder from now on"). */
function shiftAt(inst: Instrument, t: number): number {
  let db = 0;
  for (const shift of inst.levelShifts) if (shift.level === null && active(shift, t)) db += shift.db;
  return db;
}

/** A fixed level asked for over a time range (the newest wins), or null. */
function fixedLevelAt(inst: Instrument, t: number): number | null {
  for (let i = inst.levelShifts.length - 1; i >= 0; i--) {
    const shift = inst.levelShifts[i]!;
    if (shift.level !== null && active(shift, t)) return shift.level + shiftAt(inst, t);
  }
  return null;
}

function hourProbability(hourIdx: number): number {
  const hod = hourIdx % 24;
  if (hod >= 7 && hod < 19) return 0.3;
  if (hod >= 19 && hod < 23) return 0.15;
  return 0.05;
}

/** The generated event of an hour slot (at most one, never crossing the hour), ignoring availability. */
function generatedEvent(inst: Instrument, hourIdx: number): NoiseEvent | null {
  if (inst.type !== "Noise") return null;
  if (rand(inst.h, S_EVENT, hourIdx) >= hourProbability(hourIdx) * inst.profile.eventRate) return null;
  const start = hourIdx * HOUR + Math.floor(rand(inst.h, S_EVENT + 1, hourIdx) * 3400) * 1000;
  const duration = (10 + Math.floor(rand(inst.h, S_EVENT + 2, hourIdx) * 80)) * 1000;
  const peak = round1(inst.profile.triggerLevel + 6 + rand(inst.h, S_EVENT + 3, hourIdx) * 20);
  return { key: `h${hourIdx}`, start, end: start + duration, peak };
}

/** Generated and injected events overlapping [from, to), ignoring availability. */
function eventsOverlapping(inst: Instrument, from: number, to: number): NoiseEvent[] {
  const out: NoiseEvent[] = [];
  if (inst.type !== "Noise") return out;
  for (let hIdx = Math.floor(from / HOUR); hIdx * HOUR < to; hIdx++) {
    const ev = generatedEvent(inst, hIdx);
    if (ev && ev.end > from && ev.start < to) out.push(ev);
  }
  for (const ev of inst.injectedEvents) if (ev.end > from && ev.start < to) out.push(ev);
  return out.sort((a, b) => a.start - b.start);
}

/** Events the instrument has stored: started in [from, to), finished by `now`, recorded while active. */
export function storedEvents(inst: Instrument, from: number, to: number, now: number): NoiseEvent[] {
  const active = activeIntervals(inst, from - HOUR, Math.min(to, now), now);
  return eventsOverlapping(inst, from - 2 * MINUTE, to).filter(
    (ev) =>
      ev.start >= from && ev.start < to && ev.end <= now && (ev.key.startsWith("i") || contains(active, ev.start)),
  );
}

/** Stored events whose end lies in (from, to]: what a NewEvent webhook announces. */
export function eventsEndingIn(inst: Instrument, from: number, to: number, now: number): NoiseEvent[] {
  return storedEvents(inst, from - 2 * MINUTE, to, now).filter((ev) => ev.end > from && ev.end <= to);
}

export function findEvent(inst: Instrument, key: string, now: number): NoiseEvent | null {
  let ev: NoiseEvent | null | undefined = null;
  if (key.startsWith("h")) {
    const idx = Number(key.slice(1));
    if (!Number.isSafeInteger(idx)) return null;
    ev = generatedEvent(inst, idx);
    if (ev && !storedEvents(inst, ev.start, ev.start + 1, now).length) return null;
  } else if (key.startsWith("i")) {
    ev = inst.injectedEvents.find((e) => e.key === key);
  }
  return ev && ev.end <= now ? ev : null;
}

/** Level of an event at time t (a smooth bump, peak in the middle). */
function eventLevel(ev: NoiseEvent, t: number): number {
  const mid = (ev.start + ev.end) / 2;
  const half = (ev.end - ev.start) / 2;
  const x = (t - mid) / half;
  return ev.peak - 3 - 12 * x * x;
}

const energy = (db: number): number => Math.pow(10, db / 10);
const toDb = (e: number): number => 10 * Math.log10(e);

/** Levels of n consecutive samples of length periodMs starting at `start` (LAeq per sample). */
export function levelSeries(inst: Instrument, start: number, periodMs: number, n: number): Float64Array {
  const out = new Float64Array(n);
  const key = (inst.h ^ periodMs) >>> 0;
  const events = eventsOverlapping(inst, start, start + n * periodMs);
  let ei = 0;
  const jitter = periodMs >= MINUTE ? 1.2 : periodMs >= 1000 ? 2.5 : 3.5;
  for (let i = 0; i < n; i++) {
    const t = start + i * periodMs;
    let level = baseLevel(inst, t) + srand(key, S_SAMPLE, t) * jitter;
    while (ei < events.length && events[ei]!.end <= t) ei++;
    for (let j = ei; j < events.length && events[j]!.start <= t; j++) {
      const ev = events[j]!;
      if (t < ev.end) level = toDb(energy(level) + energy(eventLevel(ev, t + periodMs / 2)));
    }
    out[i] = level;
  }
  return out;
}

/** LAeq of one whole minute, including the energy of any event overlapping it. */
function minuteLAeq(inst: Instrument, minuteStart: number, events: NoiseEvent[]): { laeq: number; max: number } {
  let e = energy(baseLevel(inst, minuteStart + 30_000) + srand(inst.h, S_MIN, minuteStart / MINUTE) * 1.2);
  let max = toDb(e) + 4 + rand(inst.h, S_MAX, minuteStart / MINUTE) * 5;
  for (const ev of events) {
    const a = Math.max(ev.start, minuteStart);
    const b = Math.min(ev.end, minuteStart + MINUTE);
    if (b > a) {
      e += (energy(ev.peak - 4) * (b - a)) / MINUTE;
      max = Math.max(max, ev.peak);
    }
  }
  return { laeq: toDb(e), max };
}

export interface PeriodStats {
  laeq: number;
  lafmax: number;
  minutes: number;
}

/** Statistics of [start, start+duration) over the active minutes; null when nothing was recorded. */
export function periodStats(inst: Instrument, start: number, duration: number, active: Interval[]): PeriodStats | null {
  const events = eventsOverlapping(inst, start, start + duration);
  let sum = 0;
  let max = -Infinity;
  let minutes = 0;
  for (let m = start; m < start + duration; m += MINUTE) {
    if (!contains(active, m)) continue;
    const r = minuteLAeq(inst, m, events);
    sum += energy(r.laeq);
    max = Math.max(max, r.max);
    minutes++;
  }
  if (minutes === 0) return null;
  return { laeq: toDb(sum / minutes), lafmax: max, minutes };
}

type Deriver = (s: PeriodStats, durationMs: number, j: number) => number;

const lin =
  (offset: number): Deriver =>
  (s, _d, j) =>
    s.laeq + offset + j;
const mx =
  (offset: number): Deriver =>
  (s, _d, j) =>
    s.lafmax + offset + j * 0.5;

const NOISE_VALUE_DERIVERS: Record<string, Deriver> = {
  LAeq: (s) => s.laeq,
  LCeq: lin(5.5),
  LZeq: lin(8.5),
  LAE: (s, d) => s.laeq + 10 * Math.log10(d / 1000),
  LCE: (s, d, j) => s.laeq + 5.5 + j + 10 * Math.log10(d / 1000),
  LZE: (s, d, j) => s.laeq + 8.5 + j + 10 * Math.log10(d / 1000),
  LEX8: (s, d) => s.laeq + 10 * Math.log10(d / (8 * HOUR)),
  LAPeak: mx(11),
  LCPeak: mx(15.5),
  LZPeak: mx(17.5),
  LAFMax: (s) => s.lafmax,
  LASMax: mx(-1.5),
  LAIMax: mx(1.8),
  LCFMax: mx(5),
  LCSMax: mx(3.5),
  LCIMax: mx(6.5),
  LZFMax: mx(8),
  LZSMax: mx(6.5),
  LZIMax: mx(9.5),
  LAF1: (s, _d, j) => s.laeq + 7.5 + j * 0.3,
  LAF5: (s, _d, j) => s.laeq + 5 + j * 0.3,
  LAF10: (s, _d, j) => s.laeq + 3 + j * 0.3,
  LAF50: (s, _d, j) => s.laeq - 1.5 + j * 0.3,
  LAF90: (s, _d, j) => s.laeq - 4.5 + j * 0.3,
  LAF95: (s, _d, j) => s.laeq - 5.5 + j * 0.3,
  LAF99: (s, _d, j) => s.laeq - 7 + j * 0.3,
  LeqT1Max: (s, _d, j) => Math.min(s.lafmax, s.laeq + 1.2 + j * 0.4),
  LeqT2Max: (s, _d, j) => Math.min(s.lafmax, s.laeq + 0.4 + j * 0.2),
};

export const NOISE_VALUE_NAMES = Object.keys(NOISE_VALUE_DERIVERS);
export const STATISTICAL_VALUES = new Set(["LAF1", "LAF5", "LAF10", "LAF50", "LAF90", "LAF95", "LAF99"]);
export const DEFAULT_NOISE_VALUES = ["LAeq", "LCPeak", "LAFMax"];
/** Values available as time histories (Leq, peak and SPL max families). */
export const TIME_HISTORY_VALUES = NOISE_VALUE_NAMES.filter((n) => /eq$|Peak$|Max$/.test(n) && !n.startsWith("LeqT"));
export const LEQT_TYPES = { LeqT1Type: "LAeq,5m", LeqT2Type: "LAeq,60m" };

export function deriveValue(
  inst: Instrument,
  name: string,
  stats: PeriodStats,
  start: number,
  duration: number,
): number {
  const idx = NOISE_VALUE_NAMES.indexOf(name);
  const j = srand(inst.h, S_VALUE + idx, start / 1000);
  return round1(NOISE_VALUE_DERIVERS[name]!(stats, duration, j));
}

/** Offset of a time-history value family relative to the LAeq sample. */
export function timeHistoryOffset(name: string): number {
  const table: Record<string, number> = {
    LAeq: 0,
    LCeq: 5.5,
    LZeq: 8.5,
    LAPeak: 14,
    LCPeak: 18.5,
    LZPeak: 20.5,
    LAFMax: 3,
    LASMax: 1.5,
    LAIMax: 4.8,
    LCFMax: 8,
    LCSMax: 6.5,
    LCIMax: 9.5,
    LZFMax: 11,
    LZSMax: 9.5,
    LZIMax: 12.5,
  };
  return table[name] ?? 0;
}

// ---- Frequency bands ----

export const OCTAVE_BANDS: Array<[string, number]> = [
  ["31.5Hz", 31.5],
  ["63Hz", 63],
  ["125Hz", 125],
  ["250Hz", 250],
  ["500Hz", 500],
  ["1KHz", 1000],
  ["2KHz", 2000],
  ["4KHz", 4000],
  ["8KHz", 8000],
  ["16KHz", 16000],
];

const THIRD_FREQS = [
  6.3, 8, 10, 12.5, 16, 20, 25, 31.5, 40, 50, 63, 80, 100, 125, 160, 200, 250, 315, 400, 500, 630, 800, 1000, 1250,
  1600, 2000, 2500, 3150, 4000, 5000, 6300, 8000, 10000, 12500, 16000, 20000,
];
export const THIRD_BANDS: Array<[string, number]> = THIRD_FREQS.map((f) => [
  f >= 1000 ? `${f / 1000}KHz` : `${f}Hz`,
  f,
]);

/** Z-weighted spectrum shape of road traffic, dB relative to the overall level, per octave. */
const SHAPE: Array<[number, number]> = [
  [6.3, -14],
  [31.5, -6],
  [63, -4],
  [125, -6],
  [250, -8],
  [500, -9],
  [1000, -9],
  [2000, -12],
  [4000, -16],
  [8000, -22],
  [16000, -30],
  [20000, -33],
];

function shape(f: number): number {
  const x = Math.log2(f);
  for (let i = 0; i + 1 < SHAPE.length; i++) {
    const [f0, v0] = SHAPE[i]!;
    const [f1, v1] = SHAPE[i + 1]!;
    if (f <= f1) {
      const t = (x - Math.log2(f0)) / (Math.log2(f1) - Math.log2(f0));
      return v0 + (v1 - v0) * Math.max(0, t);
    }
  }
  return SHAPE[SHAPE.length - 1]![1];
}

/** IEC 61672 A- and C-weighting in dB. */
function weightingDb(weighting: "A" | "C" | "Z", f: number): number {
  const f2 = f * f;
  if (weighting === "Z") return 0;
  const c = (12194 ** 2 * f2) / ((f2 + 20.6 ** 2) * (f2 + 12194 ** 2));
  if (weighting === "C") return 20 * Math.log10(c) + 0.062;
  const a =
    (12194 ** 2 * f2 * f2) / ((f2 + 20.6 ** 2) * Math.sqrt((f2 + 107.7 ** 2) * (f2 + 737.9 ** 2)) * (f2 + 12194 ** 2));
  return 20 * Math.log10(a) + 2.0;
}

/** Band level for an overall LAeq-like level. */
export function bandLevel(
  inst: Instrument,
  laeq: number,
  f: number,
  weighting: "A" | "C" | "Z",
  third: boolean,
  t: number,
  bandIndex: number,
): number {
  const z = laeq + 8 + shape(f) - (third ? 4.8 : 0) + srand(inst.h, 60 + bandIndex, t / 1000) * 1.5;
  return round1(z + weightingDb(weighting, f));
}

export { round2 };
