// /_sim/accounts and /_sim/keys: tenants and API keys beyond the fixtures, for multi-tenant and scope tests.
import { errors } from "../errors.js";
import { json } from "../params.js";
import { bodyAccountId, num, type ControlHandler } from "./context.js";

export const list: ControlHandler = ({ state }) =>
  json(
    [...state.accounts.values()].map((a) => ({
      id: a.id,
      name: a.name,
      instruments: a.serials.length,
      keys: [...state.keys.values()]
        .filter((k) => k.accountId === a.id)
        .map((k) => ({ key: k.key, scopes: [...k.scopes], expired: k.expired, label: k.label })),
    })),
  );

export const create: ControlHandler = ({ state, body }) => {
  const count = num(body, "instruments") ?? 3;
  if (!Number.isInteger(count) || count < 0 || count > 20000)
    throw errors.invalidParam("instruments must be an integer 0..20000.");
  const { account, key } = state.createAccount(typeof body.name === "string" ? body.name : undefined, count);
  return json(
    { id: account.id, name: account.name, key: key.key, scopes: [...key.scopes], serials: account.serials },
    201,
  );
};

export const createKey: ControlHandler = (ctx) => {
  const { state, body } = ctx;
  const accountId = bodyAccountId(ctx);
  const scopes = Array.isArray(body.scopes) ? body.scopes.filter((s): s is string => typeof s === "string") : [];
  const k = state.createKey(
    accountId,
    scopes,
    body.expired === true,
    typeof body.label === "string" ? body.label : "custom",
    typeof body.key === "string" ? body.key : undefined,
  );
  return json({ key: k.key, accountId, scopes: [...k.scopes], expired: k.expired }, 201);
};
