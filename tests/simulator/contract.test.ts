// Contract tests: the docs' examples against the simulator's answers (shape, field names, casing).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSimulator } from "../../simulator/server.js";
import { DEFAULT_SERIALS as S } from "../../simulator/fixtures.js";
import { api, range, startTestSimulator, T0_MS } from "./helpers.js";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});

const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const keysOf = (o: object) => Object.keys(o).sort();

describe("instruments", () => {
  it("lists the default fleet with the documented Instrument fields", async () => {
    const r = await api<any[]>(sim, "/control/instruments");
    expect(r.status).toBe(200);
    expect(r.body.length).toBe(12);
    for (const i of r.body) {
      expect(keysOf(i)).toEqual([
        "feature",
        "image",
        "model",
        "name",
        "position",
        "serialNumber",
        "subscription",
        "type",
      ]);
      expect(["Noise", "AirQuality", "Vibration"]).toContain(i.type);
      expect(i.image).toMatch(/^https:\/\/images\.mycirrus\.cloud\/.+\.jpg$/);
      expect(["Active", "Cancelled", "Expired"]).toContain(i.subscription.status);
      expect(["Standard", "Pro", "Storage", "Track", "Enviro"]).toContain(i.subscription.tier);
      expect(typeof i.position.lat).toBe("number");
      expect(typeof i.position.long).toBe("number");
      for (const f of i.feature) expect(["SIC", "Modem", "Weather"]).toContain(f);
    }
    const types = new Set(r.body.map((i) => i.type));
    expect(types).toEqual(new Set(["Noise", "AirQuality", "Vibration"]));
    // positions around Bridlington
    for (const i of r.body) {
      expect(Math.abs(i.position.lat - 54.08)).toBeLessThan(0.05);
      expect(Math.abs(i.position.long + 0.19)).toBeLessThan(0.05);
    }
  });

  it("gets one instrument like the docs' example", async () => {
    const r = await api(sim, `/control/instruments/${S.online}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      type: "Noise",
      serialNumber: "QT800001",
      model: "CR:900",
      name: "Harbour Road",
      feature: ["SIC", "Modem", "Weather"],
    });
    expect(r.body.subscription).toEqual({ tier: "Pro", status: "Active", addons: ["Audio"] });
  });

  it("renames with PUT (204, no body), accepting a whole Instrument object", async () => {
    const r = await api(sim, `/control/instruments/${S.ethernet}`, { method: "PUT", body: { name: "Renamed" } });
    expect(r.status).toBe(204);
    expect(r.text).toBe("");
    const whole = (await api(sim, `/control/instruments/${S.ethernet}`)).body;
    const r2 = await api(sim, `/control/instruments/${S.ethernet}`, {
      method: "PUT",
      body: { ...whole, name: "Bessingby Industrial" },
    });
    expect(r2.status).toBe(204);
    expect((await api(sim, `/control/instruments/${S.ethernet}`)).body.name).toBe("Bessingby Industrial");
  });

  it("reports status in the documented shape, with mixed states across the fleet", async () => {
    const ok = await api(sim, `/control/instruments/${S.online}/status`);
    expect(keysOf(ok.body)).toEqual([
      "calibrationInProgress",
      "lastCalibration",
      "lastSic",
      "measuring",
      "online",
      "sicInProgress",
    ]);
    expect(ok.body).toMatchObject({
      online: true,
      measuring: true,
      calibrationInProgress: false,
      sicInProgress: false,
    });
    expect(keysOf(ok.body.lastCalibration)).toEqual(["level", "offset", "status", "time"]);
    expect(ok.body.lastCalibration.time).toMatch(ISO_Z);
    expect(keysOf(ok.body.lastSic)).toEqual(["_1KHz", "_500Hz", "_8KHz", "status", "time"]);
    expect((await api(sim, `/control/instruments/${S.offline}/status`)).body.online).toBe(false);
    expect((await api(sim, `/control/instruments/${S.notMeasuring}/status`)).body).toMatchObject({
      online: true,
      measuring: false,
    });
    expect((await api(sim, `/control/instruments/${S.sicFailing}/status`)).body.lastSic.status).toBe("Failed");
    const drift = (await api(sim, `/control/instruments/${S.calibrationDrifting}/status`)).body.lastCalibration.offset;
    expect(drift).toBeGreaterThan(0.35);
    expect(drift).toBeLessThanOrEqual(0.55);
  });

  it("latest calibration and SIC: SIC bands in lower case as in the docs' example for this endpoint", async () => {
    const c = await api(sim, `/control/instruments/${S.online}/calibration`);
    expect(keysOf(c.body)).toEqual(["level", "offset", "status", "time"]);
    expect(c.body.level).toBeGreaterThan(93);
    const s = await api(sim, `/control/instruments/${S.online}/sic`);
    expect(keysOf(s.body)).toEqual(["_1khz", "_500hz", "_8khz", "status", "time"]);
    expect(s.body.status).toBe("Success");
    expect(s.body._1khz).toBeGreaterThan(97);
  });
});

describe("noise and frequency data", () => {
  it("measurements: one flat record per instrument per period, default values, LAFmax matched case-insensitively", async () => {
    const q = range("2025-06-10T10:00:00Z", "2025-06-10T10:05:00Z");
    const d = await api<any[]>(sim, `/data/noise/measurements?${q}`);
    expect(d.status).toBe(200);
    expect(d.body).toHaveLength(5);
    expect(keysOf(d.body[0])).toEqual(["LAFMax", "LAeq", "LCPeak", "duration", "instrument", "startTime"]);
    expect(d.body[0]).toMatchObject({ instrument: "QT800001", startTime: "2025-06-10T10:00:00Z", duration: 60 });
    const v = await api<any[]>(sim, `/data/noise/measurements?${q}&values=LAeq,LCPeak,LAFmax,NotAValue`);
    expect(keysOf(v.body[0])).toEqual(["LAFMax", "LAeq", "LCPeak", "duration", "instrument", "startTime"]);
    expect(v.body).toEqual(d.body);
    const rep = await api<any[]>(sim, `/data/noise/measurements?${q}&values=laeq&values=LEX8&values=LeqT2Max`);
    expect(keysOf(rep.body[0])).toEqual([
      "LAeq",
      "LEX8",
      "LeqT2Max",
      "LeqT2Type",
      "duration",
      "instrument",
      "startTime",
    ]);
    expect(rep.body[0].LeqT2Type).toBe("LAeq,60m");
  });

  it("measurements with period recalculate and null the statistical values", async () => {
    const q = range("2025-06-09T00:00:00Z", "2025-06-10T00:00:00Z");
    const r = await api<any[]>(sim, `/data/noise/measurements?${q}&period=PT1H&values=LAeq,LAF90`);
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(24);
    expect(r.body[0].duration).toBe(3600);
    expect(r.body[0].LAF90).toBeNull();
    // diurnal pattern: the afternoon is louder than the small hours
    const at = (h: number) => r.body[h].LAeq as number;
    expect(at(15)).toBeGreaterThan(at(3) + 5);
    const stats = await api<any[]>(sim, `/data/noise/measurements?${q}&values=LAF90,LAF10`);
    expect(stats.body[0].LAF10).toBeGreaterThan(stats.body[0].LAF90);
  });

  it("accepts both instruments encodings and returns both instruments", async () => {
    const a = await api<any[]>(
      sim,
      `/data/noise/measurements?${range("2025-06-10T10:00:00Z", "2025-06-10T10:02:00Z", ["QT800001", "QT800012"])}`,
    );
    const b = await api<any[]>(
      sim,
      `/data/noise/measurements?instruments=QT800001%2CQT800012&start=2025-06-10T10:00:00Z&end=2025-06-10T10:02:00Z`,
    );
    expect(a.text).toBe(b.text);
    expect(new Set(a.body.map((x) => x.instrument))).toEqual(new Set(["QT800001", "QT800012"]));
  });

  it("data ends at the simulated now and is absent while offline or not measuring", async () => {
    const future = await api<any[]>(
      sim,
      `/data/noise/measurements?${range("2025-06-10T11:50:00Z", "2025-06-10T12:30:00Z")}`,
    );
    expect(future.body).toHaveLength(10);
    expect(future.body.at(-1).startTime).toBe("2025-06-10T11:59:00Z");
    const off = await api<any[]>(
      sim,
      `/data/noise/measurements?${range("2025-06-09T12:00:00Z", "2025-06-10T12:00:00Z", "QT800004")}`,
    );
    expect(off.body).toEqual([]);
    const notMeasuring = await api<any[]>(
      sim,
      `/data/noise/measurements?${range("2025-06-10T04:00:00Z", "2025-06-10T08:00:00Z", "QT800007")}`,
    );
    expect(notMeasuring.body.at(-1).startTime).toBe("2025-06-10T05:59:00Z");
  });

  it("time history: blocks with start/end/sampleDuration/values, fractional periods", async () => {
    const q = range("2025-06-10T10:00:00Z", "2025-06-10T10:00:10Z");
    const r = await api<any[]>(sim, `/data/noise/timehistory?${q}&values=LAeq`);
    expect(r.body).toHaveLength(1);
    expect(keysOf(r.body[0])).toEqual(["blocks", "instrument", "type"]);
    expect(r.body[0].blocks[0]).toMatchObject({
      start: "2025-06-10T10:00:00Z",
      end: "2025-06-10T10:00:10Z",
      sampleDuration: 1000,
    });
    expect(r.body[0].blocks[0].values).toHaveLength(10);
    const fine = await api<any[]>(sim, `/data/noise/timehistory?${q}&period=PT0.1S&values=LAeq`);
    expect(fine.body[0].blocks[0].sampleDuration).toBe(100);
    expect(fine.body[0].blocks[0].values).toHaveLength(100);
  });

  it("frequency measurements and time history", async () => {
    const q = range("2025-06-10T10:00:00Z", "2025-06-10T10:02:00Z");
    const m = await api<any[]>(sim, `/data/frequency/measurements?${q}`);
    expect(keysOf(m.body[0])).toEqual(["bands", "duration", "instrument", "startTime", "type", "weighting"]);
    expect(m.body[0]).toMatchObject({ type: "Octave", weighting: "Z" });
    expect(m.body[0].bands.map((b: any) => b.name)).toEqual([
      "31.5Hz",
      "63Hz",
      "125Hz",
      "250Hz",
      "500Hz",
      "1KHz",
      "2KHz",
      "4KHz",
      "8KHz",
      "16KHz",
    ]);
    const third = await api<any[]>(sim, `/data/frequency/measurements?${q}&bands=Third&weighting=A`);
    expect(third.body[0].bands).toHaveLength(36);
    expect(third.body[0].bands[0].name).toBe("6.3Hz");
    expect(third.body[0].bands.at(-1).name).toBe("20KHz");
    const th = await api<any[]>(
      sim,
      `/data/frequency/timehistory?${range("2025-06-10T10:00:00Z", "2025-06-10T10:00:03Z")}`,
    );
    expect(th.body[0]).toMatchObject({ instrument: "QT800001", type: "Octave", weighting: "Z" });
    expect(th.body[0].blocks[0]).toMatchObject({
      start: "2025-06-10T10:00:00Z",
      end: "2025-06-10T10:00:03Z",
      sampleDuration: 1000,
    });
    expect(th.body[0].blocks[0].bands[0]).toMatchObject({ name: "31.5Hz" });
    expect(th.body[0].blocks[0].bands[0].values).toHaveLength(3);
  });
});

describe("events and audio", () => {
  it("events carry the documented fields; time history and WAV audio resolve by id", async () => {
    const r = await api<any[]>(sim, `/data/events?${range("2025-06-09T00:00:00Z", "2025-06-10T12:00:00Z")}`);
    expect(r.status).toBe(200);
    expect(r.body.length).toBeGreaterThan(2);
    const ev = r.body[0];
    expect(keysOf(ev)).toEqual([
      "audioId",
      "audioTime",
      "endTime",
      "instrument",
      "level",
      "name",
      "octave",
      "overall",
      "startTime",
      "thirdOctave",
      "timeHistoryId",
      "type",
    ]);
    expect(ev).toMatchObject({ type: "Noise", name: "LAeq", level: 65, octave: null, thirdOctave: null });
    expect(ev.overall).toHaveLength(6);
    const th = await api<any[]>(sim, `/data/events/timehistory/${ev.timeHistoryId}`);
    expect(th.status).toBe(200);
    expect(th.body[0]).toMatchObject({ type: "LAeq", instrument: "QT800001" });
    expect(th.body[0].blocks[0].start).toBe(ev.startTime);
    expect(Math.max(...th.body[0].blocks[0].values)).toBeGreaterThan(65);
    const wav = await fetch(`${sim.apiUrl}/data/events/audio/${ev.audioId}?format=WAV`, {
      headers: { "X-Api-Key": "mycirrus-100001-A1B2C3D4E5F60718" },
    });
    expect(wav.status).toBe(200);
    expect(wav.headers.get("content-type")).toBe("application/octet-stream");
    const bytes = Buffer.from(await wav.arrayBuffer());
    expect(bytes.subarray(0, 4).toString("ascii")).toBe("RIFF");
    expect(bytes.subarray(8, 12).toString("ascii")).toBe("WAVE");
    const flac = await api(sim, `/data/events/audio/${ev.audioId}`);
    expect(flac.status).toBe(400);
    expect(flac.body.error).toBe("UnsupportedFormat");
    expect((await api(sim, `/data/events/timehistory/not-an-id`)).status).toBe(404);
  });

  it("audio list has startTime/endTime without Z and trigger times with Z; download is WAV only", async () => {
    const r = await api<any[]>(sim, `/data/audio?${range("2025-06-09T00:00:00Z", "2025-06-10T00:00:00Z")}`);
    expect(r.body.length).toBeGreaterThan(0);
    const a = r.body[0];
    expect(keysOf(a)).toEqual([
      "endTime",
      "id",
      "instrument",
      "startTime",
      "triggerEndTime",
      "triggerName",
      "triggerStartTime",
    ]);
    expect(a.startTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(a.endTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(a.triggerStartTime).toMatch(ISO_Z);
    const wav = await api(sim, `/data/audio/${a.id}?format=wav`);
    expect(wav.status).toBe(200);
    expect(wav.text.slice(0, 4)).toBe("RIFF");
    for (const f of ["FLAC", "AAC", "OGG"])
      expect((await api(sim, `/data/audio/${a.id}?format=${f}`)).body.error).toBe("UnsupportedFormat");
    expect((await api(sim, `/data/audio/${a.id}?format=MP3`)).body.error).toBe("InvalidParam");
    // no Audio add-on: no recordings
    expect(
      (await api<any[]>(sim, `/data/audio?${range("2025-06-09T00:00:00Z", "2025-06-10T00:00:00Z", "QT800012")}`)).body,
    ).toEqual([]);
  });
});

describe("environmental data", () => {
  const q = (serial: string) => range("2025-06-10T10:00:00Z", "2025-06-10T10:03:00Z", serial);
  it("weather uses time (not startTime) and pressure in bar", async () => {
    const r = await api<any[]>(sim, `/data/weather?${q("QT800001")}`);
    expect(r.body).toHaveLength(3);
    expect(keysOf(r.body[0])).toEqual([
      "humidity",
      "instrument",
      "precipitation",
      "pressure",
      "temperature",
      "time",
      "windDirection",
      "windSpeed",
    ]);
    expect(r.body[0].pressure).toBeGreaterThan(0.95);
    expect(r.body[0].pressure).toBeLessThan(1.05);
  });
  it("particulates and gases use the odd camel-casing", async () => {
    const p = await api<any[]>(sim, `/data/particulates?${q("AQ800010")}`);
    expect(keysOf(p.body[0])).toEqual(["duration", "instrument", "pM1", "pM10", "pM2p5", "pM4p25", "startTime"]);
    const g = await api<any[]>(sim, `/data/gases?${q("AQ800010")}&period=PT3M`);
    expect(g.body).toHaveLength(1);
    expect(g.body[0].duration).toBe(180);
    expect(keysOf(g.body[0])).toEqual([
      "cO2",
      "co",
      "duration",
      "h2S",
      "instrument",
      "nO2",
      "no",
      "o3",
      "sO2",
      "startTime",
      "voc",
    ]);
  });
  it("vibration PPV and VDV", async () => {
    const p = await api<any[]>(sim, `/data/vibration/PPV?${q("VB800011")}`);
    expect(keysOf(p.body[0])).toEqual([
      "duration",
      "fDomX",
      "fDomY",
      "fDomZ",
      "instrument",
      "startTime",
      "vMaxX",
      "vMaxY",
      "vMaxZ",
    ]);
    const v = await api<any[]>(sim, `/data/vibration/VDV?${q("VB800011")}`);
    expect(keysOf(v.body[0])).toEqual(["duration", "instrument", "startTime", "vdvX", "vdvY", "vdvZ"]);
    expect((await api(sim, `/data/vibration/XYZ?${q("VB800011")}`)).body.error).toBe("InvalidParam");
  });
});

describe("system health", () => {
  it("calibrations use capitalised keys; history shows the drift profile", async () => {
    const r = await api<any[]>(
      sim,
      `/data/calibrations?${range("2024-06-11T00:00:00Z", "2025-06-10T12:00:00Z", "QT800003")}`,
    );
    expect(r.body.length).toBeGreaterThan(20);
    expect(keysOf(r.body[0])).toEqual(["Instrument", "Level", "Offset", "Status", "Time"]);
    expect(r.body.at(-1).Offset).toBeGreaterThan(r.body[0].Offset + 0.2);
  });
  it("calibration log has time/user/message and no instrument", async () => {
    const r = await api<any[]>(
      sim,
      `/data/calibrations/log?${range("2024-06-11T00:00:00Z", "2025-06-10T12:00:00Z", "QT800003")}`,
    );
    expect(r.body.length).toBeGreaterThan(0);
    expect(keysOf(r.body[0])).toEqual(["message", "time", "user"]);
  });
  it("SIC history uses _500Hz/_1KHz/_8KHz and 7 fractional digits; the failing instrument fails", async () => {
    const r = await api<any[]>(sim, `/data/sic?${range("2025-06-01T00:00:00Z", "2025-06-10T12:00:00Z", "QT800002")}`);
    expect(r.body.length).toBeGreaterThanOrEqual(9);
    expect(keysOf(r.body[0])).toEqual(["_1KHz", "_500Hz", "_8KHz", "instrument", "status", "time"]);
    expect(r.body[0].time).toMatch(/\.\d{7}Z$/);
    expect(r.body[0].status).toBe("Success");
    expect(r.body.at(-1).status).toBe("Failed");
  });
  it("monitor stats, events and current", async () => {
    const s = await api<any[]>(
      sim,
      `/data/monitor/stats?${range("2025-06-10T10:00:00Z", "2025-06-10T10:05:00Z", ["QT800005", "QT800006", "QT800012"])}`,
    );
    expect(s.body).toHaveLength(15);
    expect(keysOf(s.body[0])).toEqual([
      "cache",
      "cpu",
      "dTot",
      "disk",
      "diskPercent",
      "instrument",
      "lteRsrp",
      "lteRsrq",
      "lteSignal",
      "lteSinr",
      "mTot",
      "mem",
      "memoryPercent",
      "netRx",
      "netTx",
      "network",
      "ping",
      "samplePeriod",
      "temp",
      "time",
      "voltage",
    ]);
    const low = s.body.filter((x) => x.instrument === "QT800005");
    expect(low[0].voltage).toBeLessThan(11);
    const weak = s.body.filter((x) => x.instrument === "QT800006");
    expect(weak[0].lteRsrp).toBeLessThan(-110);
    const eth = s.body.filter((x) => x.instrument === "QT800012");
    expect(eth[0].lteRsrp).toBeNull();
    const e = await api<any[]>(
      sim,
      `/data/monitor/events?${range("2025-05-20T00:00:00Z", "2025-06-10T00:00:00Z", "QT800006")}`,
    );
    expect(e.body.length).toBeGreaterThan(0);
    expect(keysOf(e.body[0])).toEqual(["end", "info", "start", "type"]);
    expect(e.body[0].type).toBe("Connection");
    const c = await api<any[]>(sim, `/data/monitor/current?instruments=QT800001`);
    expect(keysOf(c.body[0])).toEqual([
      "cpu",
      "disk",
      "instrument",
      "mem",
      "network",
      "simQuota",
      "simUsage",
      "temp",
      "uptime",
      "voltage",
    ]);
  });
});

describe("determinism and clock", () => {
  it("two identical queries give identical bytes, also across simulator instances with the same seed", async () => {
    const paths = [
      `/data/noise/measurements?${range("2025-06-01T00:00:00Z", "2025-06-02T00:00:00Z")}&values=LAeq,LAF90,LCPeak`,
      `/data/events?${range("2025-06-01T00:00:00Z", "2025-06-08T00:00:00Z")}`,
      `/data/noise/timehistory?${range("2025-06-10T10:00:00Z", "2025-06-10T10:10:00Z")}`,
      `/data/sic?${range("2025-05-01T00:00:00Z", "2025-06-01T00:00:00Z", "QT800002")}`,
    ];
    const other = await startTestSimulator();
    try {
      for (const p of paths) {
        const a = await api(sim, p);
        const b = await api(sim, p);
        const c = await api(other, p);
        expect(a.status).toBe(200);
        expect(a.text).toBe(b.text);
        expect(a.text).toBe(c.text);
      }
    } finally {
      await other.close();
    }
  });

  it("another seed gives other numbers", async () => {
    const other = await startTestSimulator({ seed: "other-seed" });
    try {
      const p = `/data/noise/measurements?${range("2025-06-01T00:00:00Z", "2025-06-01T01:00:00Z")}`;
      expect((await api(sim, p)).text).not.toBe((await api(other, p)).text);
    } finally {
      await other.close();
    }
  });

  it("the control clock is frozen, settable and advances data availability", async () => {
    const c = await sim.control.clock();
    expect(c.nowMs).toBe(T0_MS);
    expect(c.speed).toBe(0);
    const other = await startTestSimulator();
    try {
      await other.control.advance("PT10M");
      const r = await api<any[]>(
        other,
        `/data/noise/measurements?${range("2025-06-10T11:55:00Z", "2025-06-10T13:00:00Z")}`,
      );
      expect(r.body.at(-1).startTime).toBe("2025-06-10T12:09:00Z");
      await other.control.setClock("2025-06-11T00:00:00Z");
      expect((await other.control.clock()).now).toBe("2025-06-11T00:00:00Z");
    } finally {
      await other.close();
    }
  });

  it("the flaky instrument's generated outage comes at a seeded time of day, and generatedOutages: false keeps its link up", async () => {
    // With seed "demo", QT800006 is out 09:42:52–10:05:52 UTC on 27 Nov 2026 (the day a CI run met it).
    const during = { startTime: "2026-11-27T09:50:00Z" };
    const flaky = await startTestSimulator(during);
    const steady = await startTestSimulator({ ...during, generatedOutages: false });
    try {
      expect((await api(flaky, `/control/instruments/${S.weakLte}/status`)).body.online).toBe(false);
      expect((await api(steady, `/control/instruments/${S.weakLte}/status`)).body.online).toBe(true);
      // Only the flaky link differs: every other instrument reports the same.
      for (const serial of new Set(Object.values(S).filter((s) => s !== S.weakLte))) {
        expect((await api(steady, `/control/instruments/${serial}/status`)).body).toEqual(
          (await api(flaky, `/control/instruments/${serial}/status`)).body,
        );
      }
      await flaky.control.setClock("2026-11-27T10:10:00Z");
      expect((await api(flaky, `/control/instruments/${S.weakLte}/status`)).body.online).toBe(true);
    } finally {
      await Promise.all([flaky.close(), steady.close()]);
    }
  });

  it("lists 5,000 instruments quickly", async () => {
    const big = await startTestSimulator({ fleetSize: 5000 });
    try {
      const started = performance.now();
      const r = await api<any[]>(big, "/control/instruments");
      const took = performance.now() - started;
      expect(r.body).toHaveLength(5000);
      expect(new Set(r.body.map((i) => i.serialNumber)).size).toBe(5000);
      expect(took).toBeLessThan(2000);
    } finally {
      await big.close();
    }
  });
});
