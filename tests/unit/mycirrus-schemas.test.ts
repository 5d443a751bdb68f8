/**
 * Example bodies from the public MyCirrus docs (as the docs show them, or built
 * from the documented fields where they show none; docs/mycirrus-api.md
 * sections 1-7 say what we read of each), each parsed by the client's schemas,
 * plus the tolerance rules of docs/mycirrus-api.md section 10 (quirks in
 * section 9) and the pure helpers.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { canonicalValueName, parseRetryAfter, parseTimestamp, schemas as S, splitRange } from "@/server/mycirrus";

const arr = <T>(s: z.ZodType<T>) => z.array(s);
const doc = (json: string) => JSON.parse(json) as unknown;

const EXAMPLES = {
  instruments: `[{"type":"Noise","serialNumber":"QT123456","model":"CR:900","name":"My Quantum",
  "image":"https://images.mycirrus.cloud/xxxxxxxx-xxxxxxxx-xxxxxxxx.jpg",
  "subscription":{"tier":"Standard","status":"Active"},
  "position":{"lat":0,"long":0},"feature":["SIC","Modem"]}]`,
  instrument: `{"name":"My Quantum","type":"Noise","image":"https://images.mycirrus.cloud/xxxxxxxx-xxxxxxxx-xxxxxxxx.jpg",
 "model":"CR:900","feature":["SIC","Modem"],"position":{"lat":0,"long":0},
 "serialNumber":"QT123456","subscription":{"tier":"Standard","status":"Active"}}`,
  status: `{"online":true,"measuring":true,"calibrationInProgress":false,"sicInProgress":false,
 "lastCalibration":{"time":"2020-01-01T00:00:00Z","level":93.7,"offset":0.04,"status":"Success"},
 "lastSic":{"time":"2020-01-01T00:00:00Z","status":"Success"}}`,
  action: `{"action":"Identify","status":"Success"}`,
  calibration: `{"time":"2020-01-01T00:00:00Z","level":93.7,"offset":0.04,"status":"Success"}`,
  sic: `{"time":"2020-01-01T00:00:00Z","status":"Success","_500hz":98.5,"_1khz":98.3,"_8khz":98.4}`,
  noiseTimeHistory: `[{"instrument":"QT123456","type":"LAeq",
  "blocks":[{"start":"2019-08-24T14:15:00Z","end":"2019-08-24T14:30:00Z","sampleDuration":1000,"values":[55.3,43.1,45.6]}]}]`,
  frequencyTimeHistory: `[{"type":"Octave","blocks":[{"end":"2019-08-24T14:30:00Z","bands":[{"name":"31.5Hz","values":[55.3,43.1,45.6]}]}]}]`,
  audio: `[{"id":"3uCLgmZuV1ITGOLOBTzgDm8d9SMX52AixUtpSfEELGYsUQMmZw","startTime":"2023-06-12T10:27:41","endTime":"2023-06-12T10:28:00",
  "instrument":"QT123456","triggerName":"Default","triggerStartTime":"2023-06-12T10:27:42Z","triggerEndTime":"2023-06-12T10:27:55Z"}]`,
  weather: `[{"time":"2023-06-09T01:00:00Z","instrument":"QT123456","windSpeed":1.55,"windDirection":140.37,"temperature":10.48,"pressure":1.012,"humidity":82,"precipitation":0}]`,
  particulates: `[{"startTime":"2023-06-09T01:00:00Z","duration":60,"instrument":"QT123456","pM1":3.1,"pM2p5":5.4,"pM4p25":6.0,"pM10":7.2}]`,
  gases: `[{"startTime":"2023-06-09T01:00:00Z","duration":60,"instrument":"QT123456","co":210.5,"cO2":415.2,"h2S":null,"no":4.1,"nO2":12.3,"o3":28.9,"sO2":null,"voc":null}]`,
  ppv: `[{"startTime":"2023-07-07T03:19:00Z","duration":60,"instrument":"AABBCC","vMaxX":0.6442,"vMaxY":null,"vMaxZ":0.3546,"fDomX":5,"fDomY":null,"fDomZ":13.5}]`,
  vdv: `[{"startTime":"2023-07-06T23:00:00Z","duration":60,"instrument":"FODFGO","vdvX":0.0008,"vdvY":0.0006,"vdvZ":0.0022}]`,
  events: `[{"name":"LAeq","type":"Noise","level":65,"octave":null,"audioId":"soqufchwnw8-qkxiwtgqa5-akdicuysja",
  "endTime":"2023-06-16T11:35:40Z","overall":[57.67,82.53,55.4,60.5,70.1,49.93],"audioTime":"2023-06-16T11:35:25Z",
  "startTime":"2023-06-16T11:35:20Z","instrument":"QT123456","thirdOctave":null,"timeHistoryId":"asliuh-fufks87s-oqkusd7"}]`,
  eventTimeHistory: `[{"type":"LAeq","instrument":"QT123456","blocks":[{"start":"2019-08-24T14:15:00Z","end":"2019-08-24T14:30:00Z","sampleDuration":1000,"values":[55.3,43.1,45.6]}]}]`,
  calibrations: `[{"Time":"2022-06-07T14:45:22Z","Status":"Success","Instrument":"QT123456","Level":93.7,"Offset":0.12}]`,
  calibrationLog: `[{"time":"2022-06-07T11:18:42.814Z","user":"Quantum Demo","message":"Installed and working"}]`,
  sicHistory: `[{"time":"2023-06-14T14:00:00.2074974Z","instrument":"QT800002","status":"Error","_500Hz":55.3829,"_8KHz":35.7019,"_1KHz":48.5379}]`,
  monitorStats: `[{"time":"2023-06-14T14:00:00Z","cpu":11.5,"mem":180.2,"cache":95.0,"temp":50.3,"voltage":11.9,"disk":2048,"netRx":1200,"netTx":3400,"mTot":990,"dTot":29000,"lteRsrp":-95,"lteRsrq":-11,"lteSinr":8,"lteSignal":3,"ping":85}]`,
  monitorCurrent: `[{"cpu":12.2,"mem":8.3,"disk":0.2,"temp":51.1,"uptime":900,"network":3.7,"voltage":11.5,"simQuota":0,"simUsage":0}]`,
  monitorEvents: `[{"type":"Connection","start":"2023-06-15T07:33:09.51Z","end":"2023-06-15T07:34:21.524Z","info":"Ethernet"}]`,
  webhooks: `[{"id":"xxxxxxxxxxxx","url":"https://example.com/mywebhook","type":"NewMeasurement","secret":"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx","instrument":"QT123456"}]`,
  webhook: `{"id":"xxxxxxxxxxxx","url":"https://example.com/mywebhook","type":"NewMeasurement","secret":"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx","instrument":"QT123456"}`,
  // Section 10: the simulator's (portal-decided) record shapes.
  noiseMeasurements: `[{"instrument":"QT123456","startTime":"2025-05-04T09:41:00Z","duration":60,"LAeq":55.2,"LCPeak":88.1,"LAFMax":70.3}]`,
  frequencyMeasurements: `[{"instrument":"QT123456","startTime":"2025-05-04T09:41:00Z","duration":60,"type":"Octave","weighting":"Z","bands":[{"name":"31.5Hz","value":48.2}]}]`,
};

const d = (s: string) => new Date(s);

describe("the docs' example bodies parse", () => {
  it("instruments (list and one), with position {lat,long} or {}", () => {
    const [i] = arr(S.instrumentSchema).parse(doc(EXAMPLES.instruments));
    expect(i).toEqual({
      type: "Noise",
      serialNumber: "QT123456",
      model: "CR:900",
      name: "My Quantum",
      image: "https://images.mycirrus.cloud/xxxxxxxx-xxxxxxxx-xxxxxxxx.jpg",
      subscription: { tier: "Standard", status: "Active", addons: [] },
      position: { lat: 0, long: 0 },
      features: ["SIC", "Modem"],
    });
    expect(S.instrumentSchema.parse(doc(EXAMPLES.instrument))).toEqual(i);
    const redocly = S.instrumentSchema.parse({
      ...(doc(EXAMPLES.instrument) as object),
      subscription: {},
      position: {},
      feature: [],
    });
    expect(redocly).toMatchObject({ position: null, features: [], subscription: { status: null, tier: null } });
  });

  it("status, action, latest calibration, latest SIC (lower-case bands)", () => {
    expect(S.statusSchema("QT123456").parse(doc(EXAMPLES.status))).toEqual({
      instrument: "QT123456",
      online: true,
      measuring: true,
      calibrationInProgress: false,
      sicInProgress: false,
      lastCalibration: {
        instrument: "QT123456",
        time: d("2020-01-01T00:00:00Z"),
        level: 93.7,
        offset: 0.04,
        status: "Success",
      },
      lastSic: {
        instrument: "QT123456",
        time: d("2020-01-01T00:00:00Z"),
        status: "Success",
        band500Hz: null,
        band1kHz: null,
        band8kHz: null,
      },
    });
    expect(S.actionResultSchema.parse(doc(EXAMPLES.action))).toEqual({ action: "Identify", status: "Success" });
    expect(S.calibrationSchema("QT1").parse(doc(EXAMPLES.calibration))).toEqual({
      instrument: "QT1",
      time: d("2020-01-01T00:00:00Z"),
      status: "Success",
      level: 93.7,
      offset: 0.04,
    });
    expect(S.sicSchema("QT1").parse(doc(EXAMPLES.sic))).toMatchObject({
      band500Hz: 98.5,
      band1kHz: 98.3,
      band8kHz: 98.4,
    });
  });

  it("noise/frequency measurements and time histories (the frequency example lacks instrument and start)", () => {
    expect(arr(S.noiseMeasurementSchema()).parse(doc(EXAMPLES.noiseMeasurements))[0]).toEqual({
      instrument: "QT123456",
      start: d("2025-05-04T09:41:00Z"),
      durationSeconds: 60,
      values: { LAeq: 55.2, LCPeak: 88.1, LAFMax: 70.3 },
      leqT1Type: null,
      leqT2Type: null,
    });
    expect(arr(S.frequencyMeasurementSchema()).parse(doc(EXAMPLES.frequencyMeasurements))[0]).toMatchObject({
      bandSet: "Octave",
      weighting: "Z",
      bands: [{ name: "31.5Hz", value: 48.2 }],
    });
    expect(arr(S.noiseTimeHistorySchema).parse(doc(EXAMPLES.noiseTimeHistory))[0]).toEqual({
      instrument: "QT123456",
      value: "LAeq",
      blocks: [
        {
          start: d("2019-08-24T14:15:00Z"),
          end: d("2019-08-24T14:30:00Z"),
          sampleDurationMs: 1000,
          values: [55.3, 43.1, 45.6],
        },
      ],
    });
    expect(arr(S.frequencyTimeHistorySchema).parse(doc(EXAMPLES.frequencyTimeHistory))[0]).toEqual({
      instrument: null,
      bandSet: "Octave",
      weighting: null,
      blocks: [
        {
          start: null,
          end: d("2019-08-24T14:30:00Z"),
          sampleDurationMs: null,
          bands: [{ name: "31.5Hz", values: [55.3, 43.1, 45.6] }],
        },
      ],
    });
  });

  it("audio list: zone-less startTime/endTime are UTC", () => {
    expect(arr(S.audioRecordingSchema).parse(doc(EXAMPLES.audio))[0]).toMatchObject({
      start: d("2023-06-12T10:27:41Z"),
      end: d("2023-06-12T10:28:00Z"),
      triggerStart: d("2023-06-12T10:27:42Z"),
      triggerName: "Default",
    });
  });

  it("weather (time), particulates, gases, PPV, VDV", () => {
    expect(arr(S.weatherSchema()).parse(doc(EXAMPLES.weather))[0]).toMatchObject({
      time: d("2023-06-09T01:00:00Z"),
      pressure: 1.012,
      humidity: 82,
      durationSeconds: null,
    });
    expect(arr(S.particulateSchema()).parse(doc(EXAMPLES.particulates))[0]).toMatchObject({
      pm1: 3.1,
      pm2p5: 5.4,
      pm4p25: 6,
      pm10: 7.2,
      durationSeconds: 60,
    });
    expect(arr(S.gasSchema()).parse(doc(EXAMPLES.gases))[0]).toMatchObject({
      co: 210.5,
      co2: 415.2,
      h2s: null,
      no2: 12.3,
      so2: null,
      voc: null,
    });
    expect(arr(S.ppvSchema()).parse(doc(EXAMPLES.ppv))[0]).toMatchObject({
      instrument: "AABBCC",
      vMaxY: null,
      fDomZ: 13.5,
    });
    expect(arr(S.vdvSchema()).parse(doc(EXAMPLES.vdv))[0]).toMatchObject({ instrument: "FODFGO", vdvZ: 0.0022 });
  });

  it("events and an event's time history", () => {
    expect(arr(S.noiseEventSchema()).parse(doc(EXAMPLES.events))[0]).toEqual({
      instrument: "QT123456",
      type: "Noise",
      name: "LAeq",
      level: 65,
      start: d("2023-06-16T11:35:20Z"),
      end: d("2023-06-16T11:35:40Z"),
      audioTime: d("2023-06-16T11:35:25Z"),
      overall: [57.67, 82.53, 55.4, 60.5, 70.1, 49.93],
      octave: null,
      thirdOctave: null,
      timeHistoryId: "asliuh-fufks87s-oqkusd7",
      audioId: "soqufchwnw8-qkxiwtgqa5-akdicuysja",
    });
    expect(arr(S.noiseTimeHistorySchema).parse(doc(EXAMPLES.eventTimeHistory))[0]!.blocks[0]!.values).toHaveLength(3);
  });

  it("calibrations (capitalised keys), log, SIC (7 fractional digits, _1KHz), monitor stats/current/events", () => {
    expect(arr(S.calibrationSchema()).parse(doc(EXAMPLES.calibrations))[0]).toEqual({
      instrument: "QT123456",
      time: d("2022-06-07T14:45:22Z"),
      status: "Success",
      level: 93.7,
      offset: 0.12,
    });
    expect(arr(S.calibrationLogSchema("QT1")).parse(doc(EXAMPLES.calibrationLog))[0]).toEqual({
      instrument: "QT1",
      time: d("2022-06-07T11:18:42.814Z"),
      user: "Quantum Demo",
      message: "Installed and working",
    });
    expect(arr(S.sicSchema()).parse(doc(EXAMPLES.sicHistory))[0]).toEqual({
      instrument: "QT800002",
      time: d("2023-06-14T14:00:00.207Z"),
      status: "Error",
      band500Hz: 55.3829,
      band1kHz: 48.5379,
      band8kHz: 35.7019,
    });
    expect(arr(S.monitorStatSchema()).parse(doc(EXAMPLES.monitorStats))[0]).toMatchObject({
      instrument: null,
      cpu: 11.5,
      lteRsrp: -95,
      ping: 85,
      samplePeriodSeconds: null,
    });
    expect(arr(S.monitorCurrentSchema("QT1")).parse(doc(EXAMPLES.monitorCurrent))[0]).toMatchObject({
      instrument: "QT1",
      memPercent: 8.3,
      uptimeSeconds: 900,
    });
    expect(arr(S.monitorEventSchema("QT1")).parse(doc(EXAMPLES.monitorEvents))[0]).toEqual({
      instrument: "QT1",
      type: "Connection",
      start: d("2023-06-15T07:33:09.510Z"),
      end: d("2023-06-15T07:34:21.524Z"),
      info: "Ethernet",
    });
  });

  it("webhooks (list and one)", () => {
    expect(arr(S.webhookSchema).parse(doc(EXAMPLES.webhooks))[0]).toEqual(S.webhookSchema.parse(doc(EXAMPLES.webhook)));
  });
});

describe("tolerance rules (section 10)", () => {
  it("noise values: flat or listed, any casing, time or startTime", () => {
    const listed = S.noiseMeasurementSchema().parse({
      instrument: "QT1",
      time: "2025-05-04T09:41:00",
      values: [
        { name: "LAFmax", value: 70.3 },
        { name: "laeq", value: null },
      ],
    });
    expect(listed).toMatchObject({ start: d("2025-05-04T09:41:00Z"), values: { LAFMax: 70.3, LAeq: null } });
    expect(
      S.noiseMeasurementSchema().parse({ instrument: "QT1", startTime: "2025-05-04T09:41:00Z", lafmax: 1 }).values,
    ).toEqual({ LAFMax: 1 });
    expect(canonicalValueName("lcpeak")).toBe("LCPeak");
  });

  it("calibration keys in any casing; SIC bands _500Hz or _500hz", () => {
    const mixed = { TIME: "2022-06-07T14:45:22Z", status: "Success", iNsTrUmEnT: "QT1", Level: 93.7, offset: 0.1 };
    expect(S.calibrationSchema().parse(mixed)).toMatchObject({ instrument: "QT1", level: 93.7 });
    expect(
      S.sicSchema("QT1").parse({ time: "2020-01-01T00:00:00Z", status: "Success", _500Hz: 1, _1kHz: 2, _8khz: 3 }),
    ).toMatchObject({ band500Hz: 1, band1kHz: 2, band8kHz: 3 });
  });

  it("rejects wrong data with the field's path instead of guessing", () => {
    const bad = (schema: z.ZodType<unknown>, body: unknown) => {
      const r = schema.safeParse(body);
      expect(r.success).toBe(false);
      return S.issuePath(r.error!.issues[0]!.path);
    };
    expect(
      bad(arr(S.noiseMeasurementSchema()), [
        { instrument: "QT1", startTime: "2025-01-01T00:00:00Z", LAeq: 1 },
        { instrument: "QT1", LAeq: 1 },
      ]),
    ).toBe("[1].startTime");
    expect(
      bad(arr(S.noiseMeasurementSchema()), [{ instrument: "QT1", startTime: "2025-01-01T00:00:00Z", LAeq: "55" }]),
    ).toBe("[0].LAeq");
    expect(
      bad(arr(S.calibrationSchema()), [
        { Time: "yesterday", Status: "Success", Instrument: "QT1", Level: 1, Offset: 0 },
      ]),
    ).toBe("[0].time");
    expect(
      bad(arr(S.calibrationSchema()), [{ time: "2022-06-07T14:45:22Z", status: "Success", level: 1, offset: 0 }]),
    ).toBe("[0].instrument");
    expect(bad(S.statusSchema("QT1"), { online: "yes" })).toBe("online");
    expect(bad(arr(S.instrumentSchema), { not: "an array" })).toBe("(body)");
  });
});

describe("helpers", () => {
  it("parseTimestamp: zone-less = UTC, offsets honoured, garbage refused", () => {
    expect(parseTimestamp("2023-06-12T10:27:41")).toEqual(d("2023-06-12T10:27:41Z"));
    expect(parseTimestamp("2023-06-12T10:27:41+01:00")).toEqual(d("2023-06-12T09:27:41Z"));
    expect(parseTimestamp("2023-06-14T14:00:00.2074974Z")).toEqual(d("2023-06-14T14:00:00.207Z"));
    expect(parseTimestamp("12/06/2023")).toBeNull();
  });

  it("parseRetryAfter: seconds or HTTP date", () => {
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter("0.5")).toBe(500);
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:03 GMT", now)).toBe(3000);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter("soon")).toBeNull();
  });

  it("splitRange covers the range exactly with shared edges", () => {
    const a = d("2025-01-01T00:00:00Z");
    const b = d("2025-03-12T00:00:00Z"); // 70 days
    const w = splitRange(a, b, 31 * 86_400_000);
    expect(w).toHaveLength(3);
    expect(w[0]!.start).toEqual(a);
    expect(w.at(-1)!.end).toEqual(b);
    for (let i = 1; i < w.length; i++) expect(w[i]!.start).toEqual(w[i - 1]!.end);
  });
});
