/**
 * Every MyCirrus endpoint called through the client against the real simulator
 * over HTTP, and each answer parsed into the client's types.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SERIALS as S, DEMO_API_KEY } from "@/simulator/fixtures";
import type { RunningSimulator } from "@/simulator/server";
import type { MyCirrusClient } from "@/server/mycirrus";
import { clientFor, startSim, type WireRecord } from "./mycirrus-helpers";

let sim: RunningSimulator;
let client: MyCirrusClient;
let records: WireRecord[];

const NOW = new Date("2025-06-10T12:00:00Z");
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000);
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

beforeAll(async () => {
  sim = await startSim();
  ({ client, records } = await clientFor(sim, DEMO_API_KEY));
});
afterAll(async () => {
  await sim?.close();
});

describe("instruments", () => {
  it("lists and gets instruments with their subscription, position and features", async () => {
    const list = await client.listInstruments();
    expect(list.length).toBe(12);
    const flagship = list.find((i) => i.serialNumber === S.online)!;
    expect(flagship).toMatchObject({ type: "Noise", subscription: { addons: ["Audio"] } });
    expect(flagship.features).toContain("SIC");
    expect(flagship.position).toEqual({ lat: expect.any(Number), long: expect.any(Number) });
    expect(await client.getInstrument(S.online)).toEqual(flagship);
  });

  it("renames (204) and the new name reads back", async () => {
    await expect(client.renameInstrument(S.ethernet, "Renamed by test")).resolves.toBeUndefined();
    expect((await client.getInstrument(S.ethernet)).name).toBe("Renamed by test");
  });

  it("reads status, latest calibration and latest SIC (lower-case band keys) as typed values", async () => {
    const status = await client.getStatus(S.online);
    expect(status).toMatchObject({ instrument: S.online, online: true, measuring: true, calibrationInProgress: false });
    expect(status.lastCalibration?.time).toBeInstanceOf(Date);
    expect(status.lastSic?.band500Hz).toEqual(expect.any(Number));
    expect((await client.getStatus(S.offline)).online).toBe(false);

    const cal = await client.latestCalibration(S.online);
    expect(cal).toMatchObject({
      instrument: S.online,
      status: "Success",
      level: expect.any(Number),
      offset: expect.any(Number),
    });
    const sic = await client.latestSic(S.online);
    expect(sic.time).toBeInstanceOf(Date);
    for (const band of [sic.band500Hz, sic.band1kHz, sic.band8kHz]) expect(band).toEqual(expect.any(Number));
  });

  it("starts actions (Identify succeeds at once, Calibration is InProgress)", async () => {
    expect(await client.startAction(S.online, "Identify")).toEqual({ action: "Identify", status: "Success" });
    expect(await client.startAction(S.lowVoltage, "Calibration")).toEqual({
      action: "Calibration",
      status: "InProgress",
    });
    expect((await client.getStatus(S.lowVoltage)).calibrationInProgress).toBe(true);
  });
});

describe("noise and frequency data", () => {
  it("noise measurements with canonical value names (LAFmax → LAFMax), repeated instruments, Z dates", async () => {
    const rows = await client.noiseMeasurements({
      instruments: [S.online, S.sicFailing],
      start: hoursAgo(2),
      end: NOW,
      values: ["laeq", "LAFmax", "LCPeak"],
    });
    expect(rows.length).toBe(2 * 120);
    expect(rows[0]!.start).toBeInstanceOf(Date);
    expect(Object.keys(rows[0]!.values).sort()).toEqual(["LAFMax", "LAeq", "LCPeak"]);
    expect(rows.every((r, i) => i === 0 || r.start >= rows[i - 1]!.start)).toBe(true);
    const url = new URL(records.findLast((r) => r.url.includes("/data/noise/measurements"))!.url);
    expect(url.searchParams.getAll("instruments")).toEqual([S.online, S.sicFailing]);
    expect(url.searchParams.get("start")).toBe("2025-06-10T10:00:00Z");
  });

  it("noise time history (100 ms on the flagship) as series of blocks", async () => {
    const series = await client.noiseTimeHistory({
      instruments: [S.online],
      start: hoursAgo(1),
      end: NOW,
      period: "PT1S",
      values: ["LAeq", "LAFMax"],
    });
    expect(series.map((s) => s.value).sort()).toEqual(["LAFMax", "LAeq"]);
    const laeq = series.find((s) => s.value === "LAeq")!;
    expect(laeq.blocks[0]).toMatchObject({ start: expect.any(Date), end: expect.any(Date), sampleDurationMs: 1000 });
    expect(laeq.blocks.reduce((n, b) => n + b.values.length, 0)).toBe(3600);
  });

  it("frequency measurements and time history (third octaves, A weighting)", async () => {
    const rows = await client.frequencyMeasurements({
      instruments: [S.online],
      start: hoursAgo(1),
      end: NOW,
      bands: "Third",
      weighting: "A",
    });
    expect(rows.length).toBe(60);
    expect(rows[0]).toMatchObject({ instrument: S.online, bandSet: "Third", weighting: "A" });
    expect(rows[0]!.bands[0]).toEqual({ name: expect.any(String), value: expect.any(Number) });
    const th = await client.frequencyTimeHistory({
      instruments: [S.online],
      start: new Date(NOW.getTime() - 600_000),
      end: NOW,
      period: "PT1M",
    });
    expect(th[0]).toMatchObject({ instrument: S.online, bandSet: "Octave", weighting: "Z" });
    expect(th[0]!.blocks[0]!.bands[0]!.values.length).toBeGreaterThan(0);
  });
});

describe("audio and events", () => {
  it("lists events, reads an event's time history and audio, lists and downloads recordings (WAV)", async () => {
    const events = await client.events({ instruments: [S.online], start: daysAgo(3), end: NOW });
    expect(events.length).toBeGreaterThan(0);
    const ev = events[0]!;
    expect(ev).toMatchObject({
      instrument: S.online,
      type: "Noise",
      start: expect.any(Date),
      overall: expect.any(Array),
    });
    const th = await client.eventTimeHistory(ev.timeHistoryId!);
    expect(th[0]!.value).toBe("LAeq");
    const wav = await client.eventAudio(ev.audioId!);
    expect(new TextDecoder().decode(wav.slice(0, 4))).toBe("RIFF");

    const recordings = await client.listAudio({ instruments: [S.online], start: daysAgo(3), end: NOW });
    expect(recordings.length).toBe(events.length);
    // startTime has no zone in the API: read as UTC, one second before the trigger.
    expect(recordings[0]!.triggerStart!.getTime() - recordings[0]!.start.getTime()).toBe(1000);
    const audio = await client.downloadAudio(recordings[0]!.id);
    expect(new TextDecoder().decode(audio.slice(8, 12))).toBe("WAVE");
  });
});

describe("environmental data", () => {
  it("weather, particulates, gases and vibration (PPV, VDV)", async () => {
    const q = { start: hoursAgo(1), end: NOW, period: "PT5M" };
    const weather = await client.weather({ instruments: [S.online], ...q });
    expect(weather.length).toBe(12);
    expect(weather[0]).toMatchObject({ instrument: S.online, time: expect.any(Date), pressure: expect.any(Number) });
    const pm = await client.particulates({ instruments: [S.airQuality], ...q });
    expect(pm[0]).toMatchObject({ instrument: S.airQuality, durationSeconds: 300, pm2p5: expect.any(Number) });
    const gas = await client.gases({ instruments: [S.airQuality], ...q });
    expect(gas[0]).toMatchObject({ co2: expect.any(Number), h2s: null });
    const ppv = await client.vibration("PPV", { instruments: [S.vibration], ...q });
    expect(ppv[0]).toMatchObject({ instrument: S.vibration, vMaxX: expect.any(Number), fDomX: expect.any(Number) });
    const vdv = await client.vibration("VDV", { instruments: [S.vibration], ...q });
    expect(vdv[0]).toMatchObject({ vdvZ: expect.any(Number) });
  });
});

describe("system health", () => {
  it("calibrations (capitalised keys), calibration log, SIC history (7-digit fractions), monitor stats/events/current", async () => {
    const cals = await client.calibrations({ instruments: [S.calibrationDrifting], start: daysAgo(100), end: NOW });
    expect(cals.length).toBeGreaterThanOrEqual(6);
    expect(cals[0]).toMatchObject({
      instrument: S.calibrationDrifting,
      time: expect.any(Date),
      status: "Success",
      level: expect.any(Number),
    });

    const log = await client.calibrationLog({
      instruments: [S.online, S.calibrationDrifting],
      start: daysAgo(360),
      end: NOW,
    });
    expect(log.length).toBeGreaterThan(0);
    expect(new Set(log.map((l) => l.instrument))).toEqual(new Set([S.online, S.calibrationDrifting]));

    const sic = await client.sicHistory({ instruments: [S.sicFailing], start: daysAgo(10), end: NOW });
    expect(sic.length).toBeGreaterThanOrEqual(9);
    expect(sic.at(-1)).toMatchObject({ instrument: S.sicFailing, status: "Failed" });

    const stats = await client.monitorStats({ instruments: [S.weakLte], start: hoursAgo(1), end: NOW });
    expect(stats.length).toBeGreaterThan(30);
    expect(stats[0]).toMatchObject({ instrument: S.weakLte, samplePeriodSeconds: 60, lteRsrp: expect.any(Number) });

    const mev = await client.monitorEvents({ instruments: [S.weakLte], start: daysAgo(20), end: NOW });
    expect(mev.length).toBeGreaterThan(0);
    expect(mev[0]).toMatchObject({ instrument: S.weakLte, type: "Connection", start: expect.any(Date) });

    const current = await client.monitorCurrent([S.online, S.lowVoltage]);
    expect(current.map((c) => c.instrument).sort()).toEqual([S.online, S.lowVoltage]);
    expect(current.find((c) => c.instrument === S.lowVoltage)!.voltage).toBeLessThan(11);
  });
});

describe("webhooks", () => {
  it("create (secret generated), list, get, update, delete", async () => {
    const created = await client.createWebhook({
      type: "NewMeasurement",
      instrument: S.online,
      url: "http://127.0.0.1:9/hook",
    });
    expect(created).toMatchObject({ id: expect.any(String), type: "NewMeasurement", instrument: S.online });
    expect(created.secret).toMatch(/^[0-9a-f-]{36}$/);
    expect((await client.listWebhooks()).map((w) => w.id)).toContain(created.id);
    expect(await client.getWebhook(created.id)).toEqual(created);
    const updated = await client.updateWebhook(created.id, { url: "https://example.com/other" });
    expect(updated).toMatchObject({ id: created.id, url: "https://example.com/other", secret: created.secret });
    await expect(client.deleteWebhook(created.id)).resolves.toBeUndefined();
    expect(await client.listWebhooks()).toEqual([]);
  });
});

describe("on the wire", () => {
  it("sends the key only in the X-Api-Key header, never in a URL", () => {
    expect(records.length).toBeGreaterThan(20);
    for (const r of records) {
      expect(r.headers["x-api-key"]).toBe(DEMO_API_KEY);
      expect(r.url).not.toContain(DEMO_API_KEY);
    }
  });
});
