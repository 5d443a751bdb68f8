// startSimulator(): the MyCirrus simulator on node:http, with /v1 REST, /v1/live websocket and /_sim control.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { RateLimiter } from "./auth.js";
import { handleControl, type ControlRuntime } from "./control-surface.js";
import { SimulatorControl } from "./control.js";
import { errors } from "./errors.js";
import { FIXTURE_KEYS } from "./fixtures.js";
import { sendError } from "./http.js";
import { LiveServer } from "./live.js";
import { handleApi } from "./router.js";
import { SimState, type SimulatorConfig } from "./state.js";
import { Ticker } from "./ticker.js";
import { iso, parseDateTime } from "./time.js";
import { WebhookDispatcher } from "./webhooks.js";

export interface SimulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Seed of all generated data (default "demo"). */
  seed?: string;
  /** Instruments in the default account (default 12; up to tens of thousands). */
  fleetSize?: number;
  /** Simulated seconds per real second (default 1; 0 freezes the clock). */
  clockSpeed?: number;
  /** Initial simulated time (ISO string, epoch ms or Date; default: now, rounded down to the second). */
  startTime?: string | number | Date;
  /** Token bucket per key (default 10 requests/s, burst 20; rate 0 disables). */
  ratePerSecond?: number;
  burst?: number;
  /** Simulated time a Calibration / SIC takes (default 30 s / 60 s). */
  calibrationDelayMs?: number;
  sicDelayMs?: number;
  /** Webhook retry delays in simulated ms (default 1, 2, 4, 8, 16 s). */
  retryDelaysMs?: number[];
  /** Real-time timeout of one webhook attempt (default 5000 ms). */
  webhookTimeoutMs?: number;
  /**
   * Flaky instruments (QT800006) drop out for a few minutes to an hour on about
   * half the days, at a time of day fixed by the seed (default true). False keeps
   * every link up, for tests that count the fleet on a wall clock.
   */
  generatedOutages?: boolean;
}

export interface RunningSimulator {
  /** Base URL, e.g. http://127.0.0.1:4010 */
  url: string;
  /** url + "/v1" */
  apiUrl: string;
  /** ws://host:port/v1/live (append /{serial}) */
  liveUrl: string;
  port: number;
  /** Typed helper for the /_sim control surface. */
  control: SimulatorControl;
  /** The live state (in-process use only; tests should prefer the control surface). */
  state(): SimState;
  close(): Promise<void>;
}

function resolveStart(v: SimulatorOptions["startTime"]): number {
  if (v === undefined) return Math.floor(Date.now() / 1000) * 1000;
  if (v instanceof Date) return v.getTime();
  if (typeof v === "number") return v;
  const ms = parseDateTime(v);
  if (ms === null) throw new Error(`Invalid startTime: ${v}`);
  return ms;
}

function configFrom(options: SimulatorOptions): SimulatorConfig {
  return {
    seed: options.seed ?? "demo",
    fleetSize: options.fleetSize ?? 12,
    clockSpeed: options.clockSpeed ?? 1,
    startTime: resolveStart(options.startTime),
    ratePerSecond: options.ratePerSecond ?? 10,
    burst: options.burst ?? 20,
    calibrationDelayMs: options.calibrationDelayMs ?? 30_000,
    sicDelayMs: options.sicDelayMs ?? 60_000,
    retryDelaysMs: options.retryDelaysMs ?? [1000, 2000, 4000, 8000, 16000],
    webhookTimeoutMs: options.webhookTimeoutMs ?? 5000,
    generatedOutages: options.generatedOutages ?? true,
  };
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const config = configFrom(options);
  const hung = new Set<ServerResponse>();
  let rt!: ControlRuntime;
  let baseUrl = "";

  const build = (): ControlRuntime => {
    const state = new SimState(config);
    const hooks = new WebhookDispatcher(state);
    const ticker = new Ticker(state, hooks);
    state.clock.onTick((now) => ticker.process(now));
    const runtime: ControlRuntime = {
      state,
      hooks,
      limiter: new RateLimiter(state),
      hung,
      reset: () => {
        live.closeAll();
        rt.hooks.stop();
        rt.state.dispose();
        rt = build();
      },
      info: () => ({
        url: baseUrl,
        apiUrl: `${baseUrl}/v1`,
        now: iso(rt.state.now()),
        speed: rt.state.clock.speed,
        seed: config.seed,
        fleetSize: config.fleetSize,
        keys: FIXTURE_KEYS.map((k) => ({
          key: k.key,
          accountId: k.accountId,
          scopes: [...k.scopes],
          expired: k.expired,
          label: k.label,
        })),
        accounts: [...rt.state.accounts.values()].map((a) => ({
          id: a.id,
          name: a.name,
          serials: a.serials.slice(0, 50),
          instruments: a.serials.length,
        })),
      }),
    };
    return runtime;
  };

  const live = new LiveServer(() => rt);
  rt = build();

  const server = createServer((req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://localhost");
    } catch {
      req.resume();
      return sendError(res, errors.invalidParam("Malformed request URL."));
    }
    const path = url.pathname;
    if (path === "/_sim" || path.startsWith("/_sim/")) {
      void handleControl(rt, req, res, url);
    } else if (path === "/v1" || path.startsWith("/v1/")) {
      void handleApi(rt, req, res, url, path.slice(3) || "/");
    } else {
      req.resume();
      sendError(res, errors.routeNotFound(path));
    }
  });
  server.on("upgrade", (req, socket, head) => live.handleUpgrade(req, socket, head));
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
  });
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  baseUrl = `http://${host}:${addr.port}`;

  let closed = false;
  return {
    url: baseUrl,
    apiUrl: `${baseUrl}/v1`,
    liveUrl: `ws://${host}:${addr.port}/v1/live`,
    port: addr.port,
    control: new SimulatorControl(baseUrl),
    state: () => rt.state,
    close: async () => {
      if (closed) return;
      closed = true;
      live.close();
      rt.hooks.stop();
      rt.state.dispose();
      for (const res of hung) res.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
