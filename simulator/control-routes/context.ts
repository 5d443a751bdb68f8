// What a /_sim handler gets, and the readers its JSON bodies share.
import { errors } from "../errors.js";
import { DEFAULT_ACCOUNT_ID } from "../fixtures.js";
import type { JsonReply } from "../params.js";
import type { ApiRuntime } from "../router.js";
import type { SimState } from "../state.js";
import { parseDateTime } from "../time.js";

export interface ControlRuntime extends ApiRuntime {
  reset(): void;
  info(): Record<string, unknown>;
}

export interface ControlContext {
  rt: ControlRuntime;
  state: SimState;
  params: Record<string, string>;
  q: URLSearchParams;
  /** The parsed JSON object for POST and PUT (an empty body is {}), {} for other methods. */
  body: Record<string, unknown>;
}

export type ControlHandler = (ctx: ControlContext) => JsonReply;

/** An optional number field; null counts as absent so clients can send "leave as is" explicitly. */
export function num(body: Record<string, unknown>, name: string): number | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v)) throw errors.invalidParam(`${name} must be a finite number.`);
  return v;
}

/** Tests set the clock either way: an ISO string reads well, epoch ms comes straight from Date.now(). */
export function timeValue(v: unknown, name: string): number {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string") {
    const ms = parseDateTime(v);
    if (ms !== null) return ms;
  }
  throw errors.invalidParam(`${name} must be an ISO 8601 date-time or epoch milliseconds.`);
}

/** body.accountId, defaulting to the demo account so single-tenant tests need not name it. */
export function bodyAccountId(ctx: ControlContext): string {
  const accountId = typeof ctx.body.accountId === "string" ? ctx.body.accountId : DEFAULT_ACCOUNT_ID;
  if (!ctx.state.accounts.has(accountId)) throw errors.notFound(`The account ${accountId} could not be found.`);
  return accountId;
}
