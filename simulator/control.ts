// Typed helper for the simulator's /_sim control surface. Portal tests import this.

// The same shapes the simulator serves (type-only imports: nothing of the server is loaded).
import type { FaultMode } from "./state.js";
import type { DeliveryAttempt } from "./webhooks.js";

export type { DeliveryAttempt, FaultMode };

export interface ClockState {
  now: string;
  nowMs: number;
  speed: number;
}

export interface CreatedAccount {
  id: string;
  name: string;
  key: string;
  scopes: string[];
  serials: string[];
}

class SimulatorControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`Simulator control call failed with ${status}: ${JSON.stringify(body)}`);
  }
}

export class SimulatorControl {
  readonly baseUrl: string;

  /** baseUrl: the simulator's base URL (without /v1), e.g. http://127.0.0.1:4010 */
  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "");
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/_sim${path}`, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : null;
    if (!res.ok) throw new SimulatorControlError(res.status, parsed);
    return parsed as T;
  }

  /** URLs, default keys, accounts and the current clock. */
  info(): Promise<Record<string, unknown>> {
    return this.call("GET", "/info");
  }

  /** Current simulated time and speed. */
  clock(): Promise<ClockState> {
    return this.call("GET", "/clock");
  }

  /** Set the simulated time (ISO string, epoch ms or Date) and/or the speed (0 freezes it). */
  setClock(now?: string | number | Date, speed?: number): Promise<ClockState> {
    const n = now instanceof Date ? now.toISOString() : now;
    return this.call("POST", "/clock", {
      ...(n !== undefined ? { now: n } : {}),
      ...(speed !== undefined ? { speed } : {}),
    });
  }

  /** Set only the speed factor (simulated seconds per real second). */
  setSpeed(speed: number): Promise<ClockState> {
    return this.call("POST", "/clock", { speed });
  }

  /** Move the clock forward by ms, or by an ISO 8601 duration ("PT1H"). Due timers and webhooks fire. */
  advance(by: number | string): Promise<ClockState> {
    return this.call("POST", "/clock/advance", typeof by === "number" ? { ms: by } : { duration: by });
  }

  /** Back to the initial state (fleet, keys, clock, webhooks, faults, deliveries). */
  reset(): Promise<void> {
    return this.call("POST", "/reset", {});
  }

  /** A new account with n generated Noise instruments and an all-scopes key. */
  createAccount(instruments = 3, name?: string): Promise<CreatedAccount> {
    return this.call("POST", "/accounts", { instruments, ...(name ? { name } : {}) });
  }

  accounts(): Promise<
    Array<{
      id: string;
      name: string;
      instruments: number;
      keys: Array<{ key: string; scopes: string[]; expired: boolean }>;
    }>
  > {
    return this.call("GET", "/accounts");
  }

  /** A key for an account with the given scopes (or an expired one). */
  createKey(
    options: { accountId?: string; scopes?: string[]; expired?: boolean; key?: string; label?: string } = {},
  ): Promise<{ key: string; accountId: string; scopes: string[]; expired: boolean }> {
    return this.call("POST", "/keys", options);
  }

  /** Add instruments to an account (default account when omitted). */
  addInstruments(
    options: {
      accountId?: string;
      count?: number;
      type?: "Noise" | "AirQuality" | "Vibration";
      serial?: string;
      name?: string;
    } = {},
  ): Promise<Array<Record<string, unknown>>> {
    return this.call("POST", "/instruments", options);
  }

  /** Internal view of one instrument (state, profile, overrides). */
  instrument(serial: string): Promise<Record<string, unknown>> {
    return this.call("GET", `/instruments/${encodeURIComponent(serial)}`);
  }

  /** Set online/offline now; emits InstrumentStatus webhooks and live messages (closes live sockets when offline). */
  setOnline(serial: string, online: boolean): Promise<Record<string, unknown>> {
    return this.call("POST", `/instruments/${encodeURIComponent(serial)}/online`, { online });
  }

  setMeasuring(serial: string, measuring: boolean): Promise<Record<string, unknown>> {
    return this.call("POST", `/instruments/${encodeURIComponent(serial)}/measuring`, { measuring });
  }

  /** Override input voltage (V), disk use (MB) and LTE RSRP (dBm, null = no modem) from now on. */
  setHealth(
    serial: string,
    values: { voltage?: number; disk?: number; lteRsrp?: number | null },
  ): Promise<Record<string, unknown>> {
    return this.call("POST", `/instruments/${encodeURIComponent(serial)}/health`, values);
  }

  /** Make the next Calibration or SIC of this instrument fail. */
  failNext(serial: string, action: "Calibration" | "SIC", error?: string): Promise<unknown> {
    return this.call("POST", `/instruments/${encodeURIComponent(serial)}/fail-next`, {
      action,
      ...(error ? { error } : {}),
    });
  }

  /** A noise event ending now (stored at once, NewEvent webhook sent). Returns the /data/events row. */
  /** Shifts the instrument's noise by `db`, or holds it at `level`, from `from` (default now) until `to` (default open); `clear` removes all. */
  shiftLevel(
    serial: string,
    options:
      { db: number; from?: string; to?: string } | { level: number; from?: string; to?: string } | { clear: true },
  ): Promise<Record<string, unknown>> {
    return this.call("POST", `/instruments/${encodeURIComponent(serial)}/level`, options);
  }

  triggerEvent(
    serial: string,
    options: { durationSeconds?: number; peak?: number } = {},
  ): Promise<Record<string, unknown>> {
    return this.call("POST", `/instruments/${encodeURIComponent(serial)}/event`, options);
  }

  /** How long (simulated) Calibration and SIC take. */
  setActionDelay(options: {
    ms?: number;
    calibrationMs?: number;
    sicMs?: number;
  }): Promise<{ calibrationMs: number; sicMs: number }> {
    return this.call("POST", "/action-delay", options);
  }

  /** Inject a fault for a key ("*" or omitted: every key) for the next `count` requests, or until cleared. */
  injectFault(options: {
    key?: string;
    mode: FaultMode;
    count?: number;
    retryAfter?: number;
    hangMs?: number;
  }): Promise<unknown> {
    return this.call("POST", "/faults", options);
  }

  clearFaults(key?: string): Promise<unknown> {
    return this.call("DELETE", `/faults${key ? `?key=${encodeURIComponent(key)}` : ""}`);
  }

  /** Webhook delivery attempts (optionally filtered), plus the number still in flight. */
  async deliveries(
    filter: { webhookId?: string; instrument?: string; type?: string } = {},
  ): Promise<DeliveryAttempt[]> {
    const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined) as Array<[string, string]>);
    const r = await this.call<{ pending: number; attempts: DeliveryAttempt[] }>("GET", `/deliveries?${q}`);
    return r.attempts;
  }

  clearDeliveries(): Promise<unknown> {
    return this.call("DELETE", "/deliveries");
  }

  /** Poll until `predicate(attempts)` holds (default timeout 10 s real time). */
  async waitForDeliveries(
    predicate: (attempts: DeliveryAttempt[]) => boolean,
    filter: { webhookId?: string; instrument?: string; type?: string } = {},
    timeoutMs = 10_000,
  ): Promise<DeliveryAttempt[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const list = await this.deliveries(filter);
      if (predicate(list)) return list;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for deliveries; have ${list.length}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Retry delays (simulated ms) and the per-attempt timeout (real ms). */
  setWebhookConfig(options: { retryDelaysMs?: number[]; timeoutMs?: number }): Promise<unknown> {
    return this.call("POST", "/webhook-config", options);
  }

  /** Token bucket per key: rate 0 disables limiting. */
  setRateLimit(ratePerSecond: number, burst?: number): Promise<unknown> {
    return this.call("POST", "/rate-limit", { ratePerSecond, ...(burst !== undefined ? { burst } : {}) });
  }
}
