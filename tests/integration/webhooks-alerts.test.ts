/**
 * Webhooks into alerts: the receiver (signature, size, dedupe, storage
 * failure), the job that turns events into alerts, the poller's back-fill
 * deduplicated with the webhook path, the lifecycle and its permissions.
 * The simulator runs in-process on its real-time clock; the receiver is served
 * by a small node:http server handing requests to the route handler.
 */
import type { RuleKind } from "@/lib/domain";
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z, ZodError } from "zod";
import { POST } from "@/app/api/webhooks/mycirrus/route";
import { openSecret } from "@/server/crypto/secrets";
import { db } from "@/server/db/client";
import { configureEnv, env } from "@/server/env";
import { AppError } from "@/server/errors";
import { startWorker } from "@/server/jobs/worker";
import { backfillHistory, evaluateSyncChanges } from "@/server/services/alerts";
import { ensureDefaultRules } from "@/server/services/alerts";
import { syncFleet } from "@/server/services/fleet";
import { saveApiKey } from "@/server/services/mycirrus";
import { processWebhookEvent } from "@/server/services/webhooks";
import { repairWebhooks, unregisterWebhooks, webhookHealth } from "@/server/services/webhooks";
import { WEBHOOK_SECRET_PURPOSE } from "@/server/crypto/purposes";
import { startSimulator, type RunningSimulator } from "@/simulator/server";
import { withAdminClient } from "../support/databases";
import { callerFor, createOrg, createUser, outcome } from "../support/factories";

let simulator: RunningSimulator;
let server: http.Server;
let portalUrl: string;

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const response = await POST(
      new Request(`${portalUrl}${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) }),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  portalUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  simulator = await startSimulator({
    port: 0,
    generatedOutages: false,
    ratePerSecond: 1000,
    burst: 1000,
    retryDelaysMs: [300, 600, 1200, 2400, 4800],
    calibrationDelayMs: 200,
    sicDelayMs: 200,
  });
  configureEnv({ SIMULATOR_URL: simulator.apiUrl, PUBLIC_URL: portalUrl });
});
afterAll(async () => {
  await simulator?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** An organisation on its own simulator account (so its webhooks are its own), synced, with webhooks registered. */
async function connectedOrg(options: { instruments?: number; register?: boolean } = {}) {
  const account = await simulator.control.createAccount(options.instruments ?? 2);
  const owner = await createUser("Owner");
  const viewer = await createUser("Viewer");
  const org = await createOrg({ owner: [owner], viewer: [viewer] });
  await saveApiKey(org.id, owner.id, { apiKey: account.key, baseUrl: simulator.apiUrl });
  await ensureDefaultRules(org.id, { offlineMinutes: 0 });
  await syncFleet(org.id);
  if (options.register !== false) {
    const report = await repairWebhooks(org.id);
    expect(report).toMatchObject({ skipped: null, failed: 0 });
  }
  const owner2 = await db().user.findUniqueOrThrow({ where: { id: owner.id } });
  const viewer2 = await db().user.findUniqueOrThrow({ where: { id: viewer.id } });
  return {
    org,
    account,
    serials: account.serials,
    owner: callerFor(owner2),
    viewer: callerFor(viewer2),
    ownerId: owner.id,
  };
}

async function registration(organizationId: string, serial: string, type: string) {
  const reg = await db().webhookRegistration.findFirstOrThrow({
    where: { organizationId, instrumentSerial: serial, type },
  });
  const secret = openSecret(
    { ciphertext: reg.secretCiphertext, keyId: reg.secretKeyId },
    organizationId,
    WEBHOOK_SECRET_PURPOSE,
  );
  return {
    reg,
    secret,
    /** The headers MyCirrus sends with `body` for this registration: its webhook id and the body's signature. */
    headersFor: (body: string | Buffer) => ({
      "x-webhook-id": reg.remoteId,
      "x-webhook-signature": sign(body, secret),
    }),
  };
}

/**
 * The stored events of the test's own deliveries. The organisation's webhooks are really registered
 * at the simulator, which sends NewMeasurement whenever a measurement period ends, so a test that
 * runs across a period boundary also stores one of those (seen at 23:07:00 and 23:3x:00 in runs).
 */
const ownEvents = (organizationId: string) =>
  db().webhookEvent.findMany({ where: { organizationId, type: { not: "NewMeasurement" } } });

const sign = (body: string | Buffer, secret: string) => createHmac("sha256", secret).update(body).digest("hex");

function delivery(body: string | Buffer, headers: Record<string, string>) {
  return POST(
    new Request(`${portalUrl}/api/webhooks/mycirrus`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : new Uint8Array(body),
    }),
  );
}

async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function processPending(organizationId: string) {
  for (const e of await db().webhookEvent.findMany({ where: { organizationId, processedAt: null } })) {
    await processWebhookEvent({ eventId: e.id, organizationId });
  }
}

const alertsOf = (organizationId: string, kind: RuleKind) =>
  db().alert.findMany({ where: { organizationId, rule: { kind } }, include: { instrument: true } });

describe("registration", () => {
  it("registers every instrument × type at PUBLIC_URL with sealed secrets, and repair is idempotent", async () => {
    const { org, serials } = await connectedOrg();
    const regs = await db().webhookRegistration.findMany({ where: { organizationId: org.id } });
    expect(regs).toHaveLength(serials.length * 5);
    expect(new Set(regs.map((r) => r.url))).toEqual(new Set([`${portalUrl}/api/webhooks/mycirrus`]));
    // Sealed: the row holds no form of the secret MyCirrus signs with, and opening it gives that
    // secret back. Checked as booleans, so a failure never prints a secret.
    const secrets = new Set<string>();
    for (const reg of regs) {
      const plaintext = simulator.state().webhooks.get(reg.remoteId)?.secret ?? "";
      secrets.add(plaintext);
      expect(/^[0-9a-f]{64}$/.test(plaintext), `${reg.remoteId}: a 64-hex secret`).toBe(true);
      const row = JSON.stringify(reg);
      const bytes = Buffer.from(reg.secretCiphertext, "base64");
      const forms = [plaintext, plaintext.toUpperCase(), Buffer.from(plaintext, "hex").toString("base64")];
      expect(
        forms.some((form) => row.includes(form)),
        `${reg.remoteId}: the row holds the secret`,
      ).toBe(false);
      expect(
        bytes.includes(Buffer.from(plaintext)) || bytes.includes(Buffer.from(plaintext, "hex")),
        reg.remoteId,
      ).toBe(false);
      const opened = openSecret(
        { ciphertext: reg.secretCiphertext, keyId: reg.secretKeyId },
        org.id,
        WEBHOOK_SECRET_PURPOSE,
      );
      expect(opened === plaintext, `${reg.remoteId}: openSecret gives the secret back`).toBe(true);
    }
    expect(secrets.size, "one secret per registration").toBe(regs.length);
    expect(await repairWebhooks(org.id)).toMatchObject({ created: 0, adopted: 0, removed: 0, failed: 0 });
    const health = await webhookHealth(org.id);
    expect(health).toMatchObject({
      enabled: true,
      expected: serials.length * 5,
      active: serials.length * 5,
      missing: 0,
    });
    await unregisterWebhooks(org.id);
    expect(await db().webhookRegistration.count({ where: { organizationId: org.id } })).toBe(0);
    expect(await repairWebhooks(org.id)).toMatchObject({ created: serials.length * 5 });
  });
});

describe("receiver", () => {
  it("the same body delivered 6 times makes 1 event and 1 alert", async () => {
    const { org, serials } = await connectedOrg();
    const { headersFor } = await registration(org.id, serials[0]!, "CalibrationFinished");
    const body = JSON.stringify({
      type: "CalibrationFinished",
      instrument: serials[0],
      time: "2025-06-10T12:00:00Z",
      status: "Failed",
      error: "Level out of range",
      data: { time: "2025-06-10T12:00:00Z", status: "Failed" },
    });
    for (let i = 0; i < 6; i++) {
      const response = await delivery(body, headersFor(body));
      expect(response.status).toBe(200);
    }
    expect(await ownEvents(org.id)).toHaveLength(1);
    await processPending(org.id);
    await processPending(org.id);
    const alerts = await alertsOf(org.id, "calibration");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ state: "open", source: "webhook", triggerCount: 1 });
  });

  it("concurrent duplicate deliveries make 1 event", async () => {
    const { org, serials } = await connectedOrg();
    const { reg, secret } = await registration(org.id, serials[1]!, "SicFinished");
    const body = JSON.stringify({
      type: "SicFinished",
      instrument: serials[1],
      time: "2025-06-10T02:00:00Z",
      status: "Failed",
      data: { time: "2025-06-10T02:00:00Z", status: "Failed" },
    });
    const statuses = await Promise.all(
      Array.from({ length: 8 }, () =>
        delivery(body, {
          "x-webhook-id": reg.remoteId,
          "x-webhook-signature": `sha256=${Buffer.from(sign(body, secret), "hex").toString("base64")}`,
        }).then((r) => r.status),
      ),
    );
    expect(statuses).toEqual(Array(8).fill(200));
    expect(await ownEvents(org.id)).toHaveLength(1);
    await Promise.all([processPending(org.id), processPending(org.id)]);
    expect(await alertsOf(org.id, "sic_failed")).toHaveLength(1);
  });

  it("wrong secret, missing header, unknown id, malformed JSON, oversize body → 401/401/401/400/413 and no rows", async () => {
    const { org, serials } = await connectedOrg();
    const { reg, secret, headersFor } = await registration(org.id, serials[0]!, "InstrumentStatus");
    const body = JSON.stringify({
      type: "InstrumentStatus",
      instrument: serials[0],
      time: new Date().toISOString(),
      online: false,
    });
    const wrong = await delivery(body, {
      "x-webhook-id": reg.remoteId,
      "x-webhook-signature": sign(body, "not-the-secret"),
    });
    const missing = await delivery(body, { "x-webhook-id": reg.remoteId });
    const unknown = await delivery(body, {
      "x-webhook-id": "no-such-webhook",
      "x-webhook-signature": sign(body, secret),
    });
    const malformedBody = '{"type":"InstrumentStatus",';
    const malformed = await delivery(malformedBody, headersFor(malformedBody));
    const invalidBody = JSON.stringify({
      type: "InstrumentStatus",
      instrument: serials[0],
      time: "yesterday",
      online: "no",
    });
    const invalid = await delivery(invalidBody, headersFor(invalidBody));
    const big = Buffer.alloc(256 * 1024 + 1, 0x20);
    const oversize = await delivery(big, headersFor(big));
    expect([wrong.status, missing.status, unknown.status, malformed.status, invalid.status, oversize.status]).toEqual([
      401, 401, 401, 400, 400, 413,
    ]);
    expect(await ownEvents(org.id)).toEqual([]);
    expect(await db().alert.count({ where: { organizationId: org.id } })).toBe(0);
  });

  it("a well-formed payload of an unknown type is stored and answered 200", async () => {
    const { org, serials } = await connectedOrg();
    const { headersFor } = await registration(org.id, serials[0]!, "NewMeasurement");
    const body = JSON.stringify({ type: "SomethingNew", instrument: serials[0], time: "2025-06-10T12:00:00Z" });
    expect((await delivery(body, headersFor(body))).status).toBe(200);
    expect(await ownEvents(org.id)).toMatchObject([{ type: "SomethingNew" }]);
  });

  it("database down during a delivery → 5xx; the retry after recovery gives exactly one alert", async () => {
    const { org, serials } = await connectedOrg();
    const { headersFor } = await registration(org.id, serials[0]!, "InstrumentStatus");
    const body = JSON.stringify({
      type: "InstrumentStatus",
      instrument: serials[0],
      time: new Date().toISOString(),
      online: false,
    });
    const headers = headersFor(body);
    const adminUrl = inject("databaseAdminUrl");
    const name = new URL(env().DATABASE_URL).pathname.slice(1);
    await withAdminClient(adminUrl, async (admin) => {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [name],
      );
    });
    let down: Response;
    try {
      down = await delivery(body, headers);
    } finally {
      await withAdminClient(adminUrl, (admin) => admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`));
    }
    // A storage failure answers 503 (with Retry-After), which MyCirrus retries.
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toBe("5");
    // Wait until the database answers again (any status but a 5xx), then the retry must be accepted.
    const retried = await waitFor(
      () => delivery(body, headers).then((r) => r.status),
      (s) => s < 500,
    );
    expect(retried).toBe(200);
    expect((await delivery(body, headers)).status).toBe(200);
    await processPending(org.id);
    expect(await ownEvents(org.id)).toHaveLength(1);
    expect(await alertsOf(org.id, "offline")).toHaveLength(1);
  });
});

describe("end to end through the simulator", () => {
  it("simulator → receiver → job → alert row → inbox; back online resolves it", async () => {
    const { org, serials, owner } = await connectedOrg();
    const worker = await startWorker({ log: () => undefined, fleetCron: "0 0 1 1 *" });
    try {
      await simulator.control.setOnline(serials[0]!, false);
      const inbox = await waitFor(
        () => owner.alerts.list({ orgSlug: org.slug, states: ["open"] }),
        (page) => page.items.some((a) => a.rule.kind === "offline" && a.instrument.serial === serials[0]),
      );
      const alert = inbox.items.find((a) => a.rule.kind === "offline")!;
      expect(alert).toMatchObject({ source: "webhook", severity: "critical", state: "open" });
      const attempts = await simulator.control.deliveries({ instrument: serials[0], type: "InstrumentStatus" });
      expect(attempts.some((a) => a.statusCode === 200)).toBe(true);
      expect(await owner.alerts.counts({ orgSlug: org.slug })).toMatchObject({ open: 1, openCritical: 1 });

      await simulator.control.setOnline(serials[0]!, true);
      const resolved = await waitFor(
        () => db().alert.findUniqueOrThrow({ where: { id: alert.id } }),
        (a) => a.state === "resolved",
      );
      expect(resolved).toMatchObject({ resolution: "auto", openKey: null });
      expect(await alertsOf(org.id, "offline")).toHaveLength(1);
    } finally {
      await worker.stop();
      await simulator.control.setOnline(serials[0]!, true);
    }
  }, 60_000);

  it("a tenant whose MyCirrus hangs holds up only its own fetching events: another tenant's offline alert goes on", async () => {
    const a = await connectedOrg();
    const b = await connectedOrg();
    // Every MyCirrus call of A now hangs (the client gives up after 10 s, then retries).
    await simulator.control.injectFault({ key: a.account.key, mode: "timeout", hangMs: 30_000 });
    const { headersFor } = await registration(a.org.id, a.serials[0]!, "NewEvent");
    for (let i = 0; i < 6; i++) {
      const body = JSON.stringify({
        type: "NewEvent",
        instrument: a.serials[0],
        time: new Date(Date.now() - i * 1000).toISOString(),
      });
      expect((await delivery(body, headersFor(body))).status).toBe(200);
    }
    const aJobs = (states: string[]) =>
      db().$queryRaw<
        { n: bigint }[]
      >`SELECT count(*) AS n FROM pgboss.job WHERE data->>'organizationId' = ${a.org.id} AND state::text = ANY(${states})`.then(
        ([r]) => Number(r!.n),
      );
    const worker = await startWorker({ log: () => undefined, fleetCron: "0 0 1 1 *", emailCron: "0 0 1 1 *" });
    try {
      // A's events now occupy every consumer that may call MyCirrus, each waiting on a hung request.
      await waitFor(
        () => aJobs(["active"]),
        (n) => n >= 4,
      );
      await simulator.control.setOnline(b.serials[0]!, false);
      await waitFor(
        () => b.owner.alerts.list({ orgSlug: b.org.slug, states: ["open"] }),
        (page) => page.items.some((x) => x.rule.kind === "offline" && x.instrument.serial === b.serials[0]),
      );
      // B's alert came through while none of A's events had got anywhere: it did not queue behind them.
      expect(await aJobs(["retry", "completed", "failed"])).toBe(0);
      expect(await db().webhookEvent.count({ where: { organizationId: a.org.id, processedAt: { not: null } } })).toBe(
        0,
      );
    } finally {
      await simulator.control.clearFaults(a.account.key);
      await worker.stop();
      await simulator.control.setOnline(b.serials[0]!, true);
    }
  }, 90_000);

  it("with webhooks switched off the poller raises the same alerts, once, and dedupes with a late webhook", async () => {
    const { org, serials } = await connectedOrg({ register: false });
    await simulator.control.setOnline(serials[0]!, false);
    await simulator.control.failNext(serials[1]!, "Calibration", "Level out of range");
    await simulator.control.failNext(serials[1]!, "SIC");
    // Start both actions through the API, as a user would.
    const { withMyCirrus } = await import("@/server/services/mycirrus");
    await withMyCirrus(org.id, async (c) => {
      await c.startAction(serials[1]!, "Calibration");
    });
    await new Promise((r) => setTimeout(r, 600));
    await withMyCirrus(org.id, async (c) => {
      await c.startAction(serials[1]!, "SIC");
    });
    await new Promise((r) => setTimeout(r, 600));

    for (let round = 0; round < 2; round++) {
      const report = await syncFleet(org.id);
      await evaluateSyncChanges(org.id, report.changes);
      await backfillHistory(org.id);
    }
    const offline = await alertsOf(org.id, "offline");
    expect(offline).toHaveLength(1);
    expect(offline[0]).toMatchObject({ source: "poll", triggerCount: 1, instrument: { serial: serials[0] } });
    const calibration = await alertsOf(org.id, "calibration");
    expect(calibration).toHaveLength(1);
    expect(calibration[0]).toMatchObject({ source: "poll", triggerCount: 1 });
    expect(await alertsOf(org.id, "sic_failed")).toHaveLength(1);

    // The webhook for the same calibration arrives late: seen by both paths, still one alert, one trigger.
    await repairWebhooks(org.id);
    const { headersFor } = await registration(org.id, serials[1]!, "CalibrationFinished");
    const occurrence = await db().observedOccurrence.findFirstOrThrow({
      where: { organizationId: org.id, kind: "calibration", key: { contains: serials[1]! } },
      orderBy: { occurredAt: "desc" },
    });
    const body = JSON.stringify({
      type: "CalibrationFinished",
      instrument: serials[1],
      time: occurrence.occurredAt.toISOString(),
      status: "Failed",
      error: "Level out of range",
      data: { time: occurrence.occurredAt.toISOString(), status: "Failed" },
    });
    expect((await delivery(body, headersFor(body))).status).toBe(200);
    await processPending(org.id);
    expect(await alertsOf(org.id, "calibration")).toMatchObject([{ triggerCount: 1 }]);
    expect(await db().observedOccurrence.findUniqueOrThrow({ where: { id: occurrence.id } })).toMatchObject({
      viaPollAt: expect.any(Date),
      viaWebhookAt: expect.any(Date),
    });
    // Completeness counts every occurrence of the organisation once (all seen within the day): the
    // offline change, the calibrations and SICs in the instruments' history (the failed ones among
    // them) and the generated noise events the back-fill found; only the late calibration came by
    // webhook too. Limit exceedances are not webhook types, so they do not count.
    const occurrences = (kind: string) => db().observedOccurrence.count({ where: { organizationId: org.id, kind } });
    expect(await occurrences("status")).toBe(1);
    const total =
      (await occurrences("status")) +
      (await occurrences("calibration")) +
      (await occurrences("sic")) +
      (await occurrences("event"));
    const health = await webhookHealth(org.id);
    expect(health.completeness).toEqual(
      ["24h", "7d"].map((window) => ({ window, total, viaWebhook: 1, percent: Math.round((1 / total) * 1000) / 10 })),
    );

    // Back online: the next poll resolves the offline alert.
    await simulator.control.setOnline(serials[0]!, true);
    const report = await syncFleet(org.id);
    await evaluateSyncChanges(org.id, report.changes);
    expect(await alertsOf(org.id, "offline")).toMatchObject([{ state: "resolved", resolution: "auto" }]);
  }, 60_000);
});

describe("noise events", () => {
  it("are off by default (period limits stay on), so events raise no alert until an admin turns them on", async () => {
    const { org, serials, owner } = await connectedOrg({ register: false });
    const rules = await owner.alerts.rules({ orgSlug: org.slug });
    const noise = rules.find((r) => r.kind === "noise_exceedance")!;
    expect(noise).toMatchObject({ enabled: true, params: { events: false, projectedBreach: false } });
    const eventAlerts = async () =>
      (await alertsOf(org.id, "noise_exceedance")).filter(
        (a) => (a.data as { kind?: string } | null)?.kind === "event",
      );

    await simulator.control.triggerEvent(serials[0]!, { durationSeconds: 20, peak: 110 });
    await backfillHistory(org.id); // also the last 24 h of generated events
    expect(await db().observedOccurrence.count({ where: { organizationId: org.id, kind: "event" } })).toBeGreaterThan(
      0,
    );
    expect(await eventAlerts()).toHaveLength(0);

    await owner.alerts.updateRule({ orgSlug: org.slug, ruleId: noise.id, params: { ...noise.params, events: true } });
    await new Promise((r) => setTimeout(r, 1100)); // a new event start second
    await simulator.control.triggerEvent(serials[0]!, { durationSeconds: 20, peak: 110 });
    await backfillHistory(org.id);
    expect(await eventAlerts()).toMatchObject([{ instrument: { serial: serials[0] }, triggerCount: 1 }]);
  }, 30_000);
});

describe("lifecycle and permissions", () => {
  async function orgWithAlert() {
    const ctx = await connectedOrg({ register: false });
    await simulator.control.setOnline(ctx.serials[0]!, false);
    try {
      const report = await syncFleet(ctx.org.id);
      await evaluateSyncChanges(ctx.org.id, report.changes);
    } finally {
      await simulator.control.setOnline(ctx.serials[0]!, true);
    }
    const [alert] = await alertsOf(ctx.org.id, "offline");
    return { ...ctx, alert: alert! };
  }

  it("open → acknowledged → resolved → reopened, with comments, assignee, activity and audit", async () => {
    const { org, owner, ownerId, alert } = await orgWithAlert();
    await owner.alerts.acknowledge({ orgSlug: org.slug, alertIds: [alert.id] });
    await owner.alerts.comment({ orgSlug: org.slug, alertId: alert.id, text: "Site visit booked" });
    await owner.alerts.assign({ orgSlug: org.slug, alertId: alert.id, assigneeId: ownerId });
    await owner.alerts.resolve({ orgSlug: org.slug, alertId: alert.id });
    await owner.alerts.reopen({ orgSlug: org.slug, alertId: alert.id });
    const full = await owner.alerts.get({ orgSlug: org.slug, alertId: alert.id });
    expect(full).toMatchObject({ state: "open", assigneeId: ownerId });
    expect(full.activity.map((a) => a.kind)).toEqual([
      "opened",
      "acknowledged",
      "comment",
      "assigned",
      "resolved",
      "reopened",
    ]);
    const audit = await db().auditLog.findMany({
      where: { organizationId: org.id, targetId: alert.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual([
      "alert.opened",
      "alert.acknowledged",
      "alert.comment",
      "alert.assigned",
      "alert.resolved",
      "alert.reopened",
    ]);
  });

  it("the alert page's data: timeline with actor and assignee names; clear field messages for bad input; viewers read only", async () => {
    const { org, owner, ownerId, viewer, alert } = await orgWithAlert();
    const viewerId = (await db().membership.findFirstOrThrow({ where: { organizationId: org.id, role: "viewer" } }))
      .userId;
    /** What the browser's form reads (server/api/trpc.ts's error formatter): the field and its message. */
    const fieldError = async (call: () => Promise<unknown>) => {
      try {
        await call();
        return "ok";
      } catch (error) {
        const { code, cause, message } = error as { code: string; cause: unknown; message: string };
        return {
          code,
          message,
          field: cause instanceof AppError ? (cause.field ?? null) : null,
          fieldErrors: cause instanceof ZodError ? z.flattenError(cause).fieldErrors : null,
        };
      }
    };
    expect(
      await fieldError(() => owner.alerts.comment({ orgSlug: org.slug, alertId: alert.id, text: "   " })),
    ).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { text: ["Write a comment first"] },
    });
    expect(
      await fieldError(() => owner.alerts.comment({ orgSlug: org.slug, alertId: alert.id, text: "x".repeat(5000) })),
    ).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { text: ["Keep a comment to 2,000 characters or fewer"] },
    });
    const outsider = await createUser("Not A Member");
    expect(
      await fieldError(() => owner.alerts.assign({ orgSlug: org.slug, alertId: alert.id, assigneeId: outsider.id })),
    ).toMatchObject({
      code: "BAD_REQUEST",
      field: "assigneeId",
      message: "The assignee must be a member of this organisation",
    });

    await owner.alerts.comment({
      orgSlug: org.slug,
      alertId: alert.id,
      text: "  Cable cut at the depot\nEngineer on the way  ",
    });
    await owner.alerts.assign({ orgSlug: org.slug, alertId: alert.id, assigneeId: viewerId });
    await owner.alerts.assign({ orgSlug: org.slug, alertId: alert.id, assigneeId: viewerId }); // no change, no entry
    await owner.alerts.assign({ orgSlug: org.slug, alertId: alert.id, assigneeId: null });
    await owner.alerts.acknowledge({ orgSlug: org.slug, alertIds: [alert.id] });

    // A viewer reads all of it but changes nothing.
    const full = await viewer.alerts.get({ orgSlug: org.slug, alertId: alert.id });
    expect(full).toMatchObject({
      state: "acknowledged",
      acknowledgedBy: { id: ownerId },
      instrument: { serial: alert.instrument.serial },
      rule: { kind: "offline" },
      activityTotal: 5,
    });
    expect(full.activity.map((a) => [a.kind, a.actorName, a.assigneeName])).toEqual([
      ["opened", null, null],
      ["comment", "Owner", null],
      ["assigned", "Owner", "Viewer"],
      ["assigned", "Owner", null],
      ["acknowledged", "Owner", null],
    ]);
    expect(full.activity[1]!.text).toBe("Cable cut at the depot\nEngineer on the way");
    for (const call of [
      () => viewer.alerts.comment({ orgSlug: org.slug, alertId: alert.id, text: "Me too" }),
      () => viewer.alerts.assign({ orgSlug: org.slug, alertId: alert.id, assigneeId: viewerId }),
      () => viewer.alerts.resolve({ orgSlug: org.slug, alertId: alert.id }),
      () => viewer.alerts.reopen({ orgSlug: org.slug, alertId: alert.id }),
    ]) {
      expect(await outcome(call)).toBe("FORBIDDEN");
    }
    expect(await db().alertActivity.count({ where: { alertId: alert.id } })).toBe(5);
  });

  it("a viewer cannot acknowledge; another organisation's alert answers NOT_FOUND", async () => {
    const a = await orgWithAlert();
    const b = await connectedOrg({ register: false });
    expect(await outcome(() => a.viewer.alerts.acknowledge({ orgSlug: a.org.slug, alertIds: [a.alert.id] }))).toBe(
      "FORBIDDEN",
    );
    expect(await outcome(() => b.owner.alerts.acknowledge({ orgSlug: b.org.slug, alertIds: [a.alert.id] }))).toBe(
      "NOT_FOUND",
    );
    expect(await outcome(() => b.owner.alerts.get({ orgSlug: b.org.slug, alertId: a.alert.id }))).toBe("NOT_FOUND");
    expect(await outcome(() => b.owner.alerts.resolve({ orgSlug: b.org.slug, alertId: a.alert.id }))).toBe("NOT_FOUND");
    expect(await db().alert.findUniqueOrThrow({ where: { id: a.alert.id } })).toMatchObject({ state: "open" });
  });
});
