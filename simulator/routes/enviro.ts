// Environmental data: weather, particulates, gases, vibration (PPV | VDV).
import { intervalsWhere } from "../availability.js";
import { errors } from "../errors.js";
import { enviroRows, supports, type EnviroKind } from "../models/enviro.js";
import { json, LIMITS, optionalPeriod, requireRange, type Reply, type RequestContext } from "../params.js";
import { DAY, MINUTE } from "../time.js";

function rows(ctx: RequestContext, kind: EnviroKind): Reply {
  const r = requireRange(ctx, LIMITS.days31);
  const { period } = optionalPeriod(ctx.q, MINUTE, MINUTE, DAY, MINUTE);
  const now = ctx.state.now();
  const out: unknown[] = [];
  for (const inst of r.instruments) {
    if (!supports(inst, kind)) continue;
    const active = intervalsWhere(inst, r.start, r.end, now, true);
    out.push(...enviroRows(inst, kind, r.start, Math.min(r.end, now), period, active));
  }
  return json(out);
}

export const weather = (ctx: RequestContext) => rows(ctx, "weather");
export const particulates = (ctx: RequestContext) => rows(ctx, "particulates");
export const gases = (ctx: RequestContext) => rows(ctx, "gases");

export function vibration(ctx: RequestContext): Reply {
  const raw = ctx.params.type ?? "";
  const type = raw.toUpperCase();
  if (type !== "PPV" && type !== "VDV")
    throw errors.invalidParam(`The vibration type must be PPV or VDV (got ${raw}).`);
  return rows(ctx, type);
}
