/**
 * zod 4 schemas for every MyCirrus response, each producing the clean types of
 * ./types. Record schemas take the instrument to assume when a body leaves it
 * out (the docs' examples for latest calibration, status, calibration log and
 * monitor events have none); without one, a missing instrument is an error.
 */
import { z } from "zod";
import { canonicalValueName, ciObject, isKnownValueName, pickTime, zNum, zStr, zTime, zTimeOpt } from "./normalize";
import type {
  ActionResult,
  AudioRecording,
  Calibration,
  CalibrationLogEntry,
  FrequencyMeasurement,
  FrequencyTimeHistory,
  GasSample,
  Instrument,
  InstrumentStatus,
  MonitorCurrent,
  MonitorEvent,
  MonitorStat,
  NoiseEvent,
  NoiseMeasurement,
  NoiseTimeHistory,
  ParticulateSample,
  PpvSample,
  SicResult,
  VdvSample,
  Webhook,
  WeatherSample,
} from "./types";

type Fallback = string | undefined;

function instrumentOf(r: { instrument?: string | null }, fallback: Fallback, ctx: z.RefinementCtx): string {
  const i = r.instrument ?? fallback;
  if (!i) {
    ctx.addIssue({ code: "custom", message: "missing instrument", path: ["instrument"], input: r });
    return "";
  }
  return i;
}

const optInstrument = z.string().nullish();

// ---------------------------------------------------------------- instruments

export const instrumentSchema: z.ZodType<Instrument> = z
  .object({
    type: z.string(),
    serialNumber: z.string().min(1),
    model: zStr,
    name: zStr,
    image: zStr,
    subscription: z
      .looseObject({ status: z.string().nullish(), tier: z.string().nullish(), addons: z.array(z.string()).nullish() })
      .nullish(),
    position: z.looseObject({ lat: z.number().nullish(), long: z.number().nullish() }).nullish(),
    feature: z.array(z.string()).nullish(),
  })
  .transform((r) => ({
    type: r.type,
    serialNumber: r.serialNumber,
    model: r.model,
    name: r.name ?? "",
    image: r.image,
    subscription: {
      status: r.subscription?.status ?? null,
      tier: r.subscription?.tier ?? null,
      addons: r.subscription?.addons ?? [],
    },
    // The docs show both {lat, long} and {}: no coordinates is "no position", never 0,0.
    position:
      typeof r.position?.lat === "number" && typeof r.position?.long === "number"
        ? { lat: r.position.lat, long: r.position.long }
        : null,
    features: r.feature ?? [],
  }));

export const instrumentListSchema = z.array(instrumentSchema);

/** Calibration result; keys in any casing (the docs' /data/calibrations example capitalises them). */
export const calibrationSchema = (fallback?: Fallback): z.ZodType<Calibration> =>
  ciObject({ time: zTime, status: z.string(), level: zNum, offset: zNum, instrument: optInstrument }).transform(
    (r, ctx) => ({
      instrument: instrumentOf(r, fallback, ctx),
      time: r.time,
      status: r.status,
      level: r.level,
      offset: r.offset,
    }),
  );

/** SIC result; band keys `_500Hz`/`_1KHz`/`_8KHz` or the lower-case `_500hz`/`_1khz`/`_8khz` of the docs' example. */
export const sicSchema = (fallback?: Fallback): z.ZodType<SicResult> =>
  ciObject({
    time: zTime,
    status: z.string(),
    _500Hz: zNum,
    _1KHz: zNum,
    _8KHz: zNum,
    instrument: optInstrument,
  }).transform((r, ctx) => ({
    instrument: instrumentOf(r, fallback, ctx),
    time: r.time,
    status: r.status,
    band500Hz: r._500Hz,
    band1kHz: r._1KHz,
    band8kHz: r._8KHz,
  }));

export const statusSchema = (serial: string): z.ZodType<InstrumentStatus> =>
  z
    .object({
      online: z.boolean(),
      measuring: z.boolean(),
      calibrationInProgress: z.boolean(),
      sicInProgress: z.boolean(),
      lastCalibration: calibrationSchema(serial).nullish(),
      lastSic: sicSchema(serial).nullish(),
    })
    .transform((r) => ({
      instrument: serial,
      online: r.online,
      measuring: r.measuring,
      calibrationInProgress: r.calibrationInProgress,
      sicInProgress: r.sicInProgress,
      lastCalibration: r.lastCalibration ?? null,
      lastSic: r.lastSic ?? null,
    }));

export const actionResultSchema: z.ZodType<ActionResult> = z.object({ action: z.string(), status: z.string() });

// ---------------------------------------------------------------- noise

const METADATA_KEYS = new Set(["instrument", "time", "starttime", "duration", "values", "leqt1type", "leqt2type"]);

/**
 * A periodic noise record: `time` or `startTime`; values as flat keys
 * (`"LAeq": 55.2`) or as `values: [{name, value}]`; names in any casing.
 */
export const noiseMeasurementSchema = (fallback?: Fallback): z.ZodType<NoiseMeasurement> =>
  ciObject({
    instrument: optInstrument,
    time: zTimeOpt,
    startTime: zTimeOpt,
    duration: zNum,
    values: z.array(z.object({ name: z.string(), value: z.number().nullable() })).nullish(),
    LeqT1Type: zStr,
    LeqT2Type: zStr,
  }).transform((r, ctx) => {
    const values: Record<string, number | null> = {};
    for (const v of r.values ?? []) values[canonicalValueName(v.name)] = v.value;
    for (const [key, value] of Object.entries(r)) {
      if (METADATA_KEYS.has(key.toLowerCase())) continue;
      if (typeof value === "number" || value === null) values[canonicalValueName(key)] = value;
      else if (isKnownValueName(key)) {
        ctx.addIssue({ code: "custom", message: "expected a number or null", path: [key], input: value });
      }
      // Other non-numeric extras are metadata we do not know yet: ignored, not guessed at.
    }
    return {
      instrument: instrumentOf(r, fallback, ctx),
      start: pickTime(r, ctx)!,
      durationSeconds: r.duration,
      values,
      leqT1Type: r.LeqT1Type,
      leqT2Type: r.LeqT2Type,
    };
  });

const sampleValues = z.array(z.number().nullable());

const timeHistoryBlock = z
  .object({ start: zTimeOpt, end: zTime, sampleDuration: zNum, values: sampleValues })
  .transform((b) => ({ start: b.start, end: b.end, sampleDurationMs: b.sampleDuration, values: b.values }));

export const noiseTimeHistorySchema: z.ZodType<NoiseTimeHistory> = z
  .object({ instrument: zStr, type: z.string(), blocks: z.array(timeHistoryBlock) })
  .transform((r) => ({ instrument: r.instrument, value: canonicalValueName(r.type), blocks: r.blocks }));

export const frequencyMeasurementSchema = (fallback?: Fallback): z.ZodType<FrequencyMeasurement> =>
  ciObject({
    instrument: optInstrument,
    time: zTimeOpt,
    startTime: zTimeOpt,
    duration: zNum,
    type: zStr,
    weighting: zStr,
    bands: z.array(z.object({ name: z.string(), value: z.number().nullable() })),
  }).transform((r, ctx) => ({
    instrument: instrumentOf(r, fallback, ctx),
    start: pickTime(r, ctx)!,
    durationSeconds: r.duration,
    bandSet: r.type,
    weighting: r.weighting,
    bands: r.bands,
  }));

export const frequencyTimeHistorySchema: z.ZodType<FrequencyTimeHistory> = z
  .object({
    instrument: zStr,
    type: zStr,
    weighting: zStr,
    blocks: z.array(
      z
        .object({
          start: zTimeOpt,
          end: zTime,
          sampleDuration: zNum,
          bands: z.array(z.object({ name: z.string(), values: sampleValues })),
        })
        .transform((b) => ({ start: b.start, end: b.end, sampleDurationMs: b.sampleDuration, bands: b.bands })),
    ),
  })
  .transform((r) => ({ instrument: r.instrument, bandSet: r.type, weighting: r.weighting, blocks: r.blocks }));

export const audioRecordingSchema: z.ZodType<AudioRecording> = z
  .object({
    id: z.string().min(1),
    instrument: z.string(),
    startTime: zTime, // no zone in the docs' example: read as UTC
    endTime: zTime,
    triggerName: zStr,
    triggerStartTime: zTimeOpt,
    triggerEndTime: zTimeOpt,
  })
  .transform((r) => ({
    id: r.id,
    instrument: r.instrument,
    start: r.startTime,
    end: r.endTime,
    triggerName: r.triggerName,
    triggerStart: r.triggerStartTime,
    triggerEnd: r.triggerEndTime,
  }));

// ---------------------------------------------------------------- environment

const timed = { instrument: optInstrument, time: zTimeOpt, startTime: zTimeOpt, duration: zNum };

export const weatherSchema = (fallback?: Fallback): z.ZodType<WeatherSample> =>
  ciObject({
    ...timed,
    windSpeed: zNum,
    windDirection: zNum,
    temperature: zNum,
    pressure: zNum,
    humidity: zNum,
    precipitation: zNum,
  }).transform((r, ctx) => ({
    instrument: instrumentOf(r, fallback, ctx),
    time: pickTime(r, ctx)!,
    durationSeconds: r.duration,
    windSpeed: r.windSpeed,
    windDirection: r.windDirection,
    temperature: r.temperature,
    pressure: r.pressure,
    humidity: r.humidity,
    precipitation: r.precipitation,
  }));

export const particulateSchema = (fallback?: Fallback): z.ZodType<ParticulateSample> =>
  ciObject({ ...timed, pM1: zNum, pM2p5: zNum, pM4p25: zNum, pM10: zNum }).transform((r, ctx) => ({
    instrument: instrumentOf(r, fallback, ctx),
    start: pickTime(r, ctx)!,
    durationSeconds: r.duration,
    pm1: r.pM1,
    pm2p5: r.pM2p5,
    pm4p25: r.pM4p25,
    pm10: r.pM10,
  }));

export const gasSchema = (fallback?: Fallback): z.ZodType<GasSample> =>
  ciObject({ ...timed, co: zNum, cO2: zNum, h2S: zNum, no: zNum, nO2: zNum, o3: zNum, sO2: zNum, voc: zNum }).transform(
    (r, ctx) => ({
      instrument: instrumentOf(r, fallback, ctx),
      start: pickTime(r, ctx)!,
      durationSeconds: r.duration,
      co: r.co,
      co2: r.cO2,
      h2s: r.h2S,
      no: r.no,
      no2: r.nO2,
      o3: r.o3,
      so2: r.sO2,
      voc: r.voc,
    }),
  );

export const ppvSchema = (fallback?: Fallback): z.ZodType<PpvSample> =>
  ciObject({ ...timed, vMaxX: zNum, vMaxY: zNum, vMaxZ: zNum, fDomX: zNum, fDomY: zNum, fDomZ: zNum }).transform(
    (r, ctx) => ({
      instrument: instrumentOf(r, fallback, ctx),
      start: pickTime(r, ctx)!,
      durationSeconds: r.duration,
      vMaxX: r.vMaxX,
      vMaxY: r.vMaxY,
      vMaxZ: r.vMaxZ,
      fDomX: r.fDomX,
      fDomY: r.fDomY,
      fDomZ: r.fDomZ,
    }),
  );

export const vdvSchema = (fallback?: Fallback): z.ZodType<VdvSample> =>
  ciObject({ ...timed, vdvX: zNum, vdvY: zNum, vdvZ: zNum }).transform((r, ctx) => ({
    instrument: instrumentOf(r, fallback, ctx),
    start: pickTime(r, ctx)!,
    durationSeconds: r.duration,
    vdvX: r.vdvX,
    vdvY: r.vdvY,
    vdvZ: r.vdvZ,
  }));

// ---------------------------------------------------------------- events

export const noiseEventSchema = (fallback?: Fallback): z.ZodType<NoiseEvent> =>
  z
    .object({
      instrument: optInstrument,
      type: z.string(),
      name: z.string(),
      level: zNum,
      startTime: zTime,
      endTime: zTime,
      audioTime: zTimeOpt,
      overall: z.array(z.number()).nullish(),
      octave: z.array(z.number()).nullish(),
      thirdOctave: z.array(z.number()).nullish(),
      timeHistoryId: zStr,
      audioId: zStr,
    })
    .transform((r, ctx) => ({
      instrument: instrumentOf(r, fallback, ctx),
      type: r.type,
      name: r.name,
      level: r.level,
      start: r.startTime,
      end: r.endTime,
      audioTime: r.audioTime,
      overall: r.overall ?? [],
      octave: r.octave ?? null,
      thirdOctave: r.thirdOctave ?? null,
      timeHistoryId: r.timeHistoryId,
      audioId: r.audioId,
    }));

// ---------------------------------------------------------------- system health

export const calibrationLogSchema = (instrument: string | null): z.ZodType<CalibrationLogEntry> =>
  ciObject({ time: zTime, user: zStr, message: z.string() }).transform((r) => ({
    instrument,
    time: r.time,
    user: r.user,
    message: r.message,
  }));

export const monitorStatSchema = (fallback?: Fallback): z.ZodType<MonitorStat> =>
  ciObject({
    instrument: optInstrument,
    time: zTime,
    samplePeriod: zNum,
    cpu: zNum,
    mem: zNum,
    cache: zNum,
    temp: zNum,
    voltage: zNum,
    disk: zNum,
    netRx: zNum,
    netTx: zNum,
    mTot: zNum,
    dTot: zNum,
    lteRsrp: zNum,
    lteRsrq: zNum,
    lteSinr: zNum,
    lteSignal: zNum,
    ping: zNum,
  }).transform((r) => ({
    // The docs hide the serial's key name; a row without one keeps null rather than a guess.
    instrument: r.instrument ?? fallback ?? null,
    time: r.time,
    samplePeriodSeconds: r.samplePeriod,
    cpu: r.cpu,
    mem: r.mem,
    cache: r.cache,
    temp: r.temp,
    voltage: r.voltage,
    disk: r.disk,
    netRx: r.netRx,
    netTx: r.netTx,
    mTot: r.mTot,
    dTot: r.dTot,
    lteRsrp: r.lteRsrp,
    lteRsrq: r.lteRsrq,
    lteSinr: r.lteSinr,
    lteSignal: r.lteSignal,
    ping: r.ping,
  }));

export const monitorEventSchema = (fallback?: Fallback): z.ZodType<MonitorEvent> =>
  ciObject({ instrument: optInstrument, type: z.string(), start: zTime, end: zTimeOpt, info: zStr }).transform((r) => ({
    instrument: r.instrument ?? fallback ?? null,
    type: r.type,
    start: r.start,
    end: r.end,
    info: r.info,
  }));

export const monitorCurrentSchema = (fallback?: Fallback): z.ZodType<MonitorCurrent> =>
  ciObject({
    instrument: optInstrument,
    cpu: zNum,
    mem: zNum,
    temp: zNum,
    voltage: zNum,
    disk: zNum,
    network: zNum,
    simQuota: zNum,
    simUsage: zNum,
    uptime: zNum,
  }).transform((r) => ({
    instrument: r.instrument ?? fallback ?? null,
    cpu: r.cpu,
    memPercent: r.mem,
    temp: r.temp,
    voltage: r.voltage,
    diskPercent: r.disk,
    networkKbps: r.network,
    simQuotaMb: r.simQuota,
    simUsageMb: r.simUsage,
    uptimeSeconds: r.uptime,
  }));

// ---------------------------------------------------------------- webhooks

export const webhookSchema: z.ZodType<Webhook> = z
  .object({ id: z.string().min(1), type: z.string(), instrument: z.string(), url: z.string(), secret: zStr })
  .transform((r) => ({ id: r.id, type: r.type, instrument: r.instrument, url: r.url, secret: r.secret }));

/** The path of the first issue, e.g. "[3].startTime" (root: "(body)"). */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return "(body)";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("");
}
