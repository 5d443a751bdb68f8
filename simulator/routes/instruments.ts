// /control/instruments: list, get, rename, status, action, latest calibration and SIC.
import { calibrationJson, parseAction, startAction, statusJson } from "../actions.js";
import { errors } from "../errors.js";
import { latestCalibration, latestSic } from "../models/system.js";
import { json, pathInstrument, type Reply, type RequestContext } from "../params.js";
import { iso } from "../time.js";
import type { Instrument } from "../types.js";

export function instrumentJson(inst: Instrument) {
  return {
    type: inst.type,
    serialNumber: inst.serial,
    model: inst.model,
    name: inst.name,
    image: inst.image,
    subscription: inst.subscription,
    position: inst.position,
    feature: inst.feature,
  };
}

export function listInstruments(ctx: RequestContext): Reply {
  return json(ctx.state.accountInstruments(ctx.key.accountId).map(instrumentJson));
}

export function getInstrument(ctx: RequestContext): Reply {
  return json(instrumentJson(pathInstrument(ctx)));
}

export async function renameInstrument(ctx: RequestContext): Promise<Reply> {
  const inst = pathInstrument(ctx);
  const body = await ctx.body();
  const name = body.name ?? body.Name;
  if (name === undefined || name === null) throw errors.missingParam("name");
  if (typeof name !== "string" || name.trim() === "" || name.length > 100) {
    throw errors.invalidParam("The name must be a non-empty string of at most 100 characters.");
  }
  inst.name = name.trim();
  return { status: 204 };
}

export function getStatus(ctx: RequestContext): Reply {
  return json(statusJson(ctx.state, pathInstrument(ctx)));
}

export function doAction(ctx: RequestContext): Reply {
  const inst = pathInstrument(ctx);
  const raw = ctx.q.get("action");
  if (raw === null || raw.trim() === "") throw errors.missingParam("action");
  const action = parseAction(raw);
  if (!action) throw errors.invalidAction(raw);
  const r = startAction(ctx.state, ctx.hooks, inst, action);
  return json({ action: r.action, status: r.status });
}

export function getCalibration(ctx: RequestContext): Reply {
  const inst = pathInstrument(ctx);
  const c = latestCalibration(inst, ctx.state.now());
  if (!c) throw errors.notFound(`The instrument ${inst.serial} has no calibration results.`);
  return json(calibrationJson(c));
}

/** Latest SIC. Band keys in lower case, exactly as the docs' example for this endpoint. */
export function getSic(ctx: RequestContext): Reply {
  const inst = pathInstrument(ctx);
  const s = latestSic(inst, ctx.state.now());
  if (!s) throw errors.notFound(`The instrument ${inst.serial} has no SIC results.`);
  return json({ time: iso(s.time), status: s.status, _500hz: s.b500, _1khz: s.b1k, _8khz: s.b8k });
}
