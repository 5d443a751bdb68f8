// System health: calibrations (capitalised keys), calibration log, SIC, monitor stats/events/current.
import { errors } from "../errors.js";
import { queryList } from "../http.js";
import {
  calibrationsBetween,
  logEntriesBetween,
  monitorCurrent,
  monitorEvents,
  monitorStats,
  monitorSupported,
  sicsBetween,
} from "../models/system.js";
import { json, LIMITS, requireInstruments, requireRange, type Reply, type RequestContext } from "../params.js";
import { iso, iso7, isoMs } from "../time.js";

/** Capitalised keys, as in the docs' example for this endpoint (section 10). */
export function calibrations(ctx: RequestContext): Reply {
  const r = requireRange(ctx, LIMITS.year1);
  const now = ctx.state.now();
  const out: unknown[] = [];
  for (const inst of r.instruments) {
    for (const c of calibrationsBetween(inst, r.start, r.end, now)) {
      out.push({ Time: iso(c.time), Status: c.status, Instrument: inst.serial, Level: c.level, Offset: c.offset });
    }
  }
  return json(out);
}

/** No instrument field, as in the docs' example. */
export function calibrationLog(ctx: RequestContext): Reply {
  const r = requireRange(ctx, LIMITS.year1);
  const now = ctx.state.now();
  const out: Array<{ t: number; row: unknown }> = [];
  for (const inst of r.instruments) {
    for (const e of logEntriesBetween(inst, r.start, r.end, now))
      out.push({ t: e.time, row: { time: isoMs(e.time), user: e.user, message: e.message } });
  }
  return json(out.sort((a, b) => a.t - b.t).map((x) => x.row));
}

/** SIC history; the simulator's limit is 1 year (as calibrations). Times carry 7 fractional digits as in the docs. */
export function sic(ctx: RequestContext): Reply {
  const r = requireRange(ctx, LIMITS.year1);
  const now = ctx.state.now();
  const out: unknown[] = [];
  for (const inst of r.instruments) {
    for (const s of sicsBetween(inst, r.start, r.end, now)) {
      out.push({
        time: iso7(s.time),
        instrument: inst.serial,
        status: s.status,
        _500Hz: s.b500,
        _1KHz: s.b1k,
        _8KHz: s.b8k,
      });
    }
  }
  return json(out);
}

export function stats(ctx: RequestContext): Reply {
  const r = requireRange(ctx, LIMITS.days31);
  const now = ctx.state.now();
  return json(r.instruments.flatMap((inst) => monitorStats(inst, r.start, r.end, now)));
}

export function events(ctx: RequestContext): Reply {
  const r = requireRange(ctx, LIMITS.days31);
  const now = ctx.state.now();
  return json(r.instruments.flatMap((inst) => monitorEvents(inst, r.start, r.end, now)));
}

export function current(ctx: RequestContext): Reply {
  if (queryList(ctx.q, "instruments").length === 0) throw errors.missingParam("instruments");
  const insts = requireInstruments(ctx);
  const now = ctx.state.now();
  return json(insts.filter(monitorSupported).map((inst) => monitorCurrent(inst, now)));
}
