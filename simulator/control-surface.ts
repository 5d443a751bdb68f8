// The /_sim/* control surface (JSON, no auth). Never part of MyCirrus.
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseAction } from "./actions.js";
import { stateAt } from "./availability.js";
import { ApiError, errors } from "./errors.js";
import { readJsonObject, sendError, sendJson } from "./http.js";
import { DEFAULT_ACCOUNT_ID } from "./fixtures.js";
import { eventJson } from "./routes/events.js";
import { instrumentJson } from "./routes/instruments.js";
import { webhookJson } from "./routes/webhooks.js";
import type { ApiRuntime } from "./router.js";
import type { FaultMode } from "./state.js";
import { iso, parseDateTime, parseDuration } from "./time.js";
import type { Instrument, InstrumentType } from "./types.js";

export interface ControlRuntime extends ApiRuntime {
  reset(): void;
  info(): Record<string, unknown>;
}

const FAULT_MODES: FaultMode[] = ["429", "500", "503", "timeout", "malformed"];

function num(body: Record<string, unknown>, name: string): number | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v)) throw errors.invalidParam(`${name} must be a finite number.`);
  return v;
}

function timeValue(v: unknown, name: string): number {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string") {
    const ms = parseDateTime(v);
    if (ms !== null) return ms;
  }
  throw errors.invalidParam(`${name} must be an ISO 8601 date-time or epoch milliseconds.`);
}

function instrumentView(rt: ApiRuntime, inst: Instrument) {
  const now = rt.state.now();
  return {
    ...instrumentJson(inst),
    accountId: inst.accountId,
    ...stateAt(inst, now),
    calibrationInProgress: Boolean(inst.pending.Calibration),
    sicInProgress: Boolean(inst.pending.SIC),
    profile: inst.profile,
    health: inst.health,
  };
}

export async function handleControl(
  rt: ControlRuntime,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  const path = url.pathname.replace(/\/+$/, "");
  const state = rt.state;
  try {
    const body = method === "POST" || method === "PUT" ? await readJsonObject(req, true) : {};
    const send = (payload: unknown, status = 200) => sendJson(res, status, payload);
    const clockView = () => ({ now: iso(state.now()), nowMs: state.now(), speed: state.clock.speed });
    const instrument = (serial: string) => {
      const inst = state.instruments.get(serial);
      if (!inst) throw errors.instrumentNotFound(serial);
      return inst;
    };

    if (path === "/_sim" || path === "/_sim/info") return send(rt.info());
    if (path === "/_sim/clock" && method === "GET") return send(clockView());
    if (path === "/_sim/clock" && method === "POST") {
      const speed = num(body, "speed");
      if (speed !== undefined) {
        if (speed < 0) throw errors.invalidParam("speed must be >= 0.");
        state.clock.setSpeed(speed);
      }
      if (body.now !== undefined) state.clock.set(timeValue(body.now, "now"));
      state.clock.tick();
      return send(clockView());
    }
    if (path === "/_sim/clock/advance" && method === "POST") {
      let ms = num(body, "ms") ?? (num(body, "seconds") ?? 0) * 1000;
      if (typeof body.duration === "string") {
        const d = parseDuration(body.duration);
        if (d === null) throw errors.invalidParam("duration must be an ISO 8601 duration.");
        ms = d;
      }
      if (ms < 0) throw errors.invalidParam("Cannot advance by a negative amount.");
      state.clock.advance(ms);
      return send(clockView());
    }
    if (path === "/_sim/reset" && method === "POST") {
      rt.reset();
      return send({ ok: true });
    }
    if (path === "/_sim/accounts" && method === "GET") {
      return send(
        [...state.accounts.values()].map((a) => ({
          id: a.id,
          name: a.name,
          instruments: a.serials.length,
          keys: [...state.keys.values()]
            .filter((k) => k.accountId === a.id)
            .map((k) => ({ key: k.key, scopes: [...k.scopes], expired: k.expired, label: k.label })),
        })),
      );
    }
    if (path === "/_sim/accounts" && method === "POST") {
      const count = num(body, "instruments") ?? 3;
      if (!Number.isInteger(count) || count < 0 || count > 20000)
        throw errors.invalidParam("instruments must be an integer 0..20000.");
      const { account, key } = state.createAccount(typeof body.name === "string" ? body.name : undefined, count);
      return send(
        { id: account.id, name: account.name, key: key.key, scopes: [...key.scopes], serials: account.serials },
        201,
      );
    }
    if (path === "/_sim/keys" && method === "POST") {
      const accountId = typeof body.accountId === "string" ? body.accountId : DEFAULT_ACCOUNT_ID;
      if (!state.accounts.has(accountId)) throw errors.notFound(`The account ${accountId} could not be found.`);
      const scopes = Array.isArray(body.scopes) ? body.scopes.filter((s): s is string => typeof s === "string") : [];
      const k = state.createKey(
        accountId,
        scopes,
        body.expired === true,
        typeof body.label === "string" ? body.label : "custom",
        typeof body.key === "string" ? body.key : undefined,
      );
      return send({ key: k.key, accountId, scopes: [...k.scopes], expired: k.expired }, 201);
    }
    if (path === "/_sim/instruments" && method === "POST") {
      const accountId = typeof body.accountId === "string" ? body.accountId : DEFAULT_ACCOUNT_ID;
      if (!state.accounts.has(accountId)) throw errors.notFound(`The account ${accountId} could not be found.`);
      const count = num(body, "count") ?? 1;
      const type =
        (["Noise", "AirQuality", "Vibration"] as const).find((t) => t === body.type) ?? ("Noise" as InstrumentType);
      const created: unknown[] = [];
      for (let i = 0; i < count; i++) {
        const serial =
          typeof body.serial === "string" && count === 1
            ? body.serial
            : state.nextSerial(type === "Noise" ? "QT" : type === "AirQuality" ? "AQ" : "VB");
        if (state.instruments.has(serial)) throw errors.invalidParam(`The instrument ${serial} already exists.`);
        const inst = state.addInstrument(accountId, {
          serial,
          type,
          ...(typeof body.name === "string" ? { name: body.name } : {}),
        });
        created.push(instrumentView(rt, inst));
      }
      return send(created, 201);
    }
    const im = /^\/_sim\/instruments\/([^/]+)(?:\/([a-z-]+))?$/.exec(path);
    if (im) {
      const inst = instrument(decodeURIComponent(im[1]!));
      const sub = im[2];
      const now = state.now();
      if (!sub && method === "GET") return send(instrumentView(rt, inst));
      if ((sub === "online" || sub === "measuring") && method === "POST") {
        const flag = body[sub];
        if (typeof flag !== "boolean") throw errors.invalidParam(`${sub} must be a boolean.`);
        const before = stateAt(inst, now);
        const last = inst.timeline[inst.timeline.length - 1]!;
        const entry = {
          at: now,
          online: sub === "online" ? flag : before.online,
          measuring: sub === "measuring" ? flag : before.measuring,
          auto: sub === "online" ? false : last.auto,
        };
        inst.timeline = inst.timeline.filter((e) => e.at < now);
        inst.timeline.push(entry);
        if (sub === "online" && before.online !== flag) {
          rt.hooks.emit(inst.serial, "InstrumentStatus", {
            type: "InstrumentStatus",
            instrument: inst.serial,
            time: iso(now),
            online: flag,
          });
        }
        state.bus.emit("status", inst.serial);
        return send(instrumentView(rt, inst));
      }
      if (sub === "health" && method === "POST") {
        const voltage = num(body, "voltage");
        const disk = num(body, "disk");
        if (voltage !== undefined) inst.health.voltage = { at: now, value: voltage };
        if (disk !== undefined) inst.health.disk = { at: now, value: disk };
        if (body.lteRsrp !== undefined) {
          const v = body.lteRsrp === null ? null : num(body, "lteRsrp")!;
          inst.health.lte = { at: now, value: v };
        }
        return send(instrumentView(rt, inst));
      }
      if (sub === "fail-next" && method === "POST") {
        const action = parseAction(typeof body.action === "string" ? body.action : "");
        if (action !== "Calibration" && action !== "SIC")
          throw errors.invalidParam("action must be Calibration or SIC.");
        inst.failNext[action] =
          typeof body.error === "string"
            ? body.error
            : action === "Calibration"
              ? "Calibration level out of range"
              : "SIC levels out of tolerance";
        return send({ serial: inst.serial, failNext: inst.failNext });
      }
      if (sub === "event" && method === "POST") {
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
        return send(eventJson(state, inst, ev), 201);
      }
    }
    if (path === "/_sim/action-delay" && method === "POST") {
      const ms = num(body, "ms");
      state.calibrationDelayMs = num(body, "calibrationMs") ?? ms ?? state.calibrationDelayMs;
      state.sicDelayMs = num(body, "sicMs") ?? ms ?? state.sicDelayMs;
      return send({ calibrationMs: state.calibrationDelayMs, sicMs: state.sicDelayMs });
    }
    if (path === "/_sim/faults" && method === "GET") return send(Object.fromEntries(state.faults));
    if (path === "/_sim/faults" && method === "POST") {
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
      return send(Object.fromEntries(state.faults), 201);
    }
    if (path === "/_sim/faults" && method === "DELETE") {
      const key = url.searchParams.get("key");
      if (key) state.faults.delete(key);
      else state.faults.clear();
      return send(Object.fromEntries(state.faults));
    }
    if (path === "/_sim/deliveries" && method === "GET") {
      const q = url.searchParams;
      const list = rt.hooks.attempts.filter(
        (a) =>
          (!q.get("webhookId") || a.webhookId === q.get("webhookId")) &&
          (!q.get("instrument") || a.instrument === q.get("instrument")) &&
          (!q.get("type") || a.type === q.get("type")),
      );
      return send({ pending: rt.hooks.pending, attempts: list });
    }
    if (path === "/_sim/deliveries" && method === "DELETE") {
      rt.hooks.clear();
      return send({ ok: true });
    }
    if (path === "/_sim/webhooks" && method === "GET")
      return send([...state.webhooks.values()].map((w) => ({ ...webhookJson(w), accountId: w.accountId })));
    if (path === "/_sim/webhook-config" && method === "POST") {
      if (body.retryDelaysMs !== undefined) {
        const d = body.retryDelaysMs;
        if (!Array.isArray(d) || !d.every((x) => typeof x === "number" && x >= 0))
          throw errors.invalidParam("retryDelaysMs must be an array of numbers >= 0.");
        state.retryDelaysMs = d as number[];
      }
      state.webhookTimeoutMs = num(body, "timeoutMs") ?? state.webhookTimeoutMs;
      return send({ retryDelaysMs: state.retryDelaysMs, timeoutMs: state.webhookTimeoutMs });
    }
    if (path === "/_sim/rate-limit" && method === "POST") {
      state.ratePerSecond = num(body, "ratePerSecond") ?? state.ratePerSecond;
      state.burst = num(body, "burst") ?? state.burst;
      rt.limiter.reset();
      return send({ ratePerSecond: state.ratePerSecond, burst: state.burst });
    }
    throw errors.routeNotFound(url.pathname);
  } catch (err) {
    req.resume();
    if (err instanceof ApiError) sendError(res, err);
    else {
      console.error("[simulator] control error", err);
      sendError(res, new ApiError(500, "InternalServerError", String(err)));
    }
  }
}
