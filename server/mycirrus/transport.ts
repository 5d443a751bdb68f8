/**
 * One HTTP attempt against MyCirrus: build the URL, send the key in the
 * X-Api-Key header (never in the URL, so it cannot leak through logs, proxies
 * or error messages that quote URLs), enforce the per-attempt timeout, and turn
 * every outcome into either a result or a classified MyCirrusError.
 * Retries, limits and the breaker live in the layers above.
 */
import { MyCirrusError, redact } from "./errors";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";
export type QueryValue = string | number | readonly string[] | undefined;

export interface HttpRequest {
  method: HttpMethod;
  /** Method + path template, e.g. "GET /control/instruments/{serial}": names the endpoint in errors and logs. */
  endpoint: string;
  /** The concrete path below the base URL, segments already encoded. */
  path: string;
  /** Arrays become repeated parameters (instruments=a&instruments=b), the form the docs show first. */
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** What a 2xx carries: JSON, raw bytes (audio) or nothing (204). */
  expect: "json" | "binary" | "none";
  /** Scopes the endpoint needs, so a 403 can say which is missing. */
  scopes: readonly string[];
}

export interface HttpResult {
  status: number;
  json?: unknown;
  bytes?: Uint8Array;
}

export interface TransportContext {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  fetch: typeof fetch;
}

/** Builds the request URL. Exported for tests and for the capability probe's documentation. */
function buildUrl(baseUrl: string, path: string, query: Record<string, QueryValue> = {}): string {
  const url = new URL(baseUrl.replace(/\/+$/, "") + path);
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) url.searchParams.append(name, v);
    else url.searchParams.append(name, String(value));
  }
  return url.toString();
}

/**
 * Retry-After as milliseconds from `now`: either delay-seconds (RFC 9110; we
 * also accept decimals) or an HTTP date. Null when absent or unreadable.
 */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (text === "") return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

interface UpstreamErrorBody {
  error: string | null;
  description: string | null;
}

function readErrorBody(text: string): UpstreamErrorBody {
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      return {
        error: typeof o.error === "string" ? o.error : null,
        description: typeof o.description === "string" ? o.description : null,
      };
    }
  } catch {
    // Not JSON (a proxy's HTML page, say): we keep the status only.
  }
  return { error: null, description: null };
}

function kindFor(status: number): MyCirrusError["kind"] {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "server";
  return "bad_request"; // 400 and the other 4xx (405, 409, 413 ...): the request itself was refused
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === "TimeoutError" || name === "AbortError";
}

/** One attempt. Throws MyCirrusError for every failure; never retries. */
export async function sendOnce(req: HttpRequest, ctx: TransportContext): Promise<HttpResult> {
  const url = buildUrl(ctx.baseUrl, req.path, req.query);
  const headers: Record<string, string> = {
    "X-Api-Key": ctx.apiKey,
    Accept: req.expect === "binary" ? "*/*" : "application/json",
  };
  let body: string | undefined;
  if (req.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(req.body);
  }
  const signal = AbortSignal.timeout(ctx.timeoutMs);
  const fail = (
    kind: MyCirrusError["kind"],
    message: string,
    extra: Partial<ConstructorParameters<typeof MyCirrusError>[0]> = {},
  ) =>
    new MyCirrusError({
      kind,
      endpoint: req.endpoint,
      message: `${req.endpoint}: ${redact(message, ctx.apiKey)}`,
      ...extra,
    });

  let res: Response;
  try {
    // redirect "manual": a redirect would carry X-Api-Key to wherever it points
    // (fetch drops only Authorization on cross-origin redirects), so we refuse it.
    res = await ctx.fetch(url, { method: req.method, headers, body, signal, redirect: "manual" });
  } catch (error) {
    if (isTimeout(error) || signal.aborted)
      return Promise.reject(fail("timeout", `no answer within ${ctx.timeoutMs} ms`));
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (error as Error).message ?? "request failed";
    throw fail("network", `network error (${String(detail)})`);
  }

  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (error) {
    if (isTimeout(error) || signal.aborted)
      throw fail("timeout", `the body did not arrive within ${ctx.timeoutMs} ms`, { status: res.status });
    throw fail("network", "the connection broke while reading the body", { status: res.status });
  }

  const status = res.status;
  if (status >= 200 && status < 300) {
    if (req.expect === "none" || status === 204) return { status };
    if (req.expect === "binary") return { status, bytes };
    const text = new TextDecoder().decode(bytes);
    try {
      return { status, json: JSON.parse(text) as unknown };
    } catch {
      throw fail("invalid_response", "the response body is not valid JSON (field: (body))", {
        status,
        field: "(body)",
      });
    }
  }
  if (status >= 300 && status < 400) {
    throw fail(
      "invalid_response",
      `unexpected redirect (${status}); redirects are not followed so the key stays with MyCirrus`,
      { status },
    );
  }

  const upstream = readErrorBody(new TextDecoder().decode(bytes));
  const upstreamError = upstream.error === null ? null : redact(upstream.error, ctx.apiKey);
  const upstreamDescription = upstream.description === null ? null : redact(upstream.description, ctx.apiKey);
  const kind = kindFor(status);
  const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(res.headers.get("retry-after")) : null;
  const scopeNote = kind === "forbidden" && req.scopes.length > 0 ? ` (needs ${req.scopes.join(" + ")})` : "";
  const text = upstreamError
    ? `${upstreamError}${upstreamDescription ? `: ${upstreamDescription}` : ""}`
    : `HTTP ${status}`;
  throw fail(kind, `${status} ${text}${scopeNote}`, {
    status,
    retryAfterMs,
    upstreamError,
    upstreamDescription,
    requiredScopes: kind === "forbidden" ? req.scopes : [],
  });
}
