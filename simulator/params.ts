// Common query parameter validation: instruments, start/end ranges, period, values.
import { errors } from "./errors.js";
import { queryList } from "./http.js";
import type { SimState } from "./state.js";
import { DAY, describeMs, parseDateTime, parseDuration } from "./time.js";
import type { ApiKey, Instrument } from "./types.js";
import type { WebhookDispatcher } from "./webhooks.js";

export interface RequestContext {
  state: SimState;
  hooks: WebhookDispatcher;
  key: ApiKey;
  url: URL;
  q: URLSearchParams;
  params: Record<string, string>;
  body: () => Promise<Record<string, unknown>>;
}

export type JsonReply = { status: number; json: unknown };

/** What a route handler answers; the router renders it. */
export type Reply = JsonReply | { status: number; bytes: Buffer; contentType: string } | { status: 204 };

// Typed as JsonReply, not Reply, so the control surface (JSON only) can use it too.
export const json = (body: unknown, status = 200): JsonReply => ({ status, json: body });

export function pathInstrument(ctx: RequestContext): Instrument {
  const serial = ctx.params.serial ?? "";
  const inst = ctx.state.instrumentFor(ctx.key.accountId, serial);
  if (!inst) throw errors.instrumentNotFound(serial);
  return inst;
}

export const LIMITS = {
  days31: 31 * DAY,
  days7: 7 * DAY,
  day1: DAY,
  year1: 366 * DAY,
};

export function requireInstruments(ctx: RequestContext): Instrument[] {
  const serials = queryList(ctx.q, "instruments");
  if (serials.length === 0) throw errors.missingParam("instruments");
  const seen = new Set<string>();
  const out: Instrument[] = [];
  for (const s of serials) {
    const inst = ctx.state.instrumentFor(ctx.key.accountId, s);
    if (!inst) throw errors.instrumentNotFound(s);
    if (seen.has(inst.serial)) continue;
    seen.add(inst.serial);
    out.push(inst);
  }
  return out;
}

function requireDate(q: URLSearchParams, name: string): number {
  const raw = q.get(name);
  if (raw === null || raw.trim() === "") throw errors.missingParam(name);
  const ms = parseDateTime(raw);
  if (ms === null) {
    throw errors.invalidParam(
      `The parameter ${name} is not a valid ISO 8601 UTC date-time (e.g. 2023-01-01T00:00:00Z).`,
    );
  }
  return ms;
}

export interface Range {
  instruments: Instrument[];
  start: number;
  end: number;
}

/** instruments + start + end with a maximum range. Validation order: missing, malformed, order, length, serials. */
export function requireRange(ctx: RequestContext, maxMs: number): Range {
  if (queryList(ctx.q, "instruments").length === 0) throw errors.missingParam("instruments");
  const start = requireDate(ctx.q, "start");
  const end = requireDate(ctx.q, "end");
  if (start > end) throw errors.invalidRange("The start of the range must not be after its end.");
  if (end - start > maxMs) {
    throw errors.invalidRange(`The maximum date range for this request is ${describeMs(maxMs)}.`);
  }
  return { instruments: requireInstruments(ctx), start, end };
}

/** Optional ISO 8601 period between min and max (inclusive) and a whole multiple of `multipleOf`. */
export function optionalPeriod(
  q: URLSearchParams,
  fallback: number,
  min: number,
  max: number,
  multipleOf: number,
): { period: number; given: boolean } {
  const raw = q.get("period");
  if (raw === null || raw.trim() === "") return { period: fallback, given: false };
  const period = parseDuration(raw);
  if (period === null)
    throw errors.invalidPeriod(`The period ${raw} is not a valid ISO 8601 duration (e.g. PT1M, PT1H, P1D, PT0.1S).`);
  if (period < min || period > max) {
    throw errors.invalidPeriod(
      `The period must be between ${describeMs(min)} and ${describeMs(max)} for this request.`,
    );
  }
  if (period % multipleOf !== 0) {
    throw errors.invalidPeriod(
      `The period must be a whole multiple of the recorded period (${describeMs(multipleOf)}).`,
    );
  }
  return { period, given: true };
}

/** Canonical names for the requested values (case-insensitive, repeated or comma-joined); unknown names dropped. */
export function selectValues(
  q: URLSearchParams,
  known: readonly string[],
  defaults: readonly string[],
): { requested: string[]; valid: string[] } {
  const requested = queryList(q, "values");
  if (requested.length === 0) return { requested: [...defaults], valid: [...defaults] };
  const byLower = new Map(known.map((k) => [k.toLowerCase(), k]));
  const valid: string[] = [];
  for (const r of requested) {
    const c = byLower.get(r.toLowerCase());
    if (c && !valid.includes(c)) valid.push(c);
  }
  return { requested, valid };
}

export function enumParam<T extends string>(q: URLSearchParams, name: string, allowed: readonly T[], fallback: T): T {
  const raw = q.get(name);
  if (raw === null || raw.trim() === "") return fallback;
  const found = allowed.find((a) => a.toLowerCase() === raw.trim().toLowerCase());
  if (!found) throw errors.invalidParam(`The parameter ${name} must be one of ${allowed.join(", ")} (got ${raw}).`);
  return found;
}
