// When is an instrument online and measuring? Explicit timeline entries plus generated outages
// for "flaky" instruments (weak LTE) in segments the control surface has not overridden.
import { rand } from "./rng.js";
import { DAY, MINUTE } from "./time.js";
import type { Instrument, TimelineEntry } from "./types.js";

export type Interval = [number, number];
const OUTAGE_STREAM = 40;

/** Generated outage of a day slot (at most one per day), or null. */
function outageOfDay(inst: Instrument, day: number): Interval | null {
  if (!inst.profile.flaky) return null;
  if (rand(inst.h, OUTAGE_STREAM, day) >= 0.45) return null;
  const start = day * DAY + Math.floor(rand(inst.h, OUTAGE_STREAM + 1, day) * (DAY - 2 * 3600_000));
  const length = (4 + Math.floor(rand(inst.h, OUTAGE_STREAM + 2, day) * 50)) * MINUTE;
  return [start, start + length];
}

/** Generated outages overlapping [from, to). */
export function generatedOutages(inst: Instrument, from: number, to: number): Interval[] {
  if (!inst.profile.flaky || to <= from) return [];
  const out: Interval[] = [];
  for (let d = Math.floor(from / DAY) - 1; d <= Math.floor(to / DAY); d++) {
    const o = outageOfDay(inst, d);
    if (o && o[1] > from && o[0] < to) out.push(o);
  }
  return out;
}

function entryAt(inst: Instrument, t: number): TimelineEntry | null {
  const tl = inst.timeline;
  let lo = 0;
  let hi = tl.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tl[mid]!.at <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? null : tl[found]!;
}

function inGeneratedOutage(inst: Instrument, t: number): boolean {
  if (!inst.profile.flaky) return false;
  const d = Math.floor(t / DAY);
  for (const day of [d - 1, d]) {
    const o = outageOfDay(inst, day);
    if (o && t >= o[0] && t < o[1]) return true;
  }
  return false;
}

export function stateAt(inst: Instrument, t: number): { online: boolean; measuring: boolean } {
  const e = entryAt(inst, t);
  if (!e) return { online: false, measuring: false };
  const online = e.online && !(e.auto && inGeneratedOutage(inst, t));
  return { online, measuring: e.measuring };
}

function subtract(intervals: Interval[], holes: Interval[]): Interval[] {
  let out = intervals;
  for (const [ha, hb] of holes) {
    const next: Interval[] = [];
    for (const [a, b] of out) {
      if (hb <= a || ha >= b) next.push([a, b]);
      else {
        if (ha > a) next.push([a, ha]);
        if (hb < b) next.push([hb, b]);
      }
    }
    out = next;
  }
  return out;
}

/** Sorted disjoint intervals within [from, min(to, now)) where the instrument was `online` (and `measuring` if asked). */
export function intervalsWhere(
  inst: Instrument,
  from: number,
  to: number,
  now: number,
  needMeasuring: boolean,
): Interval[] {
  const end = Math.min(to, now);
  const out: Interval[] = [];
  const tl = inst.timeline;
  for (let i = 0; i < tl.length; i++) {
    const e = tl[i]!;
    const segEnd = i + 1 < tl.length ? tl[i + 1]!.at : Number.POSITIVE_INFINITY;
    const a = Math.max(e.at, from);
    const b = Math.min(segEnd, end);
    if (b <= a || !e.online || (needMeasuring && !e.measuring)) continue;
    const pieces = e.auto ? subtract([[a, b]], generatedOutages(inst, a, b)) : [[a, b] as Interval];
    for (const p of pieces) {
      const last = out[out.length - 1];
      if (last && last[1] === p[0]) last[1] = p[1];
      else out.push([p[0], p[1]]);
    }
  }
  return out;
}

export function activeIntervals(inst: Instrument, from: number, to: number, now: number): Interval[] {
  return intervalsWhere(inst, from, to, now, true);
}

/** Fast membership test over sorted intervals. */
export function contains(intervals: Interval[], t: number): boolean {
  let lo = 0;
  let hi = intervals.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = intervals[mid]!;
    if (t < a) hi = mid - 1;
    else if (t >= b) lo = mid + 1;
    else return true;
  }
  return false;
}

export function overlaps(intervals: Interval[], a: number, b: number): boolean {
  for (const [x, y] of intervals) if (x < b && y > a) return true;
  return false;
}

/** Online/offline transitions in (from, to] (generated outages and explicit timeline changes). */
export function onlineTransitions(inst: Instrument, from: number, to: number): Array<{ at: number; online: boolean }> {
  const out: Array<{ at: number; online: boolean }> = [];
  if (to <= from) return out;
  let prev = stateAt(inst, from).online;
  const candidates = new Set<number>();
  for (const e of inst.timeline) if (e.at > from && e.at <= to) candidates.add(e.at);
  for (const [a, b] of generatedOutages(inst, from, to + 1)) {
    if (a > from && a <= to) candidates.add(a);
    if (b > from && b <= to) candidates.add(b);
  }
  for (const at of [...candidates].sort((x, y) => x - y)) {
    const now = stateAt(inst, at).online;
    if (now !== prev) out.push({ at, online: now });
    prev = now;
  }
  return out;
}
