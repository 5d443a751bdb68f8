// Shared helpers for the simulator's contract tests: start in-process on port 0, talk over real HTTP.
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "../../simulator/server.js";
import { DEMO_API_KEY } from "../../simulator/fixtures.js";

export const T0 = "2025-06-10T12:00:00Z";
export const T0_MS = Date.parse(T0);

/** A simulator with a frozen clock at T0 and rate limiting off (unless overridden). */
export function startTestSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ startTime: T0, clockSpeed: 0, ratePerSecond: 0, ...options });
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export async function api<T = any>(
  sim: RunningSimulator,
  path: string,
  init: {
    key?: string | null;
    method?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  const key = init.key === undefined ? DEMO_API_KEY : init.key;
  if (key !== null) headers["X-Api-Key"] = key;
  let body: string | undefined;
  if (init.rawBody !== undefined) body = init.rawBody;
  else if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(sim.apiUrl + path, { method: init.method ?? "GET", headers, body });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed as T };
}

export function range(start: string, end: string, instruments: string | string[] = "QT800001"): string {
  const list = Array.isArray(instruments) ? instruments : [instruments];
  return `instruments=${list.map(encodeURIComponent).join("&instruments=")}&start=${encodeURIComponent(start)}&end=${encodeURIComponent(end)}`;
}

export function expectErrorBody(body: unknown, code: string): void {
  const b = body as Record<string, unknown>;
  if (!b || typeof b !== "object") throw new Error(`not an error body: ${JSON.stringify(body)}`);
  if (b.error !== code) throw new Error(`expected error ${code}, got ${JSON.stringify(body)}`);
  if (typeof b.description !== "string" || b.description.length === 0) throw new Error("missing description");
  if (Object.keys(b).sort().join(",") !== "description,error")
    throw new Error(`extra keys: ${Object.keys(b).join(",")}`);
}
