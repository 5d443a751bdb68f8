// System health model: calibration history with drift, daily SIC, calibration log, monitor stats/events/current.
import { generatedOutages, intervalsWhere, stateAt, contains } from "../availability.js";
import { rand, round1, round2, round3, srand } from "../rng.js";
import { DAY, HOUR, MINUTE } from "../time.js";
import type { CalibrationRecord, Instrument, LogEntry, SicRecord } from "../types.js";

const S_CAL = 100;
const S_SIC = 110;
const S_LOG = 120;
const S_MON = 130;
const S_CONN = 150;

const MONITOR_SAMPLE_MS = 60_000;

export function hasCalibration(inst: Instrument): boolean {
  return inst.type === "Noise";
}

export function hasSic(inst: Instrument): boolean {
  return inst.type === "Noise" && inst.feature.includes("SIC");
}

/** Calibration offset (dB) at time t: small scatter plus the drift profile. */
function offsetAt(inst: Instrument, t: number, n: number): number {
  const d = inst.profile.drift;
  let drift = 0;
  if (d && t > d.start) drift = d.target * (1 - Math.exp(-(t - d.start) / (d.tauDays * DAY)));
  return round2(drift + srand(inst.h, S_CAL + 1, n) * 0.04);
}

function generatedCalibration(inst: Instrument, k: number): CalibrationRecord | null {
  const period = inst.profile.calibrationPeriodDays * DAY;
  const time =
    inst.profile.installedAt +
    k * period +
    Math.floor((1 + rand(inst.h, S_CAL, k) * 6) * HOUR) +
    Math.floor(rand(inst.h, S_CAL + 2, k) * 1000);
  if (!stateAt(inst, time).online) return null;
  const offset = offsetAt(inst, time, k);
  return { time, status: "Success", level: round2(93.7 + offset + srand(inst.h, S_CAL + 3, k) * 0.03), offset };
}

/**
 * Records with time in [from, end], by time: the generated ones, by index k
 * from k0 while the k-th is due no later than `end`, then those made on demand.
 */
function recordsBetween<T extends { time: number }>(
  from: number,
  end: number,
  k0: number,
  dueAt: (k: number) => number,
  generated: (k: number) => T | null,
  onDemand: T[],
): T[] {
  const inRange = (r: T | null): r is T => r !== null && r.time >= from && r.time <= end;
  const out: T[] = [];
  for (let k = k0; dueAt(k) <= end; k++) {
    const r = generated(k);
    if (inRange(r)) out.push(r);
  }
  for (const r of onDemand) if (inRange(r)) out.push(r);
  return out.sort((a, b) => a.time - b.time);
}

/** The newest record up to now, looked for in a window that grows ×4 from `span` (to about 11 years back). */
function latestOf<T>(now: number, span: number, between: (from: number) => T[]): T | null {
  for (; span <= 4000 * DAY; span *= 4) {
    const list = between(now - span);
    if (list.length) return list[list.length - 1]!;
  }
  return null;
}

/** Calibrations (scheduled and on demand) with time in [from, to], never after now. */
export function calibrationsBetween(inst: Instrument, from: number, to: number, now: number): CalibrationRecord[] {
  if (!hasCalibration(inst)) return [];
  const period = inst.profile.calibrationPeriodDays * DAY;
  const k0 = Math.max(0, Math.floor((from - inst.profile.installedAt) / period) - 1);
  return recordsBetween(
    from,
    Math.min(to, now),
    k0,
    (k) => inst.profile.installedAt + k * period,
    (k) => generatedCalibration(inst, k),
    inst.manualCalibrations,
  );
}

export function latestCalibration(inst: Instrument, now: number): CalibrationRecord | null {
  if (!hasCalibration(inst)) return null;
  return latestOf(now, 30 * DAY, (from) => calibrationsBetween(inst, from, now, now));
}

function sicValues(inst: Instrument, time: number, n: number, failing: boolean): Omit<SicRecord, "time" | "status"> {
  if (failing) {
    return {
      b500: round2(55 + srand(inst.h, S_SIC + 1, n) * 3),
      b1k: round2(48 + srand(inst.h, S_SIC + 2, n) * 3),
      b8k: round2(35 + srand(inst.h, S_SIC + 3, n) * 3),
    };
  }
  const drift = offsetAt(inst, time, n);
  return {
    b500: round2(98.5 + drift + srand(inst.h, S_SIC + 1, n) * 0.15),
    b1k: round2(98.3 + drift + srand(inst.h, S_SIC + 2, n) * 0.15),
    b8k: round2(98.4 + drift + srand(inst.h, S_SIC + 3, n) * 0.2),
  };
}

function generatedSic(inst: Instrument, day: number): SicRecord | null {
  const time = day * DAY + 2 * HOUR + Math.floor(rand(inst.h, S_SIC, day) * 30 * MINUTE);
  if (time < inst.profile.installedAt || !stateAt(inst, time).online) return null;
  const failing = inst.profile.sicFailFrom !== null && time >= inst.profile.sicFailFrom;
  return { time, status: failing ? "Failed" : "Success", ...sicValues(inst, time, day, failing) };
}

export function sicsBetween(inst: Instrument, from: number, to: number, now: number): SicRecord[] {
  if (!hasSic(inst)) return [];
  return recordsBetween(
    from,
    Math.min(to, now),
    Math.floor(from / DAY),
    (d) => d * DAY,
    (d) => generatedSic(inst, d),
    inst.manualSics,
  );
}

export function latestSic(inst: Instrument, now: number): SicRecord | null {
  if (!hasSic(inst)) return null;
  return latestOf(now, 3 * DAY, (from) => sicsBetween(inst, from, now, now));
}

/** Values for an on-demand calibration/SIC result. */
export function onDemandCalibration(inst: Instrument, time: number, failError?: string): CalibrationRecord {
  const n = Math.floor(time / 1000);
  if (failError !== undefined) {
    return { time, status: "Failed", level: round2(71 + rand(inst.h, S_CAL + 5, n) * 4), offset: 0, error: failError };
  }
  const offset = offsetAt(inst, time, n);
  return { time, status: "Success", level: round2(93.7 + offset), offset };
}

export function onDemandSic(inst: Instrument, time: number, failError?: string): SicRecord {
  const n = Math.floor(time / 1000);
  const failing = failError !== undefined || (inst.profile.sicFailFrom !== null && time >= inst.profile.sicFailFrom);
  const rec: SicRecord = { time, status: failing ? "Failed" : "Success", ...sicValues(inst, time, n, failing) };
  if (failing) rec.error = failError ?? "SIC levels out of tolerance";
  return rec;
}

const LOG_MESSAGES = [
  "Windshield replaced",
  "Site visit: microphone checked",
  "Battery and solar panel inspected",
  "Firmware updated",
  "Mast re-aligned after storm",
];

export function logEntriesBetween(inst: Instrument, from: number, to: number, now: number): LogEntry[] {
  if (!hasCalibration(inst)) return [];
  const end = Math.min(to, now);
  const out: LogEntry[] = [];
  const installed = inst.profile.installedAt + HOUR + Math.floor(rand(inst.h, S_LOG, 0) * 3_600_000);
  if (installed >= from && installed <= end)
    out.push({ time: installed, user: "Quantum Demo", message: "Installed and working" });
  const period = 90 * DAY;
  for (
    let k = Math.max(1, Math.floor((from - inst.profile.installedAt) / period));
    inst.profile.installedAt + k * period <= end;
    k++
  ) {
    const time = inst.profile.installedAt + k * period + Math.floor(rand(inst.h, S_LOG + 1, k) * 10 * DAY);
    if (time >= from && time <= end) {
      out.push({
        time,
        user: "Field Engineer",
        message: LOG_MESSAGES[Math.floor(rand(inst.h, S_LOG + 2, k) * LOG_MESSAGES.length)]!,
      });
    }
  }
  for (const e of inst.logEntries) if (e.time >= from && e.time <= end) out.push(e);
  return out.sort((a, b) => a.time - b.time);
}

// ---- Monitor stats ----

function voltageAt(inst: Instrument, t: number): number {
  const o = inst.health.voltage;
  if (o && t >= o.at) return o.value;
  const days = Math.max(0, (t - inst.profile.installedAt) / DAY);
  const slope = inst.profile.voltageSlopePerDay * Math.min(days, 25);
  return round3(
    inst.profile.voltage +
      slope +
      Math.sin((2 * Math.PI * (t % DAY)) / DAY) * 0.08 +
      srand(inst.h, S_MON, t / MINUTE) * 0.02,
  );
}

function diskAt(inst: Instrument, t: number): number {
  const o = inst.health.disk;
  if (o && t >= o.at) return o.value;
  const days = Math.max(0, (t - inst.profile.installedAt) / DAY);
  return round1(3000 + ((days * 37) % 9000) + rand(inst.h, S_MON + 1, t / HOUR) * 40);
}

export function lteAt(inst: Instrument, t: number): number | null {
  const o = inst.health.lte;
  if (o && t >= o.at) return o.value;
  if (inst.profile.lteRsrp === null) return null;
  return Math.round(inst.profile.lteRsrp + srand(inst.h, S_MON + 2, t / MINUTE) * 3);
}

const M_TOT = 3793;
const D_TOT = 24892;

export function monitorSupported(inst: Instrument): boolean {
  return inst.type === "Noise";
}

export function monitorStats(inst: Instrument, from: number, to: number, now: number): Array<Record<string, unknown>> {
  if (!monitorSupported(inst)) return [];
  const online = intervalsWhere(inst, from, to, now, false);
  const out: Array<Record<string, unknown>> = [];
  const first = Math.ceil(from / MONITOR_SAMPLE_MS) * MONITOR_SAMPLE_MS;
  for (let t = first; t < Math.min(to, now + 1); t += MONITOR_SAMPLE_MS) {
    if (!contains(online, t)) continue;
    const n = t / MINUTE;
    const mem = round1(260 + srand(inst.h, S_MON + 3, n) * 40);
    const disk = diskAt(inst, t);
    const rsrp = lteAt(inst, t);
    const network = 8 + rand(inst.h, S_MON + 4, n) * 6;
    const daySec = (t % DAY) / 1000;
    out.push({
      time: new Date(t).toISOString().slice(0, 19) + "Z",
      instrument: inst.serial,
      samplePeriod: MONITOR_SAMPLE_MS / 1000,
      cpu: round1(11 + rand(inst.h, S_MON + 5, n) * 8),
      mem,
      cache: round1(520 + srand(inst.h, S_MON + 6, n) * 20),
      temp: round1(34 + Math.sin((2 * Math.PI * (t % DAY)) / DAY - 1.5) * 6 + srand(inst.h, S_MON + 7, n)),
      voltage: voltageAt(inst, t),
      disk,
      netRx: Math.round(daySec * 0.14),
      netTx: Math.round(daySec * 0.6),
      mTot: M_TOT,
      dTot: D_TOT,
      lteRsrp: rsrp,
      lteRsrq: rsrp === null ? null : Math.round(-6 + (rsrp + 80) / 5),
      lteSinr: rsrp === null ? null : Math.round(20 + (rsrp + 80) / 2),
      lteSignal: rsrp === null ? null : Math.max(0, Math.min(5, Math.round((rsrp + 120) / 8))),
      ping:
        rsrp === null
          ? Math.round(12 + rand(inst.h, S_MON + 8, n) * 8)
          : Math.round(60 - (rsrp + 80) * 3 + rand(inst.h, S_MON + 8, n) * 30),
      network: round2(network),
      memoryPercent: round2((mem / M_TOT) * 100),
      diskPercent: round2((disk / D_TOT) * 100),
    });
  }
  return out;
}

export function monitorCurrent(inst: Instrument, now: number): Record<string, unknown> {
  const tl = inst.timeline;
  let t = now;
  if (!stateAt(inst, now).online) {
    const lastOnline = intervalsWhere(inst, now - 400 * DAY, now, now, false).pop();
    t = lastOnline ? lastOnline[1] - 1 : now;
  }
  const since = intervalsWhere(inst, Math.max(tl[0]?.at ?? 0, t - 30 * DAY), t + 1, t + 1, false).pop();
  const uptime = since ? Math.floor((t - since[0]) / 1000) : 0;
  const n = Math.floor(t / MINUTE);
  const hasModem = inst.feature.includes("Modem");
  return {
    instrument: inst.serial,
    cpu: round1(11 + rand(inst.h, S_MON + 5, n) * 8),
    mem: round1(7 + rand(inst.h, S_MON + 3, n) * 2),
    temp: round1(34 + Math.sin((2 * Math.PI * (t % DAY)) / DAY - 1.5) * 6),
    voltage: voltageAt(inst, t),
    disk: round2((diskAt(inst, t) / D_TOT) * 100),
    network: round1(8 + rand(inst.h, S_MON + 4, n) * 6),
    simQuota: hasModem ? 10240 : 0,
    simUsage: hasModem ? round1(((t % (30 * DAY)) / DAY) * 95) : 0,
    uptime,
  };
}

// ---- Monitor events (connection episodes) ----

export function monitorEvents(inst: Instrument, from: number, to: number, now: number): Array<Record<string, unknown>> {
  if (!monitorSupported(inst)) return [];
  const end = Math.min(to, now);
  const info = inst.feature.includes("Modem") ? "LTE" : "Ethernet";
  const episodes: Array<[number, number]> = [];
  for (let d = Math.floor(from / DAY); d * DAY < end; d++) {
    const count = Math.floor(rand(inst.h, S_CONN, d) * 3);
    for (let i = 0; i < count; i++) {
      const start = d * DAY + Math.floor(rand(inst.h, S_CONN + 1 + i, d) * (DAY - HOUR));
      const length = 20_000 + Math.floor(rand(inst.h, S_CONN + 5 + i, d) * 10 * MINUTE);
      if (stateAt(inst, start).online && stateAt(inst, start + length).online) episodes.push([start, start + length]);
    }
  }
  for (const o of generatedOutages(inst, from, end)) episodes.push(o);
  // Explicit offline periods that have ended.
  const tl = inst.timeline;
  for (let i = 0; i < tl.length; i++) {
    if (tl[i]!.online || (i > 0 && !tl[i - 1]!.online)) continue;
    const back = tl.slice(i + 1).find((e) => e.online);
    if (back) episodes.push([tl[i]!.at, back.at]);
  }
  return episodes
    .filter(([a, b]) => a >= from && a < end && b <= now && a >= inst.profile.installedAt)
    .sort((x, y) => x[0] - y[0])
    .map(([a, b]) => ({ type: "Connection", start: new Date(a).toISOString(), end: new Date(b).toISOString(), info }));
}
