// The living fleet: as simulated time passes, announce new measurements, events, scheduled
// calibrations/SICs and online/offline changes to the registered webhooks.
import { sicJson, calibrationJson } from "./actions.js";
import { activeIntervals, onlineTransitions, overlaps } from "./availability.js";
import { eventsEndingIn } from "./models/noise.js";
import { calibrationsBetween, sicsBetween } from "./models/system.js";
import type { SimState } from "./state.js";
import { iso } from "./time.js";
import type { Webhook } from "./types.js";
import type { WebhookDispatcher } from "./webhooks.js";

/** At most this many messages per webhook per processing step (a big clock jump does not flood receivers). */
const MAX_MESSAGES_PER_STEP = 10;

export class Ticker {
  private cursor: number;

  constructor(
    private readonly state: SimState,
    private readonly hooks: WebhookDispatcher,
  ) {
    this.cursor = state.now();
  }

  /** Process (cursor, now]. Going back in time just moves the cursor. */
  process(now: number): void {
    const from = this.cursor;
    this.cursor = now;
    if (now <= from || this.state.webhooks.size === 0) return;
    for (const wh of this.state.webhooks.values()) {
      const inst = this.state.instruments.get(wh.instrument);
      if (!inst) continue;
      try {
        this.processWebhook(wh, from, now);
      } catch (err) {
        console.error("[simulator] ticker failed", err);
      }
    }
  }

  private processWebhook(wh: Webhook, from: number, now: number): void {
    const inst = this.state.instruments.get(wh.instrument)!;
    const send = (payload: Record<string, unknown>) => this.hooks.emitTo(wh, payload);
    switch (wh.type) {
      case "NewMeasurement": {
        if (inst.type !== "Noise") return;
        const p = inst.profile.measurementPeriodMs;
        const first = Math.max(Math.floor(from / p) + 1, Math.floor(now / p) - MAX_MESSAGES_PER_STEP + 1);
        const active = activeIntervals(inst, first * p - p, now, now);
        for (let k = first; k * p <= now; k++) {
          const end = k * p;
          if (!overlaps(active, end - p, end)) continue;
          send({ type: "NewMeasurement", instrument: inst.serial, time: iso(end), endTime: iso(end) });
        }
        return;
      }
      case "NewEvent": {
        const events = eventsEndingIn(inst, from, now, now).filter((e) => e.key.startsWith("h"));
        for (const ev of events.slice(-MAX_MESSAGES_PER_STEP)) {
          send({ type: "NewEvent", instrument: inst.serial, time: iso(ev.end), eventTime: iso(ev.start) });
        }
        return;
      }
      case "InstrumentStatus": {
        const changes = onlineTransitions(inst, from, now).filter((c) => inst.timeline.every((e) => e.at !== c.at));
        for (const c of changes.slice(-MAX_MESSAGES_PER_STEP)) {
          send({ type: "InstrumentStatus", instrument: inst.serial, time: iso(c.at), online: c.online });
        }
        return;
      }
      case "CalibrationFinished": {
        const cals = calibrationsBetween(inst, from + 1, now, now).filter((c) => !inst.manualCalibrations.includes(c));
        for (const c of cals.slice(-MAX_MESSAGES_PER_STEP)) {
          send({
            type: "CalibrationFinished",
            instrument: inst.serial,
            time: iso(c.time),
            status: c.status,
            data: calibrationJson(c),
          });
        }
        return;
      }
      case "SicFinished": {
        const sics = sicsBetween(inst, from + 1, now, now).filter((s) => !inst.manualSics.includes(s));
        for (const s of sics.slice(-MAX_MESSAGES_PER_STEP)) {
          send({
            type: "SicFinished",
            instrument: inst.serial,
            time: iso(s.time),
            status: s.status,
            ...(s.status === "Failed" ? { error: "SIC levels out of tolerance" } : {}),
            data: sicJson(s),
          });
        }
        return;
      }
    }
  }
}
