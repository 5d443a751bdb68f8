// API keys, scopes, per-key token-bucket rate limiting and injected faults.
import type { IncomingMessage } from "node:http";
import { errors } from "./errors.js";
import type { Fault, SimState } from "./state.js";
import type { ApiKey } from "./types.js";

export function keyFromRequest(req: IncomingMessage, url: URL): string | null {
  const header = req.headers["x-api-key"];
  const value = Array.isArray(header) ? header[0] : header;
  if (value && value.trim()) return value.trim();
  const q = url.searchParams.get("x-api-key") ?? url.searchParams.get("X-Api-Key");
  return q && q.trim() ? q.trim() : null;
}

/** Unknown, missing or expired key: 401 TokenExpired. */
export function authenticate(state: SimState, key: string | null): ApiKey {
  const k = key ? state.keys.get(key) : undefined;
  if (!k || k.expired) throw errors.tokenExpired();
  return k;
}

export function requireScopes(key: ApiKey, scopes: readonly string[]): void {
  for (const s of scopes) if (!key.scopes.has(s)) throw errors.accessDenied();
}

interface Bucket {
  tokens: number;
  last: number;
}

/** Token buckets per key, on real (wall-clock) time: rate limits are about real request rates. */
export class RateLimiter {
  private buckets = new Map<string, Bucket>();

  constructor(private readonly state: SimState) {}

  /** Take one token; throws 429 with Retry-After (whole seconds, at least 1) when the bucket is empty. */
  take(key: string): void {
    const { ratePerSecond, burst } = this.state;
    if (ratePerSecond <= 0) return;
    const now = performance.now();
    const b = this.buckets.get(key) ?? { tokens: burst, last: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.last) / 1000) * ratePerSecond);
    b.last = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return;
    }
    const wait = (1 - b.tokens) / ratePerSecond;
    throw errors.tooManyRequests(Math.max(1, Math.ceil(wait)));
  }

  reset(): void {
    this.buckets.clear();
  }
}

/** The fault to apply to this request (key-specific first, then "*"), consuming one use. */
export function takeFault(state: SimState, key: string | null): Fault | null {
  for (const k of [key ?? "", "*"]) {
    const f = state.faults.get(k);
    if (!f) continue;
    if (f.remaining !== null) {
      f.remaining -= 1;
      if (f.remaining <= 0) state.faults.delete(k);
    }
    return f;
  }
  return null;
}
