/**
 * What an organisation's key may do, found out without changing anything.
 *
 * Reads are probed with real, harmless reads. Write and action scopes are
 * probed with requests that cannot succeed, relying on MyCirrus checking the
 * scope before it validates the request (the simulator's documented order is
 * route → key (401) → rate limit → scope (403) → parameters → serials). So for
 * those probes a 403 means "no" and the validation error we provoked (400/404)
 * means "yes". Each assumption was verified against the simulator; if the real
 * API ever validates first, the probe answers "yes"/"no" wrongly only in the
 * direction of the provoked status, and the feature itself still fails safely
 * with a 403 when used.
 */
import { gatewayOf, formatDate, type MyCirrusClient } from "./client";
import { ENDPOINTS } from "./endpoints";
import { MyCirrusError } from "./errors";
import type { HttpRequest } from "./transport";

export type Capability = "yes" | "no" | "unknown";

export interface Capabilities {
  /** invalid: the key was refused (401). unknown: MyCirrus could not be asked. */
  key: "valid" | "invalid" | "unknown";
  instruments: Capability; // instruments:read
  rename: Capability; // instruments:write
  data: Capability; // data.noise:read
  systemHealth: Capability; // data.system:read
  webhooksRead: Capability; // webhooks:read
  webhooksWrite: Capability; // webhooks:write
  actions: Capability; // instruments:action
}

/** A serial that cannot exist (MyCirrus serials are letters + digits). */
const PROBE_SERIAL = "__probe__";

type Outcome = "ok" | "denied" | "invalid-key" | "refused" | "unknown";

async function attempt(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    await run();
    return "ok";
  } catch (e) {
    if (!(e instanceof MyCirrusError)) throw e;
    if (e.kind === "unauthorized") return "invalid-key";
    if (e.kind === "forbidden") return "denied";
    // The scope check passed and the request itself was refused, as intended.
    if (e.kind === "bad_request" || e.kind === "not_found") return "refused";
    return "unknown"; // 5xx, timeout, network, breaker, 429 after retries, odd body
  }
}

/** For reads: 200 = yes. For provoked failures `refused` also = yes. */
const verdict = (o: Outcome, refusedMeansYes: boolean): Capability =>
  o === "ok" || (refusedMeansYes && o === "refused") ? "yes" : o === "denied" ? "no" : "unknown";

export async function probeCapabilities(client: MyCirrusClient): Promise<Capabilities> {
  const gateway = gatewayOf(client);
  const raw = (
    id: keyof typeof ENDPOINTS,
    method: HttpRequest["method"],
    path: string,
    extra: Partial<HttpRequest> = {},
  ) => gateway({ method, path, endpoint: ENDPOINTS[id].name, scopes: ENDPOINTS[id].scopes, expect: "json", ...extra });

  // instruments:read, and a real serial for the probes that need one.
  let serial = PROBE_SERIAL;
  const instrumentsOutcome = await attempt(async () => {
    const list = await client.listInstruments();
    if (list[0]) serial = list[0].serialNumber;
  });
  if (instrumentsOutcome === "invalid-key") {
    return {
      key: "invalid",
      instruments: "unknown",
      rename: "unknown",
      data: "unknown",
      systemHealth: "unknown",
      webhooksRead: "unknown",
      webhooksWrite: "unknown",
      actions: "unknown",
    };
  }

  // A one-hour window ending now: a cheap read. With no known serial the
  // unknown one is refused after the scope check (404/400 = yes).
  const end = new Date();
  const start = new Date(end.getTime() - 60 * 60 * 1000);
  const range = { instruments: [serial], start: formatDate(start), end: formatDate(end) };

  const [data, systemHealth, webhooksRead, webhooksWrite, rename, actions] = await Promise.all([
    attempt(() => raw("noiseMeasurements", "GET", "/data/noise/measurements", { query: range })),
    attempt(() => raw("calibrations", "GET", "/data/calibrations", { query: range })),
    attempt(() => client.listWebhooks()),
    // An empty object cannot create a webhook: type, instrument and url are required (400 MissingParam).
    attempt(() => raw("createWebhook", "POST", "/webhooks", { body: {} })),
    // Rename an instrument that cannot exist: 404 after the scope check; nothing can be renamed.
    attempt(() =>
      raw("renameInstrument", "PUT", `/control/instruments/${PROBE_SERIAL}`, {
        body: { name: "probe" },
        expect: "none",
      }),
    ),
    // An action that does not exist: 400 InvalidAction after the scope check; nothing starts.
    attempt(() =>
      raw("startAction", "POST", `/control/instruments/${encodeURIComponent(serial)}/action`, {
        query: { action: PROBE_SERIAL },
      }),
    ),
  ]);

  const all = [instrumentsOutcome, data, systemHealth, webhooksRead, webhooksWrite, rename, actions];
  return {
    key: all.includes("invalid-key") ? "invalid" : all.some((o) => o !== "unknown") ? "valid" : "unknown",
    instruments: verdict(instrumentsOutcome, false),
    data: verdict(data, serial === PROBE_SERIAL),
    systemHealth: verdict(systemHealth, serial === PROBE_SERIAL),
    webhooksRead: verdict(webhooksRead, false),
    webhooksWrite: verdict(webhooksWrite, true),
    rename: verdict(rename, true),
    actions: verdict(actions, true),
  };
}
