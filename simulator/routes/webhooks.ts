// Webhook management: list, create (201), get, update (PUT 200), delete (204).
import { isIP } from "node:net";
import { errors } from "../errors.js";
import { json, type Reply, type RequestContext } from "../params.js";
import { WEBHOOK_TYPES, type Webhook, type WebhookType } from "../types.js";

export function webhookJson(w: Webhook) {
  return { id: w.id, url: w.url, type: w.type, secret: w.secret, instrument: w.instrument };
}

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  if (isIP(h) === 6) return h === "::1" || h === "0:0:0:0:0:0:0:1";
  return false;
}

function validUrl(raw: unknown): string {
  if (raw === undefined || raw === null || raw === "") throw errors.missingParam("url");
  if (typeof raw !== "string") throw errors.invalidParam("The url must be a string.");
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw errors.invalidParam(`The url ${raw} is not a valid URL.`);
  }
  if (u.protocol === "https:") return raw;
  if (u.protocol === "http:" && isLoopback(u.hostname)) return raw;
  throw errors.invalidParam("The webhook url must use https (http is only accepted for loopback addresses).");
}

function validType(raw: unknown): WebhookType {
  if (raw === undefined || raw === null || raw === "") throw errors.missingParam("type");
  const t = WEBHOOK_TYPES.find((x) => typeof raw === "string" && x.toLowerCase() === raw.toLowerCase());
  if (!t) throw errors.invalidParam(`The type must be one of ${WEBHOOK_TYPES.join(", ")}.`);
  return t;
}

function validInstrument(ctx: RequestContext, raw: unknown): string {
  if (raw === undefined || raw === null || raw === "") throw errors.missingParam("instrument");
  if (typeof raw !== "string") throw errors.invalidParam("The instrument must be a serial number string.");
  const inst = ctx.state.instrumentFor(ctx.key.accountId, raw);
  if (!inst) throw errors.instrumentNotFound(raw, 400);
  return inst.serial;
}

function validSecret(ctx: RequestContext, raw: unknown, current?: string): string {
  if (raw === undefined) return current ?? ctx.state.nextUuid();
  if (raw === null || raw === "") return ctx.state.nextUuid();
  if (typeof raw !== "string" || raw.length > 256)
    throw errors.invalidParam("The secret must be a string of at most 256 characters.");
  return raw;
}

function ensureUnique(ctx: RequestContext, instrument: string, type: WebhookType, exceptId?: string): void {
  for (const w of ctx.state.webhooks.values()) {
    if (w.accountId === ctx.key.accountId && w.instrument === instrument && w.type === type && w.id !== exceptId) {
      throw errors.invalidParam(
        `A ${type} webhook already exists for instrument ${instrument} (id ${w.id}); only one is allowed per instrument and type.`,
      );
    }
  }
}

function own(ctx: RequestContext): Webhook {
  const id = ctx.params.id ?? "";
  const w = ctx.state.webhooks.get(id);
  if (!w || w.accountId !== ctx.key.accountId) throw errors.notFound(`The webhook ${id} could not be found.`);
  return w;
}

export function list(ctx: RequestContext): Reply {
  return json([...ctx.state.webhooks.values()].filter((w) => w.accountId === ctx.key.accountId).map(webhookJson));
}

export async function create(ctx: RequestContext): Promise<Reply> {
  const body = await ctx.body();
  const type = validType(body.type);
  const instrument = validInstrument(ctx, body.instrument);
  const url = validUrl(body.url);
  ensureUnique(ctx, instrument, type);
  const secret = validSecret(ctx, body.secret);
  const w: Webhook = { id: ctx.state.nextId("webhook"), accountId: ctx.key.accountId, type, instrument, url, secret };
  ctx.state.webhooks.set(w.id, w);
  return json(webhookJson(w), 201);
}

export function get(ctx: RequestContext): Reply {
  return json(webhookJson(own(ctx)));
}

/** Partial or whole update; a blank secret generates a new one, an absent secret keeps the old one. */
export async function update(ctx: RequestContext): Promise<Reply> {
  const w = own(ctx);
  const body = await ctx.body();
  const type = body.type === undefined ? w.type : validType(body.type);
  const instrument = body.instrument === undefined ? w.instrument : validInstrument(ctx, body.instrument);
  const url = body.url === undefined ? w.url : validUrl(body.url);
  ensureUnique(ctx, instrument, type, w.id);
  const secret = validSecret(ctx, body.secret, w.secret);
  Object.assign(w, { type, instrument, url, secret });
  return json(webhookJson(w));
}

export function remove(ctx: RequestContext): Reply {
  const w = own(ctx);
  ctx.state.webhooks.delete(w.id);
  return { status: 204 };
}
