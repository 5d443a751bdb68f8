// /_sim/deliveries, /_sim/webhooks, /_sim/webhook-config: see what the simulator sent, and tune its retries.
import { errors } from "../errors.js";
import { json } from "../params.js";
import { webhookJson } from "../routes/webhooks.js";
import { num, type ControlHandler } from "./context.js";

/** Optional filters webhookId, instrument, type; an empty filter matches everything. */
export const listDeliveries: ControlHandler = ({ rt, q }) => {
  const list = rt.hooks.attempts.filter(
    (a) =>
      (!q.get("webhookId") || a.webhookId === q.get("webhookId")) &&
      (!q.get("instrument") || a.instrument === q.get("instrument")) &&
      (!q.get("type") || a.type === q.get("type")),
  );
  return json({ pending: rt.hooks.pending, attempts: list });
};

export const clearDeliveries: ControlHandler = ({ rt }) => {
  rt.hooks.clear();
  return json({ ok: true });
};

// Every account's webhooks, with the account: /v1/webhooks shows only the caller's.
export const list: ControlHandler = ({ state }) =>
  json([...state.webhooks.values()].map((w) => ({ ...webhookJson(w), accountId: w.accountId })));

export const configure: ControlHandler = ({ state, body }) => {
  if (body.retryDelaysMs !== undefined) {
    const d = body.retryDelaysMs;
    if (!Array.isArray(d) || !d.every((x) => typeof x === "number" && x >= 0))
      throw errors.invalidParam("retryDelaysMs must be an array of numbers >= 0.");
    state.retryDelaysMs = d as number[];
  }
  state.webhookTimeoutMs = num(body, "timeoutMs") ?? state.webhookTimeoutMs;
  return json({ retryDelaysMs: state.retryDelaysMs, timeoutMs: state.webhookTimeoutMs });
};
