/**
 * The one error type of the MyCirrus gateway. Callers switch on `kind`, never on
 * messages or HTTP details, so the rest of the portal does not care whether a
 * failure came from the network, the upstream or our own resilience layer.
 *
 * Nothing here ever holds the API key: messages are built from the endpoint
 * template (never the URL with query values the caller chose), the HTTP status
 * and the upstream's own `error`/`description`, which the client scrubs of the
 * key before they get here (see `redact`).
 */

export type MyCirrusErrorKind =
  | "unauthorized" // 401: the key is unknown, expired or revoked
  | "forbidden" // 403: the key lacks a scope
  | "not_found" // 404
  | "bad_request" // 400 (and other 4xx we cannot act on): carries upstream error + description
  | "rate_limited" // 429
  | "server" // 5xx
  | "timeout" // no complete answer within the per-attempt timeout
  | "network" // connection refused/reset, DNS, TLS ...
  | "invalid_response" // the body did not match what the client can read safely
  | "circuit_open"; // our breaker for this organisation is open: no upstream call was made

export interface MyCirrusErrorInit {
  kind: MyCirrusErrorKind;
  /** e.g. "GET /data/noise/measurements" (method + path template). */
  endpoint: string;
  message: string;
  status?: number | null;
  /** How long the upstream (429/503) or our breaker asks us to wait. */
  retryAfterMs?: number | null;
  /** Upstream error code and text, e.g. InvalidPeriod / "The period must be ...". */
  upstreamError?: string | null;
  upstreamDescription?: string | null;
  /** 403: the scopes the endpoint needs; `missingScope` when there is exactly one. */
  requiredScopes?: readonly string[];
  /** invalid_response: where in the body the mismatch is, e.g. "[3].startTime". */
  field?: string | null;
  /** How many attempts were made (1 = no retry). */
  attempts?: number;
}

export class MyCirrusError extends Error {
  readonly kind: MyCirrusErrorKind;
  readonly endpoint: string;
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  readonly upstreamError: string | null;
  readonly upstreamDescription: string | null;
  readonly requiredScopes: readonly string[];
  readonly missingScope: string | null;
  readonly field: string | null;
  attempts: number;

  constructor(init: MyCirrusErrorInit) {
    super(init.message);
    this.name = "MyCirrusError";
    this.kind = init.kind;
    this.endpoint = init.endpoint;
    this.status = init.status ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.upstreamError = init.upstreamError ?? null;
    this.upstreamDescription = init.upstreamDescription ?? null;
    this.requiredScopes = init.requiredScopes ?? [];
    this.missingScope = this.requiredScopes.length === 1 ? this.requiredScopes[0]! : null;
    this.field = init.field ?? null;
    this.attempts = init.attempts ?? 1;
  }

  /** Worth another attempt later: the upstream was busy or unreachable, not wrong about us. */
  get retryable(): boolean {
    return this.kind === "rate_limited" || this.kind === "server" || this.kind === "timeout" || this.kind === "network";
  }

  /** Counts towards opening the circuit breaker (the upstream looks unhealthy). 4xx never do. */
  get upstreamFailure(): boolean {
    return this.kind === "server" || this.kind === "timeout" || this.kind === "network";
  }

  /** Plain data for logs and API responses (no stack, no cause). */
  toJSON() {
    return {
      name: this.name,
      kind: this.kind,
      endpoint: this.endpoint,
      status: this.status,
      message: this.message,
      retryAfterMs: this.retryAfterMs,
      upstreamError: this.upstreamError,
      upstreamDescription: this.upstreamDescription,
      missingScope: this.missingScope,
      field: this.field,
      attempts: this.attempts,
    };
  }
}

export const isMyCirrusError = (e: unknown): e is MyCirrusError => e instanceof MyCirrusError;

/**
 * Removes the key from text that came from outside our code (upstream
 * descriptions, low-level error messages), in case anything ever echoes it.
 * Keys are also matched in their URL-encoded form.
 */
export function redact(text: string, apiKey: string): string {
  if (!apiKey) return text;
  let out = text;
  for (const needle of new Set([apiKey, encodeURIComponent(apiKey)])) {
    if (needle) out = out.split(needle).join("[redacted]");
  }
  return out;
}
