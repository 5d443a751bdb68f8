// /_sim/faults and /_sim/rate-limit: make the /v1 API misbehave on purpose, per key or for everyone ("*").
import { errors } from "../errors.js";
import { json } from "../params.js";
import type { FaultMode } from "../state.js";
import { num, type ControlHandler } from "./context.js";

const FAULT_MODES: FaultMode[] = ["429", "500", "503", "timeout", "malformed"];

export const list: ControlHandler = ({ state }) => json(Object.fromEntries(state.faults));

/** Without count a fault lasts until cleared; with it, for at least one request. */
export const add: ControlHandler = ({ state, body }) => {
  const mode = String(body.mode ?? "") as FaultMode;
  if (!FAULT_MODES.includes(mode)) throw errors.invalidParam(`mode must be one of ${FAULT_MODES.join(", ")}.`);
  const count = num(body, "count");
  const key = typeof body.key === "string" && body.key ? body.key : "*";
  state.faults.set(key, {
    mode,
    remaining: count === undefined ? null : Math.max(1, Math.floor(count)),
    retryAfter: Math.max(0, Math.floor(num(body, "retryAfter") ?? 1)),
    hangMs: Math.max(0, num(body, "hangMs") ?? 60_000),
  });
  return json(Object.fromEntries(state.faults), 201);
};

/** ?key= clears one key's fault; without it, all of them. */
export const clear: ControlHandler = ({ state, q }) => {
  const key = q.get("key");
  if (key) state.faults.delete(key);
  else state.faults.clear();
  return json(Object.fromEntries(state.faults));
};

// The buckets are dropped too: every key starts afresh, with a full burst at the new settings.
export const setRateLimit: ControlHandler = ({ rt, state, body }) => {
  state.ratePerSecond = num(body, "ratePerSecond") ?? state.ratePerSecond;
  state.burst = num(body, "burst") ?? state.burst;
  rt.limiter.reset();
  return json({ ratePerSecond: state.ratePerSecond, burst: state.burst });
};
