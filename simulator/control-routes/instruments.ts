// /_sim/instruments[/{serial}[/...]] and /_sim/action-delay: add instruments, force their state, inject events.
import { parseAction } from "../actions.js";
import { stateAt } from "../availability.js";
import { errors } from "../errors.js";
import { json } from "../params.js";
import { eventJson } from "../routes/events.js";
import { instrumentJson } from "../routes/instruments.js";
import type { SimState } from "../state.js";
import { iso } from "../time.js";
import type { Instrument, InstrumentType } from "../types.js";
import { bodyAccountId, num, type ControlContext, type ControlHandler } from "./context.js";

/** Any account's instrument: the control surface is not scoped to a key. */
export function instrumentBySerial(state: SimState, serial: string): Instrument {
  const inst = state.instruments.get(serial);
  if (!inst) throw errors.instrumentNotFound(serial);
  return inst;
}

const pathInstrument = (ctx: ControlContext) => instrumentBySerial(ctx.state, ctx.params.serial!);

/** The API's view plus what tests assert on and the API does not show (state, profile, health). */
function instrumentView(state: SimState, inst: Instrument) {
  return {
    ...instrumentJson(inst),
    accountId: inst.accountId,
    ...stateAt(inst, state.now()),
    calibrationInProgress: Boolean(inst.pending.Calibration),
    sicInProgress: Boolean(inst.pending.SIC),
    profile: inst.profile,
    health: inst.health,
  };
}

const SERIAL_PREFIX: Record<InstrumentType, string> = { Noise: "QT", AirQuality: "AQ", Vibration: "VB" };

export const create: ControlHandler = (ctx) => {
  const { state, body } = ctx;
  const accountId = bodyAccountId(ctx);
  const count = num(body, "count") ?? 1;
  const type = (["Noise", "AirQuality", "Vibration"] as const).find((t) => t === body.type) ?? "Noise";
  const created: unknown[] = [];
  for (let i = 0; i < count; i++) {
    // A chosen serial only makes sense for one instrument; a batch gets generated ones.
    const serial = typeof body.serial === "string" && count === 1 ? body.serial : state.nextSerial(SERIAL_PREFIX[type]);
    if (state.instruments.has(serial)) throw errors.invalidParam(`The instrument ${serial} already exists.`);
    const inst = state.addInstrument(accountId, {
      serial,
      type,
      ...(typeof body.name === "string" ? { name: body.name } : {}),
    });
    created.push(instrumentView(state, inst));
  }
  return json(created, 201);
};

export const get: ControlHandler = (ctx) => json(instrumentView(ctx.state, pathInstrument(ctx)));

/**
 * Forcing online or measuring replaces the timeline from now on. Forcing the link also ends automatic
 * (generated-outage) behaviour, so a test's choice is not undone by the next generated outage.
 */
function forceFlag(flag: "online" | "measuring"): ControlHandler {
  return (ctx) => {
    const { rt, state, body } = ctx;
    const inst = pathInstrument(ctx);
    const now = state.now();
    const value = body[flag];
    if (typeof value !== "boolean") throw errors.invalidParam(`${flag} must be a boolean.`);
    const before = stateAt(inst, now);
    const last = inst.timeline[inst.timeline.length - 1]!;
    const entry = {
      at: now,
      online: flag === "online" ? value : before.online,
      measuring: flag === "measuring" ? value : before.measuring,
      auto: flag === "online" ? false : last.auto,
    };
    inst.timeline = inst.timeline.filter((e) => e.at < now);
    inst.timeline.push(entry);
    if (flag === "online" && before.online !== value) {
      rt.hooks.emit(inst.serial, "InstrumentStatus", {
        type: "InstrumentStatus",
        instrument: inst.serial,
        time: iso(now),
        online: value,
      });
    }
    state.bus.emit("status", inst.serial);
    return json(instrumentView(state, inst));
  };
}

export const setOnline = forceFlag("online");
export const setMeasuring = forceFlag("measuring");

/** lteRsrp: null is a value (no LTE, as on an Ethernet-only instrument); for voltage and disk null means "leave as is". */
export const setHealth: ControlHandler = (ctx) => {
  const { state, body } = ctx;
  const inst = pathInstrument(ctx);
  const now = state.now();
  const voltage = num(body, "voltage");
  const disk = num(body, "disk");
  if (voltage !== undefined) inst.health.voltage = { at: now, value: voltage };
  if (disk !== undefined) inst.health.disk = { at: now, value: disk };
  if (body.lteRsrp !== undefined) {
    const v = body.lteRsrp === null ? null : num(body, "lteRsrp")!;
    inst.health.lte = { at: now, value: v };
  }
  return json(instrumentView(state, inst));
};

export const failNext: ControlHandler = (ctx) => {
  const { body } = ctx;
  const inst = pathInstrument(ctx);
  const action = parseAction(typeof body.action === "string" ? body.action : "");
  if (action !== "Calibration" && action !== "SIC") throw errors.invalidParam("action must be Calibration or SIC.");
  inst.failNext[action] =
    typeof body.error === "string"
      ? body.error
      : action === "Calibration"
        ? "Calibration level out of range"
        : "SIC levels out of tolerance";
  return json({ serial: inst.serial, failNext: inst.failNext });
};

/** An event ending now; the default peak sits 18 dB over the trigger level so it is always a real event. */
export const injectEvent: ControlHandler = (ctx) => {
  const { rt, state, body } = ctx;
  const inst = pathInstrument(ctx);
  const now = state.now();
  if (inst.type !== "Noise") throw errors.invalidParam("Events are only produced by Noise instruments.");
  const seconds = num(body, "durationSeconds") ?? 20;
  const peak = num(body, "peak") ?? inst.profile.triggerLevel + 18;
  const ev = { key: `i${inst.injectedEvents.length}`, start: now - Math.round(seconds * 1000), end: now, peak };
  inst.injectedEvents.push(ev);
  rt.hooks.emit(inst.serial, "NewEvent", {
    type: "NewEvent",
    instrument: inst.serial,
    time: iso(now),
    eventTime: iso(ev.start),
  });
  return json(eventJson(state, inst, ev), 201);
};

/**
 * Raises (or lowers) the instrument's noise by `db`, or holds it at `level` dB, from `from` (ISO,
 * default now) until `to` (ISO, default open); `{ "clear": true }` removes every shift.
 */
export const shiftLevel: ControlHandler = (ctx) => {
  const { state, body } = ctx;
  const inst = pathInstrument(ctx);
  if (body.clear === true) {
    inst.levelShifts = [];
    return json({ serial: inst.serial, levelShifts: [] });
  }
  const level = num(body, "level") ?? null;
  const db = num(body, "db") ?? 0;
  if (level === null && body.db === undefined) throw errors.invalidParam("Give db (a shift) or level (a fixed level).");
  if (Math.abs(db) > 60) throw errors.invalidParam("db must be between -60 and 60.");
  if (level !== null && (level < 0 || level > 140)) throw errors.invalidParam("level must be between 0 and 140 dB.");
  const time = (name: string) => {
    const v = body[name];
    if (v === undefined || v === null) return undefined;
    const t = typeof v === "string" ? Date.parse(v) : NaN;
    if (Number.isNaN(t)) throw errors.invalidParam(`${name} must be an ISO 8601 time.`);
    return t;
  };
  const from = time("from") ?? state.now();
  const to = time("to") ?? null;
  if (to !== null && to <= from) throw errors.invalidParam("to must be after from.");
  inst.levelShifts.push({ from, to, db: level === null ? db : 0, level });
  return json(
    {
      serial: inst.serial,
      levelShifts: inst.levelShifts.map((l) => ({ ...l, from: iso(l.from), to: l.to === null ? null : iso(l.to) })),
    },
    201,
  );
};

/** How long Calibration and SIC take in simulated time; ms sets both, the specific fields win. */
export const setActionDelay: ControlHandler = ({ state, body }) => {
  const ms = num(body, "ms");
  state.calibrationDelayMs = num(body, "calibrationMs") ?? ms ?? state.calibrationDelayMs;
  state.sicDelayMs = num(body, "sicMs") ?? ms ?? state.sicDelayMs;
  return json({ calibrationMs: state.calibrationDelayMs, sicMs: state.sicDelayMs });
};
