// Environmental model: weather (Weather feature), particulates and gases (AirQuality), vibration (Vibration).
import { contains, type Interval } from "../availability.js";
import { rand, round2, round3, round4, srand } from "../rng.js";
import { DAY, HOUR, MINUTE } from "../time.js";
import type { Instrument } from "../types.js";

const S_W = 200;

function slow(inst: Instrument, stream: number, t: number, knotMs = HOUR): number {
  const k = Math.floor(t / knotMs);
  const f = (t - k * knotMs) / knotMs;
  const a = srand(inst.h, stream, k);
  const b = srand(inst.h, stream, k + 1);
  return a + (b - a) * f * f * (3 - 2 * f);
}

function seasonal(t: number): number {
  const doy = (t % (365.25 * DAY)) / DAY;
  return Math.sin((2 * Math.PI * (doy - 110)) / 365.25);
}

function weatherSample(inst: Instrument, t: number) {
  const hod = (t % DAY) / HOUR;
  const diurnal = Math.sin((2 * Math.PI * (hod - 9)) / 24);
  const raining = rand(inst.h, S_W + 7, Math.floor(t / HOUR)) < 0.08;
  return {
    windSpeed: Math.max(0, 3 + 2.5 * slow(inst, S_W, t) + srand(inst.h, S_W + 1, t / MINUTE) * 0.6),
    windDirection:
      (((200 + 140 * slow(inst, S_W + 2, t, 6 * HOUR) + srand(inst.h, S_W + 3, t / MINUTE) * 15) % 360) + 360) % 360,
    temperature: 10 + 6 * seasonal(t) + 3.5 * diurnal + 1.5 * slow(inst, S_W + 4, t),
    pressure: 1.013 + 0.015 * slow(inst, S_W + 5, t, 12 * HOUR),
    humidity: Math.max(30, Math.min(100, 78 - 12 * diurnal + 8 * slow(inst, S_W + 6, t))),
    precipitation: raining ? 0.2 + rand(inst.h, S_W + 8, t / MINUTE) * 3.5 : 0,
  };
}

/** Average `fn` over up to 12 evenly spaced samples of [start, start+duration). */
function averaged<T extends Record<string, number | null>>(start: number, duration: number, fn: (t: number) => T): T {
  const n = Math.max(1, Math.min(12, Math.round(duration / MINUTE)));
  const acc: Record<string, number | null> = {};
  for (let i = 0; i < n; i++) {
    const s = fn(start + Math.floor((i * duration) / n));
    for (const [k, v] of Object.entries(s)) acc[k] = v === null ? null : ((acc[k] as number | undefined) ?? 0) + v / n;
  }
  return acc as T;
}

export type EnviroKind = "weather" | "particulates" | "gases" | "PPV" | "VDV";

export function supports(inst: Instrument, kind: EnviroKind): boolean {
  if (kind === "weather") return inst.feature.includes("Weather");
  if (kind === "particulates" || kind === "gases") return inst.type === "AirQuality";
  return inst.type === "Vibration";
}

function particulates(inst: Instrument, t: number) {
  const base = 6 + 4 * slow(inst, S_W + 20, t, 3 * HOUR) + 2 * Math.sin((2 * Math.PI * ((t % DAY) / HOUR - 8)) / 24);
  const pm1 = Math.max(0.5, base * 0.55 + srand(inst.h, S_W + 21, t / MINUTE) * 0.3);
  return { pM1: pm1, pM2p5: pm1 * 1.6, pM4p25: pm1 * 1.9, pM10: pm1 * 2.4 + rand(inst.h, S_W + 22, t / MINUTE) };
}

function gases(inst: Instrument, t: number) {
  const traffic = 0.5 - 0.5 * Math.cos((2 * Math.PI * ((t % DAY) / HOUR - 3)) / 24);
  return {
    co: 180 + 90 * traffic + 20 * slow(inst, S_W + 30, t),
    cO2: 412 + 18 * traffic + 4 * slow(inst, S_W + 31, t),
    h2S: null,
    no: 3 + 9 * traffic + srand(inst.h, S_W + 32, t / MINUTE),
    nO2: 10 + 14 * traffic + 3 * slow(inst, S_W + 33, t),
    o3: 35 - 12 * traffic + 4 * slow(inst, S_W + 34, t),
    sO2: null,
    voc: null,
  };
}

function ppv(inst: Instrument, t: number) {
  const busy = 0.4 + 0.6 * (0.5 - 0.5 * Math.cos((2 * Math.PI * ((t % DAY) / HOUR - 3)) / 24));
  const n = t / MINUTE;
  return {
    vMaxX: 0.05 + busy * 0.6 * rand(inst.h, S_W + 40, n),
    vMaxY: 0.04 + busy * 0.5 * rand(inst.h, S_W + 41, n),
    vMaxZ: 0.06 + busy * 0.8 * rand(inst.h, S_W + 42, n),
    fDomX: 4 + Math.floor(rand(inst.h, S_W + 43, n) * 30) / 2,
    fDomY: 4 + Math.floor(rand(inst.h, S_W + 44, n) * 30) / 2,
    fDomZ: 6 + Math.floor(rand(inst.h, S_W + 45, n) * 30) / 2,
  };
}

function vdv(inst: Instrument, t: number) {
  const n = t / MINUTE;
  return {
    vdvX: 0.0004 + rand(inst.h, S_W + 50, n) * 0.0008,
    vdvY: 0.0003 + rand(inst.h, S_W + 51, n) * 0.0006,
    vdvZ: 0.001 + rand(inst.h, S_W + 52, n) * 0.0018,
  };
}

const r = (v: number | null, f: (x: number) => number) => (v === null ? null : f(v));

/** Rows of an environmental endpoint for one instrument. */
export function enviroRows(
  inst: Instrument,
  kind: EnviroKind,
  start: number,
  end: number,
  period: number,
  active: Interval[],
): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const first = Math.ceil(start / period) * period;
  for (let t = first; t + period <= end; t += period) {
    if (!contains(active, t)) continue;
    const time = new Date(t).toISOString().slice(0, 19) + "Z";
    const duration = period / 1000;
    if (kind === "weather") {
      const s = averaged(t, period, (x) => weatherSample(inst, x));
      out.push({
        time,
        instrument: inst.serial,
        windSpeed: round2(s.windSpeed),
        windDirection: round2(s.windDirection),
        temperature: round2(s.temperature),
        pressure: round3(s.pressure),
        humidity: Math.round(s.humidity),
        precipitation: round2(s.precipitation),
      });
    } else if (kind === "particulates") {
      const s = averaged(t, period, (x) => particulates(inst, x));
      out.push({
        startTime: time,
        duration,
        instrument: inst.serial,
        pM1: round2(s.pM1),
        pM2p5: round2(s.pM2p5),
        pM4p25: round2(s.pM4p25),
        pM10: round2(s.pM10),
      });
    } else if (kind === "gases") {
      const s = averaged(t, period, (x) => gases(inst, x));
      out.push({
        startTime: time,
        duration,
        instrument: inst.serial,
        co: round2(s.co),
        cO2: round2(s.cO2),
        h2S: s.h2S,
        no: round2(s.no),
        nO2: round2(s.nO2),
        o3: round2(s.o3),
        sO2: s.sO2,
        voc: s.voc,
      });
    } else if (kind === "PPV") {
      const s = averaged(t, period, (x) => ppv(inst, x));
      out.push({
        startTime: time,
        duration,
        instrument: inst.serial,
        vMaxX: r(s.vMaxX, round4),
        vMaxY: r(s.vMaxY, round4),
        vMaxZ: r(s.vMaxZ, round4),
        fDomX: r(s.fDomX, (x) => Math.round(x * 2) / 2),
        fDomY: r(s.fDomY, (x) => Math.round(x * 2) / 2),
        fDomZ: r(s.fDomZ, (x) => Math.round(x * 2) / 2),
      });
    } else {
      const s = averaged(t, period, (x) => vdv(inst, x));
      out.push({
        startTime: time,
        duration,
        instrument: inst.serial,
        vdvX: round4(s.vdvX),
        vdvY: round4(s.vdvY),
        vdvZ: round4(s.vdvZ),
      });
    }
  }
  return out;
}
