// The /_sim/* control surface (JSON, no auth). Never part of MyCirrus.
import type { IncomingMessage, ServerResponse } from "node:http";
import * as accounts from "./control-routes/accounts.js";
import type { ControlHandler, ControlRuntime } from "./control-routes/context.js";
import * as faults from "./control-routes/faults.js";
import * as instruments from "./control-routes/instruments.js";
import * as simulation from "./control-routes/simulation.js";
import * as webhooks from "./control-routes/webhooks.js";
import { ApiError, errors } from "./errors.js";
import { readJsonObject, sendError, sendJson } from "./http.js";
import { matchRoute, pathRoute, type PathRoute } from "./route-match.js";

export type { ControlRuntime } from "./control-routes/context.js";

interface ControlRoute extends PathRoute {
  handler: ControlHandler;
}

const route = (method: string, path: string, handler: ControlHandler): ControlRoute => ({
  ...pathRoute(method, path),
  handler,
});

const SERIAL = "/_sim/instruments/:serial";
const ROUTES: ControlRoute[] = [
  route("*", "/_sim", simulation.info),
  route("*", "/_sim/info", simulation.info),
  route("GET", "/_sim/clock", simulation.getClock),
  route("POST", "/_sim/clock", simulation.setClock),
  route("POST", "/_sim/clock/advance", simulation.advanceClock),
  route("POST", "/_sim/reset", simulation.reset),
  route("GET", "/_sim/accounts", accounts.list),
  route("POST", "/_sim/accounts", accounts.create),
  route("POST", "/_sim/keys", accounts.createKey),
  route("POST", "/_sim/instruments", instruments.create),
  route("GET", SERIAL, instruments.get),
  route("POST", `${SERIAL}/online`, instruments.setOnline),
  route("POST", `${SERIAL}/measuring`, instruments.setMeasuring),
  route("POST", `${SERIAL}/health`, instruments.setHealth),
  route("POST", `${SERIAL}/fail-next`, instruments.failNext),
  route("POST", `${SERIAL}/event`, instruments.injectEvent),
  route("POST", `${SERIAL}/level`, instruments.shiftLevel),
  route("POST", "/_sim/action-delay", instruments.setActionDelay),
  route("GET", "/_sim/faults", faults.list),
  route("POST", "/_sim/faults", faults.add),
  route("DELETE", "/_sim/faults", faults.clear),
  route("POST", "/_sim/rate-limit", faults.setRateLimit),
  route("GET", "/_sim/deliveries", webhooks.listDeliveries),
  route("DELETE", "/_sim/deliveries", webhooks.clearDeliveries),
  route("GET", "/_sim/webhooks", webhooks.list),
  route("POST", "/_sim/webhook-config", webhooks.configure),
];

// Under /_sim/instruments/{serial} the serial is checked before method and sub-path, as this surface has
// always done: an unknown serial answers "instrument not found" even where no route matches (another
// method, or a lower-case sub-path the surface lacks), and tests may rely on that answer.
const ANY_INSTRUMENT_PATH = /^\/_sim\/instruments\/([^/]+)(?:\/[a-z-]+)?$/;

function notFound(rt: ControlRuntime, path: string, url: URL): ApiError {
  const m = ANY_INSTRUMENT_PATH.exec(path);
  if (m) instruments.instrumentBySerial(rt.state, decodeURIComponent(m[1]!));
  return errors.routeNotFound(url.pathname);
}

export async function handleControl(
  rt: ControlRuntime,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  const path = url.pathname.replace(/\/+$/, "");
  try {
    // The body is read before routing, so a malformed one answers 400 InvalidBody on any path.
    const body = method === "POST" || method === "PUT" ? await readJsonObject(req, true) : {};
    // decodeURIComponent, not the API's forgiving decode: a malformed escape in a serial has always
    // answered 500 here, and the control surface keeps its answers.
    const found = matchRoute(ROUTES, method, path, decodeURIComponent);
    // No 405 on the control surface: a known path with another method is simply not found.
    if (found === null || found === "method") throw notFound(rt, path, url);
    const reply = found.route.handler({ rt, state: rt.state, params: found.params, q: url.searchParams, body });
    sendJson(res, reply.status, reply.json);
  } catch (err) {
    req.resume();
    if (err instanceof ApiError) sendError(res, err);
    else {
      console.error("[simulator] control error", err);
      sendError(res, new ApiError(500, "InternalServerError", String(err)));
    }
  }
}
