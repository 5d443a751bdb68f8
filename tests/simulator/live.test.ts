// Live websocket /v1/live/{serial}: auth, refusal, status, live data on the sim clock, actions, keepalive, close.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { DEMO_API_KEY, READ_ONLY_API_KEY } from "../../simulator/fixtures.js";
import type { RunningSimulator } from "../../simulator/server.js";
import { startTestSimulator } from "./helpers.js";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});

interface Client {
  ws: WebSocket;
  messages: any[];
  next(pred?: (m: any) => boolean, ms?: number): Promise<any>;
  send(m: unknown): void;
  closed: Promise<{ code: number; reason: string }>;
}

function connect(serial: string, opts: { key?: string; viaQuery?: boolean } = {}): Promise<Client> {
  const key = opts.key ?? DEMO_API_KEY;
  const url = `${sim.liveUrl}/${serial}${opts.viaQuery ? `?x-api-key=${key}` : ""}`;
  const ws = new WebSocket(url, opts.viaQuery ? {} : { headers: { "X-Api-Key": key } });
  const messages: any[] = [];
  let cursor = 0;
  const waiters: Array<() => void> = [];
  ws.on("message", (d) => {
    messages.push(JSON.parse(d.toString()));
    waiters.splice(0).forEach((w) => w());
  });
  const closed = new Promise<{ code: number; reason: string }>((r) =>
    ws.on("close", (code, reason) => r({ code, reason: reason.toString() })),
  );
  const client: Client = {
    ws,
    messages,
    closed,
    send: (m) => ws.send(JSON.stringify(m)),
    next: async (pred = () => true, ms = 5000) => {
      const deadline = Date.now() + ms;
      for (;;) {
        while (cursor < messages.length) {
          const m = messages[cursor++];
          if (pred(m)) return m;
        }
        if (Date.now() > deadline) throw new Error(`no matching message; got ${JSON.stringify(messages)}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
    },
  };
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(client));
    ws.once("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () =>
        reject(
          Object.assign(new Error(`refused ${res.statusCode}`), { status: res.statusCode, body: JSON.parse(body) }),
        ),
      );
    });
    ws.once("error", (e) => reject(e));
  });
}

describe("live websocket", () => {
  it("sends InstrumentStatus on connect, echoes KeepAlive, streams LiveData every simulated second", async () => {
    const c = await connect("QT800001");
    try {
      const status = await c.next();
      expect(status).toEqual({
        type: "InstrumentStatus",
        time: "2025-06-10T12:00:00Z",
        online: true,
        measuring: true,
        calibrationInProgress: false,
        sicInProgress: false,
      });
      c.send({ action: "KeepAlive" });
      expect(await c.next()).toEqual({ action: "KeepAlive" });
      c.send({ action: "StartLiveData", types: ["LAeq", "LCPeak", "1KHz", "Bogus", "LAeq,5m"] });
      await new Promise((r) => setTimeout(r, 50));
      await sim.control.advance(1000);
      const d1 = await c.next((m) => m.type === "LiveData");
      expect(d1.time).toBe("2025-06-10T12:00:01Z");
      expect(d1.values.map((v: any) => v.name)).toEqual(["LAeq", "LCPeak", "1KHz", "LAeq,5m"]);
      for (const v of d1.values) expect(typeof v.value).toBe("number");
      await sim.control.advance(1000);
      const d2 = await c.next((m) => m.type === "LiveData");
      expect(d2.time).toBe("2025-06-10T12:00:02Z");
      c.send({ action: "StartLiveData", types: ["LAF"] });
      await new Promise((r) => setTimeout(r, 50));
      await sim.control.advance(1000);
      expect((await c.next((m) => m.type === "LiveData")).values.map((v: any) => v.name)).toEqual(["LAF"]);
      c.send({ action: "StopLiveData" });
      await new Promise((r) => setTimeout(r, 50));
      const count = c.messages.filter((m) => m.type === "LiveData").length;
      await sim.control.advance(3000);
      await new Promise((r) => setTimeout(r, 100));
      expect(c.messages.filter((m) => m.type === "LiveData").length).toBe(count);
    } finally {
      c.ws.close();
    }
  });

  it("errors have no type field; invalid types and unknown actions are refused", async () => {
    const c = await connect("QT800001", { viaQuery: true });
    try {
      await c.next((m) => m.type === "InstrumentStatus");
      c.send({ action: "StartLiveData", types: ["Nope"] });
      const e1 = await c.next((m) => "error" in m);
      expect(Object.keys(e1).sort()).toEqual(["description", "error"]);
      c.send({ action: "StartLiveData" });
      expect((await c.next((m) => "error" in m)).error).toBe("InvalidTypes");
      c.send({ action: "X" });
      expect(await c.next((m) => "error" in m)).toEqual({ error: "InvalidAction", description: "Unknown action (X)" });
      c.ws.send("not json");
      expect((await c.next((m) => "error" in m)).error).toBe("InvalidMessage");
    } finally {
      c.ws.close();
    }
  });

  it("DoAction sends ActionStatus messages; Calibration finishes on the clock with data", async () => {
    await sim.control.reset(); // clock back to T0
    const c = await connect("QT800012");
    try {
      await c.next((m) => m.type === "InstrumentStatus");
      c.send({ action: "Identify" });
      expect(await c.next((m) => m.type === "ActionStatus")).toEqual({
        type: "ActionStatus",
        time: "2025-06-10T12:00:00Z",
        action: "Identify",
        status: "Success",
      });
      await sim.control.setActionDelay({ calibrationMs: 10_000 });
      c.send({ action: "Calibration" });
      expect(await c.next((m) => m.type === "ActionStatus")).toMatchObject({
        action: "Calibration",
        status: "InProgress",
      });
      expect(await c.next((m) => m.type === "InstrumentStatus")).toMatchObject({ calibrationInProgress: true });
      await sim.control.advance(10_000);
      const done = await c.next((m) => m.type === "ActionStatus");
      expect(done).toMatchObject({ action: "Calibration", status: "Success", time: "2025-06-10T12:00:10Z" });
      expect(Object.keys(done.data).sort()).toEqual(["level", "offset", "status", "time"]);
    } finally {
      c.ws.close();
    }
  });

  it("a key without instruments:action gets AccessDenied for DoAction; without data.live:read for live data", async () => {
    const c = await connect("QT800001", { key: READ_ONLY_API_KEY });
    try {
      await c.next((m) => m.type === "InstrumentStatus");
      c.send({ action: "Identify" });
      expect((await c.next((m) => "error" in m)).error).toBe("AccessDenied");
      const k = await sim.control.createKey({ scopes: ["instruments:read"] });
      const c2 = await connect("QT800001", { key: k.key });
      await c2.next();
      c2.send({ action: "StartLiveData", types: ["LAeq"] });
      expect((await c2.next((m) => "error" in m)).error).toBe("AccessDenied");
      c2.ws.close();
    } finally {
      c.ws.close();
    }
  });

  it("refuses bad keys, missing scope, unknown, offline and non-noise instruments", async () => {
    await expect(connect("QT800001", { key: "mycirrus-000000-0000000000000000" })).rejects.toMatchObject({
      status: 401,
      body: { error: "TokenExpired" },
    });
    const k = await sim.control.createKey({ scopes: ["data.live:read"] });
    await expect(connect("QT800001", { key: k.key })).rejects.toMatchObject({ status: 403 });
    await expect(connect("QT123456")).rejects.toMatchObject({ status: 404, body: { error: "NotFound" } });
    await expect(connect("QT800004")).rejects.toMatchObject({ status: 409, body: { error: "InstrumentOffline" } });
    await expect(connect("AQ800010")).rejects.toMatchObject({ status: 400, body: { error: "NotSupported" } });
  });

  it("sends the new status and closes when the instrument goes offline", async () => {
    const c = await connect("QT800009");
    await c.next((m) => m.type === "InstrumentStatus");
    await sim.control.setOnline("QT800009", false);
    expect(await c.next((m) => m.type === "InstrumentStatus")).toMatchObject({ online: false });
    const closed = await c.closed;
    expect(closed.reason).toBe("Instrument offline");
  });
});
