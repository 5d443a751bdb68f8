// Webhook delivery: signed POSTs, 5 s timeout, success only on 200, retries on the simulator clock.
import { createHmac } from "node:crypto";
import type { SimState } from "./state.js";
import { isoMs } from "./time.js";
import type { Webhook, WebhookType } from "./types.js";

export interface DeliveryAttempt {
  deliveryId: string;
  webhookId: string;
  type: WebhookType;
  instrument: string;
  url: string;
  attempt: number;
  time: string; // simulator time of the attempt
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  success: boolean;
  body: string;
  signature: string;
}

export function sign(secret: string, body: string): string {
  return createHmac("sha256", secret).update(Buffer.from(body, "utf8")).digest("hex");
}

export class WebhookDispatcher {
  readonly attempts: DeliveryAttempt[] = [];
  private inFlight = 0;
  private deliveryCounter = 0;
  private stopped = false;

  constructor(private readonly state: SimState) {}

  get pending(): number {
    return this.inFlight;
  }

  /** Send a message to every webhook of this type registered for the instrument. */
  emit(serial: string, type: WebhookType, payload: Record<string, unknown>): void {
    for (const wh of this.state.webhooks.values()) {
      if (wh.instrument === serial && wh.type === type) this.emitTo(wh, payload);
    }
  }

  /** Send one message to one webhook (first attempt now, retries later). */
  emitTo(wh: Webhook, payload: Record<string, unknown>): void {
    const body = JSON.stringify(payload);
    const deliveryId = `d${++this.deliveryCounter}`;
    void this.attempt(wh, deliveryId, body, sign(wh.secret, body), 1);
  }

  private async attempt(wh: Webhook, deliveryId: string, body: string, signature: string, n: number): Promise<void> {
    if (this.stopped || !this.state.webhooks.has(wh.id)) return;
    this.inFlight++;
    const started = performance.now();
    const simTime = this.state.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(wh.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Webhook-Id": wh.id, "X-Webhook-Signature": signature },
        body,
        signal: AbortSignal.timeout(this.state.webhookTimeoutMs),
        redirect: "manual",
      });
      statusCode = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      error = e.name === "TimeoutError" || e.name === "AbortError" ? "Timeout" : (e.cause?.code ?? e.message);
    } finally {
      this.inFlight--;
    }
    if (this.stopped) return;
    const success = statusCode === 200;
    this.attempts.push({
      deliveryId,
      webhookId: wh.id,
      type: wh.type,
      instrument: wh.instrument,
      url: wh.url,
      attempt: n,
      time: isoMs(simTime),
      statusCode,
      error,
      durationMs: Math.round(performance.now() - started),
      success,
      body,
      signature,
    });
    if (this.attempts.length > 10_000) this.attempts.splice(0, this.attempts.length - 10_000);
    const delays = this.state.retryDelaysMs;
    if (!success && n <= delays.length) {
      this.state.clock.after(delays[n - 1]!, () => void this.attempt(wh, deliveryId, body, signature, n + 1));
    }
  }

  clear(): void {
    this.attempts.length = 0;
  }

  stop(): void {
    this.stopped = true;
  }
}
