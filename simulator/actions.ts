// Instrument actions (Identify, Calibration, SIC): shared by the REST endpoint and the live websocket.
import { stateAt } from "./availability.js";
import {
  latestCalibration,
  latestSic,
  hasCalibration,
  hasSic,
  onDemandCalibration,
  onDemandSic,
} from "./models/system.js";
import type { SimState } from "./state.js";
import { iso } from "./time.js";
import type { ActionName, CalibrationRecord, Instrument, SicRecord } from "./types.js";
import type { WebhookDispatcher } from "./webhooks.js";

const ACTIONS: readonly ActionName[] = ["Identify", "Calibration", "SIC"];

export function parseAction(text: string): ActionName | null {
  return ACTIONS.find((a) => a.toLowerCase() === text.trim().toLowerCase()) ?? null;
}

export function calibrationJson(c: CalibrationRecord) {
  return { time: iso(c.time), level: c.level, offset: c.offset, status: c.status };
}

export function sicJson(s: SicRecord) {
  return { time: iso(s.time), status: s.status, _500Hz: s.b500, _1KHz: s.b1k, _8KHz: s.b8k };
}

export function statusJson(state: SimState, inst: Instrument) {
  const now = state.now();
  const s = stateAt(inst, now);
  const cal = latestCalibration(inst, now);
  const sic = latestSic(inst, now);
  return {
    online: s.online,
    measuring: s.measuring,
    calibrationInProgress: Boolean(inst.pending.Calibration),
    sicInProgress: Boolean(inst.pending.SIC),
    lastCalibration: cal ? calibrationJson(cal) : null,
    lastSic: sic ? sicJson(sic) : null,
  };
}

export interface ActionResult {
  action: ActionName;
  status: "Success" | "Failed" | "InProgress";
  error?: string;
}

/** Start an action. Calibration/SIC finish after the configured delay on the simulator clock. */
export function startAction(
  state: SimState,
  hooks: WebhookDispatcher,
  inst: Instrument,
  action: ActionName,
): ActionResult {
  const now = state.now();
  const online = stateAt(inst, now).online;
  const broadcast = (r: ActionResult, data?: Record<string, unknown>, time = now) =>
    state.bus.emit("action", inst.serial, {
      type: "ActionStatus",
      time: iso(time),
      action: r.action,
      status: r.status,
      ...(r.error ? { error: r.error } : {}),
      ...(data ? { data } : {}),
    });

  if (action === "Identify") {
    const r: ActionResult = online
      ? { action, status: "Success" }
      : { action, status: "Failed", error: "Instrument offline" };
    broadcast(r);
    return r;
  }
  const kind: "Calibration" | "SIC" = action;
  const supported = kind === "Calibration" ? hasCalibration(inst) : hasSic(inst);
  if (!online || !supported) {
    const r: ActionResult = {
      action,
      status: "Failed",
      error: !online ? "Instrument offline" : `${action} is not supported by this instrument`,
    };
    broadcast(r);
    return r;
  }
  if (inst.pending[action]) return { action, status: "InProgress" };

  const delay = action === "Calibration" ? state.calibrationDelayMs : state.sicDelayMs;
  const timer = state.clock.schedule(now + delay, (dueAt) => finish(dueAt));
  inst.pending[action] = { action, startedAt: now, dueAt: now + delay, cancel: () => timer.cancel() };
  const inProgress: ActionResult = { action, status: "InProgress" };
  broadcast(inProgress);
  state.bus.emit("status", inst.serial);
  if (delay <= 0) state.clock.tick();
  return inProgress;

  function finish(dueAt: number): void {
    if (!inst.pending[kind]) return;
    delete inst.pending[kind];
    let failError = inst.failNext[kind];
    delete inst.failNext[kind];
    if (failError === undefined && !stateAt(inst, dueAt).online) failError = "Instrument went offline";
    // What differs is the record and its JSON; the webhook and the live broadcast are the same for both.
    let finished: {
      type: "CalibrationFinished" | "SicFinished";
      rec: CalibrationRecord | SicRecord;
      data: Record<string, unknown>;
    };
    if (kind === "Calibration") {
      const rec = onDemandCalibration(inst, dueAt, failError);
      inst.manualCalibrations.push(rec);
      inst.logEntries.push({
        time: dueAt,
        user: "MyCirrus API",
        message:
          rec.status === "Success"
            ? `Calibration: ${rec.level.toFixed(2)} dB, offset ${rec.offset.toFixed(2)} dB`
            : `Calibration failed: ${rec.error}`,
      });
      finished = { type: "CalibrationFinished", rec, data: calibrationJson(rec) };
    } else {
      const rec = onDemandSic(inst, dueAt, failError);
      inst.manualSics.push(rec);
      finished = { type: "SicFinished", rec, data: sicJson(rec) };
    }
    const { type, rec, data } = finished;
    const error = rec.error ? { error: rec.error } : {};
    hooks.emit(inst.serial, type, {
      type,
      instrument: inst.serial,
      time: iso(dueAt),
      status: rec.status,
      ...error,
      data,
    });
    broadcast({ action: kind, status: rec.status, ...error }, data, dueAt);
    state.bus.emit("status", inst.serial);
  }
}
