// /_sim, /_sim/info, /_sim/clock[/advance], /_sim/reset: the simulation as a whole.
import { errors } from "../errors.js";
import { json, type JsonReply } from "../params.js";
import type { SimState } from "../state.js";
import { iso, parseDuration } from "../time.js";
import { num, timeValue, type ControlHandler } from "./context.js";

// Every clock route answers the clock as it now stands, so a test needs no second call to see it.
function clockView(state: SimState): JsonReply {
  return json({ now: iso(state.now()), nowMs: state.now(), speed: state.clock.speed });
}

export const info: ControlHandler = ({ rt }) => json(rt.info());

export const getClock: ControlHandler = ({ state }) => clockView(state);

export const setClock: ControlHandler = ({ state, body }) => {
  const speed = num(body, "speed");
  if (speed !== undefined) {
    if (speed < 0) throw errors.invalidParam("speed must be >= 0.");
    state.clock.setSpeed(speed);
  }
  if (body.now !== undefined) state.clock.set(timeValue(body.now, "now"));
  state.clock.tick();
  return clockView(state);
};

/** ms, else seconds, else 0; an ISO duration string wins over both. */
export const advanceClock: ControlHandler = ({ state, body }) => {
  let ms = num(body, "ms") ?? (num(body, "seconds") ?? 0) * 1000;
  if (typeof body.duration === "string") {
    const d = parseDuration(body.duration);
    if (d === null) throw errors.invalidParam("duration must be an ISO 8601 duration.");
    ms = d;
  }
  if (ms < 0) throw errors.invalidParam("Cannot advance by a negative amount.");
  state.clock.advance(ms);
  return clockView(state);
};

export const reset: ControlHandler = ({ rt }) => {
  rt.reset();
  return json({ ok: true });
};
