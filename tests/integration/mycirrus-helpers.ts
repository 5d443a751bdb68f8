/**
 * Shared setup for the MyCirrus client's integration tests: a real simulator
 * over HTTP, real Postgres (per file), and a fetch wrapper that records every
 * request the client puts on the wire (so tests can count upstream requests
 * and time attempts without mocking anything).
 */
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "@/simulator/server";
import { createOrg } from "@/tests/support/factories";
import {
  createMyCirrusClient,
  silentLogger,
  type Capabilities,
  type MyCirrusClient,
  type MyCirrusOptions,
} from "@/server/mycirrus";

export const SIM_START = "2025-06-10T12:00:00Z";

export interface WireRecord {
  method: string;
  url: string;
  headers: Record<string, string>;
  sentAt: number;
  /** When the response headers arrived or the request failed. */
  answeredAt: number | null;
  status: number | null;
}

export function recordingFetch(): { fetch: typeof fetch; records: WireRecord[] } {
  const records: WireRecord[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const rec: WireRecord = {
      method: init?.method ?? "GET",
      url: String(input),
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      sentAt: performance.now(),
      answeredAt: null,
      status: null,
    };
    records.push(rec);
    try {
      const res = await fetch(input, init);
      rec.status = res.status;
      return res;
    } finally {
      // Also on failure (timeout, dropped connection): the request is no longer in flight.
      rec.answeredAt = performance.now();
    }
  };
  return { fetch: wrapped, records };
}

export async function startSim(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ port: 0, startTime: SIM_START, clockSpeed: 0, ratePerSecond: 0, ...options });
}

/** What a valid key with every scope (DEMO_API_KEY) can do. */
export const EVERY_CAPABILITY: Capabilities = {
  key: "valid",
  instruments: "yes",
  rename: "yes",
  data: "yes",
  systemHealth: "yes",
  webhooksRead: "yes",
  webhooksWrite: "yes",
  actions: "yes",
};

/** Small, fast knobs for tests; the bucket is off unless a test is about it. */
export const FAST: Partial<MyCirrusOptions> = {
  timeoutMs: 2_000,
  maxAttempts: 3,
  maxRetryTimeMs: 5_000,
  retryBaseDelayMs: 20,
  retryMaxDelayMs: 100,
  ratePerSecond: 0,
  logger: silentLogger,
};

export async function clientFor(
  sim: RunningSimulator,
  apiKey: string,
  options: Partial<MyCirrusOptions> = {},
  organizationId?: string,
): Promise<{ client: MyCirrusClient; records: WireRecord[]; organizationId: string }> {
  const orgId = organizationId ?? (await createOrg()).id;
  const wire = recordingFetch();
  const client = createMyCirrusClient({
    organizationId: orgId,
    baseUrl: sim.apiUrl,
    apiKey,
    options: { ...FAST, fetch: wire.fetch, ...options },
  });
  return { client, records: wire.records, organizationId: orgId };
}

export async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected the call to fail");
}
