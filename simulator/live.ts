// Live websocket /v1/live/{serial} (AsyncAPI 1.0.0): status, live data every simulated second, actions, keepalive.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { parseAction, startAction } from "./actions.js";
import { stateAt } from "./availability.js";
import type { ClockTimer } from "./clock.js";
import { ApiError, errors } from "./errors.js";
import { keyFromRequest } from "./auth.js";
import { bandLevel, levelSeries, OCTAVE_BANDS, THIRD_BANDS } from "./models/noise.js";
import type { ApiRuntime } from "./router.js";
import { round1 } from "./rng.js";
import { iso } from "./time.js";
import type { ApiKey, Instrument } from "./types.js";

const OFFSETS: Record<string, number> = {
  LAeq: 0,
  LCeq: 5.5,
  LZeq: 8.5,
  LAeqI: 1.2,
  LAeqT: 0.3,
  LAPeak: 14,
  LCPeak: 18.5,
  LZPeak: 20.5,
  LAF: 0.5,
  LAS: 0.2,
  LAI: 1.5,
  LCF: 6,
  LCS: 5.7,
  LCI: 7,
  LZF: 9,
  LZS: 8.7,
  LZI: 10,
  Ln1: 7.5,
  Ln5: 5,
  Ln10: 3,
  Ln50: -1.5,
  Ln90: -4.5,
  Ln95: -5.5,
  Ln99: -7,
  "LAeq,5m": 0.8,
  "LAeq,60m": 0.4,
};
const OCTAVES = new Map(OCTAVE_BANDS.map(([n, f]) => [n.toLowerCase(), { name: n, f, third: false }]));
const THIRDS = new Map(THIRD_BANDS.map(([n, f]) => [`${n}3`.toLowerCase(), { name: `${n}3`, f, third: true }]));

function canonicalType(t: string): string | null {
  const lower = t.toLowerCase();
  const direct = Object.keys(OFFSETS).find((k) => k.toLowerCase() === lower);
  return direct ?? OCTAVES.get(lower)?.name ?? THIRDS.get(lower)?.name ?? null;
}

function liveValue(inst: Instrument, type: string, t: number, laeq: number, i: number): number {
  const band = OCTAVES.get(type.toLowerCase()) ?? THIRDS.get(type.toLowerCase());
  if (band) return bandLevel(inst, laeq, band.f, "Z", band.third, t, 500 + i);
  return round1(laeq + (OFFSETS[type] ?? 0));
}

function reject(socket: Duplex, err: ApiError): void {
  const body = JSON.stringify({ error: err.code, description: err.description });
  const reason =
    { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 409: "Conflict" }[err.status] ??
    "Error";
  socket.write(
    `HTTP/1.1 ${err.status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  socket.destroy();
}

export class LiveServer {
  private wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private sockets = new Set<WebSocket>();

  constructor(private readonly runtime: () => ApiRuntime) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const rt = this.runtime();
    const url = new URL(req.url ?? "/", "http://localhost");
    const m = /^\/v1\/live\/([^/]+)\/?$/.exec(url.pathname);
    if (!m) return reject(socket, errors.routeNotFound(url.pathname));
    const serial = decodeURIComponent(m[1]!);
    const k = keyFromRequest(req, url);
    const key = k ? rt.state.keys.get(k) : undefined;
    if (!key || key.expired) return reject(socket, errors.tokenExpired());
    if (!key.scopes.has("instruments:read")) return reject(socket, errors.accessDenied());
    const inst = rt.state.instrumentFor(key.accountId, serial);
    if (!inst) return reject(socket, errors.instrumentNotFound(serial));
    if (inst.type !== "Noise")
      return reject(
        socket,
        new ApiError(
          400,
          "NotSupported",
          `Live data is only available for noise instruments; ${inst.serial} is ${inst.type}.`,
        ),
      );
    if (!stateAt(inst, rt.state.now()).online)
      return reject(socket, new ApiError(409, "InstrumentOffline", `The instrument ${inst.serial} is offline.`));
    this.wss.handleUpgrade(req, socket, head, (ws) => this.session(ws, rt, key, inst));
  }

  private session(ws: WebSocket, rt: ApiRuntime, key: ApiKey, inst: Instrument): void {
    this.sockets.add(ws);
    const { state } = rt;
    let types: string[] | null = null;
    let timer: ClockTimer | null = null;
    let lastStatus = "";
    const send = (msg: unknown) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    };
    const statusMsg = (t: number) => {
      const s = stateAt(inst, t);
      return {
        type: "InstrumentStatus",
        time: iso(t),
        online: s.online,
        measuring: s.measuring,
        calibrationInProgress: Boolean(inst.pending.Calibration),
        sicInProgress: Boolean(inst.pending.SIC),
      };
    };
    const checkStatus = (t: number) => {
      const msg = statusMsg(t);
      const sig = JSON.stringify({ ...msg, time: "" });
      if (sig !== lastStatus) {
        lastStatus = sig;
        send(msg);
      }
      if (!msg.online) ws.close(1001, "Instrument offline");
      return msg;
    };
    const heartbeat = (dueAt: number) => {
      const now = state.now();
      const t = Math.floor(now / 1000) * 1000;
      const status = checkStatus(now);
      if (status.online && types && status.measuring) {
        const laeq = levelSeries(inst, t, 1000, 1)[0]!;
        send({
          type: "LiveData",
          time: iso(t),
          values: types.map((name, i) => ({ name, value: liveValue(inst, name, t, laeq, i) })),
        });
      }
      if (ws.readyState === ws.OPEN) timer = state.clock.schedule(Math.max(dueAt + 1000, t + 1000), heartbeat);
    };
    const onStatus = (serial: string) => {
      if (serial === inst.serial) checkStatus(state.now());
    };
    const onAction = (serial: string, msg: Record<string, unknown>) => {
      if (serial === inst.serial) send(msg);
    };
    state.bus.on("status", onStatus);
    state.bus.on("action", onAction);
    ws.on("close", () => {
      this.sockets.delete(ws);
      timer?.cancel();
      state.bus.off("status", onStatus);
      state.bus.off("action", onAction);
    });
    ws.on("message", (data, isBinary) => {
      let msg: Record<string, unknown>;
      try {
        const parsed: unknown = JSON.parse(isBinary ? "" : data.toString());
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
        msg = parsed as Record<string, unknown>;
      } catch {
        return send({ error: "InvalidMessage", description: "Messages must be JSON objects with an action." });
      }
      const action = typeof msg.action === "string" ? msg.action : "";
      if (action === "KeepAlive") return send({ action: "KeepAlive" });
      if (action === "StartLiveData") {
        if (!key.scopes.has("data.live:read"))
          return send({ error: "AccessDenied", description: "You do not have permission to access this data." });
        const requested = Array.isArray(msg.types) ? msg.types.filter((t): t is string => typeof t === "string") : [];
        const valid = [...new Set(requested.map(canonicalType).filter((t): t is string => t !== null))];
        if (valid.length === 0)
          return send({ error: "InvalidTypes", description: "No valid live data types were requested." });
        types = valid;
        return;
      }
      if (action === "StopLiveData") {
        types = null;
        return;
      }
      const a = parseAction(action);
      if (a) {
        if (!key.scopes.has("instruments:action"))
          return send({ error: "AccessDenied", description: "You do not have permission to access this data." });
        startAction(state, rt.hooks, inst, a);
        return;
      }
      return send({ error: "InvalidAction", description: `Unknown action (${action || String(msg.action)})` });
    });
    checkStatus(state.now());
    timer = state.clock.schedule(Math.floor(state.now() / 1000) * 1000 + 1000, heartbeat);
  }

  closeAll(): void {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
  }

  close(): void {
    this.closeAll();
    this.wss.close();
  }
}
