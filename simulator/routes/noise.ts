// Noise and frequency data: periodic measurements and time histories.
import { activeIntervals, type Interval } from "../availability.js";
import { errors } from "../errors.js";
import {
  DEFAULT_NOISE_VALUES,
  LEQT_TYPES,
  NOISE_VALUE_NAMES,
  OCTAVE_BANDS,
  STATISTICAL_VALUES,
  THIRD_BANDS,
  TIME_HISTORY_VALUES,
  bandLevel,
  deriveValue,
  levelSeries,
  periodStats,
  timeHistoryOffset,
} from "../models/noise.js";
import {
  enumParam,
  json,
  LIMITS,
  optionalPeriod,
  requireRange,
  selectValues,
  type Reply,
  type RequestContext,
} from "../params.js";
import { rand, round1 } from "../rng.js";
import { DAY, HOUR, MINUTE, iso } from "../time.js";
import type { Instrument } from "../types.js";

/** Upper bound on numbers in one time-history answer (a simulator limit, to stay responsive). */
const MAX_SAMPLES = 5_000_000;

const noiseOnly = (list: Instrument[]) => list.filter((i) => i.type === "Noise");
const maxOf = (list: Instrument[], f: (i: Instrument) => number, fallback: number) =>
  list.reduce((m, i) => Math.max(m, f(i)), list.length ? 0 : fallback);

function periodsIn(start: number, end: number, now: number, p: number): number[] {
  const out: number[] = [];
  const last = Math.min(end, now);
  for (let t = Math.ceil(start / p) * p; t + p <= last; t += p) out.push(t);
  return out;
}

/**
 * Every period with data of every instrument, in order: the request's period,
 * or when it gave none each instrument's own measurement period.
 */
function* measuredPeriods(insts: Instrument[], start: number, end: number, now: number, period: number | null) {
  for (const inst of insts) {
    const p = period ?? inst.profile.measurementPeriodMs;
    const active = activeIntervals(inst, start, end, now);
    if (active.length === 0) continue;
    for (const t of periodsIn(start, end, now, p)) {
      const stats = periodStats(inst, t, p, active);
      if (stats) yield { inst, t, p, stats };
    }
  }
}

export function noiseMeasurements(ctx: RequestContext): Reply {
  const r = requireRange(ctx, LIMITS.days31);
  const insts = noiseOnly(r.instruments);
  const mp = maxOf(insts, (i) => i.profile.measurementPeriodMs, MINUTE);
  const { period, given } = optionalPeriod(ctx.q, mp, mp, DAY, mp);
  const { requested, valid } = selectValues(ctx.q, NOISE_VALUE_NAMES, DEFAULT_NOISE_VALUES);
  const available = valid.filter((v) => !(given && STATISTICAL_VALUES.has(v)));
  if (available.length === 0) {
    throw errors.invalidValues(
      valid.length === 0
        ? `None of the requested values are valid: ${requested.join(", ")}.`
        : "Statistical values (LAF1 ... LAF99) are not available when a period is used.",
    );
  }
  const now = ctx.state.now();
  const rows: Array<Record<string, unknown>> = [];
  for (const { inst, t, p, stats } of measuredPeriods(insts, r.start, r.end, now, given ? period : null)) {
    const row: Record<string, unknown> = { instrument: inst.serial, startTime: iso(t), duration: p / 1000 };
    for (const v of valid) row[v] = given && STATISTICAL_VALUES.has(v) ? null : deriveValue(inst, v, stats, t, p);
    if (valid.includes("LeqT1Max")) row.LeqT1Type = LEQT_TYPES.LeqT1Type;
    if (valid.includes("LeqT2Max")) row.LeqT2Type = LEQT_TYPES.LeqT2Type;
    rows.push(row);
  }
  return json(rows);
}

interface Block {
  start: number;
  n: number;
  levels: Float64Array;
}

/** Contiguous blocks of samples (split at gaps and at hour boundaries). */
function blocksFor(inst: Instrument, active: Interval[], start: number, end: number, p: number): Block[] {
  const out: Block[] = [];
  for (const [ia, ib] of active) {
    let a = Math.ceil(Math.max(ia, start) / p) * p;
    const b = Math.floor(Math.min(ib, end) / p) * p;
    while (a < b) {
      const chunkEnd = Math.min(b, Math.floor(a / HOUR) * HOUR + HOUR);
      const n = Math.max(1, Math.floor((chunkEnd - a) / p));
      if (a + n * p > b) break;
      out.push({ start: a, n, levels: levelSeries(inst, a, p, n) });
      a += n * p;
    }
  }
  return out;
}

function checkSamples(rangeMs: number, period: number, perSample: number): void {
  if ((rangeMs / period) * perSample > MAX_SAMPLES) {
    throw errors.invalidRange(
      `This request would return more than ${MAX_SAMPLES} samples; shorten the range or use a longer period.`,
    );
  }
}

export function noiseTimeHistory(ctx: RequestContext): Reply {
  const r = requireRange(ctx, LIMITS.days7);
  const insts = noiseOnly(r.instruments);
  const th = maxOf(insts, (i) => i.profile.timeHistoryMs, 1000);
  const { period } = optionalPeriod(ctx.q, Math.max(1000, th), th, MINUTE, th);
  const { requested, valid } = selectValues(ctx.q, TIME_HISTORY_VALUES, DEFAULT_NOISE_VALUES);
  if (valid.length === 0)
    throw errors.invalidValues(`None of the requested values are valid: ${requested.join(", ")}.`);
  checkSamples(r.end - r.start, period, valid.length * Math.max(1, insts.length));
  const now = ctx.state.now();
  const out: unknown[] = [];
  for (const inst of insts) {
    const blocks = blocksFor(inst, activeIntervals(inst, r.start, r.end, now), r.start, r.end, period);
    valid.forEach((v, vi) => {
      const offset = timeHistoryOffset(v);
      const spread = v === "LAeq" || v.endsWith("eq") ? 0 : 2.5;
      out.push({
        instrument: inst.serial,
        type: v,
        blocks: blocks.map((b) => {
          const values = new Array<number>(b.n);
          for (let i = 0; i < b.n; i++) {
            const extra = spread ? rand(inst.h, 300 + vi, (b.start + i * period) / 100) * spread : 0;
            values[i] = round1(b.levels[i]! + offset + extra);
          }
          return { start: iso(b.start), end: iso(b.start + b.n * period), sampleDuration: period, values };
        }),
      });
    });
  }
  return json(out);
}

const BANDS = ["Octave", "Third"] as const;
const WEIGHTINGS = ["A", "C", "Z"] as const;

export function frequencyMeasurements(ctx: RequestContext): Reply {
  const bands = enumParam(ctx.q, "bands", BANDS, "Octave");
  const weighting = enumParam(ctx.q, "weighting", WEIGHTINGS, "Z");
  const r = requireRange(ctx, LIMITS.days31);
  const insts = noiseOnly(r.instruments);
  const mp = maxOf(insts, (i) => i.profile.measurementPeriodMs, MINUTE);
  const { period, given } = optionalPeriod(ctx.q, mp, mp, DAY, mp);
  const table = bands === "Octave" ? OCTAVE_BANDS : THIRD_BANDS;
  const now = ctx.state.now();
  const rows: unknown[] = [];
  for (const { inst, t, p, stats } of measuredPeriods(insts, r.start, r.end, now, given ? period : null)) {
    rows.push({
      instrument: inst.serial,
      startTime: iso(t),
      duration: p / 1000,
      type: bands,
      weighting,
      bands: table.map(([name, f], bi) => ({
        name,
        value: bandLevel(inst, stats.laeq, f, weighting, bands === "Third", t, bi),
      })),
    });
  }
  return json(rows);
}

export function frequencyTimeHistory(ctx: RequestContext): Reply {
  const bands = enumParam(ctx.q, "bands", BANDS, "Octave");
  const weighting = enumParam(ctx.q, "weighting", WEIGHTINGS, "Z");
  const r = requireRange(ctx, LIMITS.day1);
  const insts = noiseOnly(r.instruments);
  const th = maxOf(insts, (i) => i.profile.timeHistoryMs, 1000);
  const { period } = optionalPeriod(ctx.q, Math.max(1000, th), th, MINUTE, th);
  const table = bands === "Octave" ? OCTAVE_BANDS : THIRD_BANDS;
  checkSamples(r.end - r.start, period, table.length * Math.max(1, insts.length));
  const now = ctx.state.now();
  const out: unknown[] = [];
  for (const inst of insts) {
    const blocks = blocksFor(inst, activeIntervals(inst, r.start, r.end, now), r.start, r.end, period);
    out.push({
      instrument: inst.serial,
      type: bands,
      weighting,
      blocks: blocks.map((b) => ({
        start: iso(b.start),
        end: iso(b.start + b.n * period),
        sampleDuration: period,
        bands: table.map(([name, f], bi) => {
          const values = new Array<number>(b.n);
          for (let i = 0; i < b.n; i++) {
            values[i] = bandLevel(inst, b.levels[i]!, f, weighting, bands === "Third", b.start + i * period, bi);
          }
          return { name, values };
        }),
      })),
    });
  }
  return json(out);
}
