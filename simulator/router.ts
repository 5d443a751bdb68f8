// The /v1 REST router: route table with scopes, faults, auth, rate limit, error rendering.
import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticate, keyFromRequest, requireScopes, takeFault, type RateLimiter } from "./auth.js";
import { ApiError, errors } from "./errors.js";
import { readJsonObject, sendBytes, sendError, sendJson, sendNoContent, sendText } from "./http.js";
import type { Reply, RequestContext } from "./params.js";
import { matchRoute, pathRoute, type PathRoute } from "./route-match.js";
import * as events from "./routes/events.js";
import * as enviro from "./routes/enviro.js";
import * as instruments from "./routes/instruments.js";
import * as noise from "./routes/noise.js";
import * as system from "./routes/system.js";
import * as webhooks from "./routes/webhooks.js";
import type { SimState } from "./state.js";
import type { WebhookDispatcher } from "./webhooks.js";

type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

interface Route extends PathRoute {
  scopes: string[];
  handler: Handler;
}

function route(method: string, path: string, scopes: string[], handler: Handler): Route {
  return { ...pathRoute(method, path), scopes, handler };
}

const R = "instruments:read";
export const ROUTES: Route[] = [
  route("GET", "/control/instruments", [R], instruments.listInstruments),
  route("GET", "/control/instruments/:serial", [R], instruments.getInstrument),
  route("PUT", "/control/instruments/:serial", ["instruments:write"], instruments.renameInstrument),
  route("GET", "/control/instruments/:serial/status", [R], instruments.getStatus),
  route("POST", "/control/instruments/:serial/action", ["instruments:action"], instruments.doAction),
  route("GET", "/control/instruments/:serial/calibration", [R], instruments.getCalibration),
  route("GET", "/control/instruments/:serial/sic", [R], instruments.getSic),
  route("GET", "/data/noise/measurements", ["data.noise:read"], noise.noiseMeasurements),
  route("GET", "/data/noise/timehistory", ["data.noise:read"], noise.noiseTimeHistory),
  route("GET", "/data/frequency/measurements", ["data.noise:read"], noise.frequencyMeasurements),
  route("GET", "/data/frequency/timehistory", ["data.noise:read"], noise.frequencyTimeHistory),
  route("GET", "/data/audio", ["data.audio:read"], events.listAudio),
  route("GET", "/data/audio/:id", ["data.audio:read"], events.downloadAudio),
  route("GET", "/data/weather", ["data.enviro:read"], enviro.weather),
  route("GET", "/data/particulates", ["data.enviro:read"], enviro.particulates),
  route("GET", "/data/gases", ["data.enviro:read"], enviro.gases),
  route("GET", "/data/vibration/:type", ["data.enviro:read"], enviro.vibration),
  route("GET", "/data/events", ["data.events:read"], events.listEvents),
  route("GET", "/data/events/timehistory/:id", ["data.events:read"], events.eventTimeHistory),
  route("GET", "/data/events/audio/:id", ["data.events:read", "data.audio:read"], events.eventAudio),
  route("GET", "/data/calibrations", ["data.system:read"], system.calibrations),
  route("GET", "/data/calibrations/log", ["data.system:read"], system.calibrationLog),
  route("GET", "/data/sic", ["data.system:read"], system.sic),
  route("GET", "/data/monitor/stats", ["data.system:read"], system.stats),
  route("GET", "/data/monitor/events", ["data.system:read"], system.events),
  route("GET", "/data/monitor/current", ["data.system:read"], system.current),
  route("GET", "/webhooks", ["webhooks:read"], webhooks.list),
  route("POST", "/webhooks", ["webhooks:write"], webhooks.create),
  route("GET", "/webhooks/:id", ["webhooks:read"], webhooks.get),
  route("PUT", "/webhooks/:id", ["webhooks:write"], webhooks.update),
  route("DELETE", "/webhooks/:id", ["webhooks:write"], webhooks.remove),
];

export interface ApiRuntime {
  state: SimState;
  hooks: WebhookDispatcher;
  limiter: RateLimiter;
  hung: Set<ServerResponse>;
}

// A malformed escape stays as written: the API then answers NotFound for that id, never a 500.
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function render(res: ServerResponse, reply: Reply): void {
  if ("json" in reply) sendJson(res, reply.status, reply.json);
  else if ("bytes" in reply) sendBytes(res, reply.status, reply.bytes, reply.contentType);
  else sendNoContent(res);
}

export async function handleApi(
  rt: ApiRuntime,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  path: string,
): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  try {
    const found = matchRoute(ROUTES, method, path, safeDecode);
    if (found === null) throw errors.routeNotFound(url.pathname);
    if (found === "method") throw errors.methodNotAllowed(method, url.pathname);
    const rawKey = keyFromRequest(req, url);
    const fault = takeFault(rt.state, rawKey);
    if (fault) {
      switch (fault.mode) {
        case "429":
          throw errors.tooManyRequests(fault.retryAfter);
        case "500":
          throw new ApiError(500, "InternalServerError", "An unexpected error occurred (injected by the simulator).");
        case "503":
          throw new ApiError(
            503,
            "ServiceUnavailable",
            "The service is temporarily unavailable (injected by the simulator).",
            {
              "Retry-After": String(fault.retryAfter),
            },
          );
        case "timeout": {
          rt.hung.add(res);
          req.resume();
          const timer = setTimeout(() => {
            rt.hung.delete(res);
            res.destroy();
          }, fault.hangMs);
          res.on("close", () => {
            clearTimeout(timer);
            rt.hung.delete(res);
          });
          return;
        }
        case "malformed":
          req.resume();
          sendText(res, 200, '{"error": "this body is not valid JSON', "application/json; charset=utf-8");
          return;
      }
    }
    const key = authenticate(rt.state, rawKey);
    rt.limiter.take(key.key);
    requireScopes(key, found.route.scopes);
    const ctx: RequestContext = {
      state: rt.state,
      hooks: rt.hooks,
      key,
      url,
      q: url.searchParams,
      params: found.params,
      body: () => readJsonObject(req),
    };
    const reply = await found.route.handler(ctx);
    req.resume();
    render(res, reply);
  } catch (err) {
    req.resume();
    if (err instanceof ApiError) sendError(res, err);
    else {
      console.error("[simulator] unexpected error", err);
      sendError(res, new ApiError(500, "InternalServerError", "An unexpected error occurred in the simulator."));
    }
  }
}
