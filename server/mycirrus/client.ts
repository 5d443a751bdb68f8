/**
 * createMyCirrusClient: one typed method per MyCirrus endpoint, for one
 * organisation and its own key. Every call goes through the gateway (retries,
 * limits, breaker, bucket) and comes back parsed into ./types, or as a
 * MyCirrusError. The key lives only in this closure: it is not a property of
 * the client, so logging or serialising the client cannot leak it.
 */
import { z } from "zod";
import { ENDPOINTS, type EndpointId } from "./endpoints";
import { MyCirrusError } from "./errors";
import { createGateway, type Gateway } from "./gateway";
import { consoleLogger } from "./logger";
import { resolveOptions, type MyCirrusOptions } from "./options";
import { mergeByTime, mergeSeries, RANGE_LIMITS_MS, splitRange, type RangeEndpoint } from "./ranges";
import * as S from "./schemas";
import type { HttpMethod, HttpRequest, QueryValue } from "./transport";
import type {
  ActionResult,
  AudioRecording,
  Calibration,
  CalibrationLogEntry,
  FrequencyMeasurement,
  FrequencyTimeHistory,
  GasSample,
  Instrument,
  InstrumentAction,
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
  WebhookInput,
  WeatherSample,
} from "./types";

export interface MyCirrusClientConfig {
  organizationId: string;
  /** e.g. https://api.mycirrus.cloud/v1 */
  baseUrl: string;
  apiKey: string;
  options?: Partial<MyCirrusOptions>;
}

export interface Progress {
  done: number;
  total: number;
}

export interface CallOptions {
  /** Called with {done: 0, total} first, then after each window request. */
  onProgress?: (progress: Progress) => void;
}

export interface RangeQuery {
  instruments: readonly string[];
  start: Date;
  end: Date;
}

export interface PeriodQuery extends RangeQuery {
  /** ISO 8601 duration, e.g. PT1M, PT1H, P1D, PT0.1S. */
  period?: string;
}

export interface NoiseQuery extends PeriodQuery {
  /** Value names, any casing (LAeq, LCPeak, LAFMax ...). Default: the API's LAeq, LCPeak, LAFMax. */
  values?: readonly string[];
}

export interface FrequencyQuery extends PeriodQuery {
  bands?: "Octave" | "Third";
  weighting?: "A" | "C" | "Z";
}

export type VibrationType = "PPV" | "VDV";

export interface MyCirrusClient {
  readonly organizationId: string;
  listInstruments(): Promise<Instrument[]>;
  getInstrument(serial: string): Promise<Instrument>;
  renameInstrument(serial: string, name: string): Promise<void>;
  getStatus(serial: string): Promise<InstrumentStatus>;
  startAction(serial: string, action: InstrumentAction): Promise<ActionResult>;
  latestCalibration(serial: string): Promise<Calibration>;
  latestSic(serial: string): Promise<SicResult>;
  noiseMeasurements(q: NoiseQuery, o?: CallOptions): Promise<NoiseMeasurement[]>;
  noiseTimeHistory(q: NoiseQuery, o?: CallOptions): Promise<NoiseTimeHistory[]>;
  frequencyMeasurements(q: FrequencyQuery, o?: CallOptions): Promise<FrequencyMeasurement[]>;
  frequencyTimeHistory(q: FrequencyQuery, o?: CallOptions): Promise<FrequencyTimeHistory[]>;
  listAudio(q: RangeQuery, o?: CallOptions): Promise<AudioRecording[]>;
  /** WAV bytes (the format browsers play and the simulator produces). */
  downloadAudio(recordingId: string): Promise<Uint8Array>;
  weather(q: PeriodQuery, o?: CallOptions): Promise<WeatherSample[]>;
  particulates(q: PeriodQuery, o?: CallOptions): Promise<ParticulateSample[]>;
  gases(q: PeriodQuery, o?: CallOptions): Promise<GasSample[]>;
  vibration(type: "PPV", q: PeriodQuery, o?: CallOptions): Promise<PpvSample[]>;
  vibration(type: "VDV", q: PeriodQuery, o?: CallOptions): Promise<VdvSample[]>;
  events(q: RangeQuery, o?: CallOptions): Promise<NoiseEvent[]>;
  eventTimeHistory(timeHistoryId: string): Promise<NoiseTimeHistory[]>;
  /** WAV bytes. */
  eventAudio(audioId: string): Promise<Uint8Array>;
  calibrations(q: RangeQuery, o?: CallOptions): Promise<Calibration[]>;
  /** One request per instrument (and window): log rows carry no instrument, so we attribute them ourselves. */
  calibrationLog(q: RangeQuery, o?: CallOptions): Promise<CalibrationLogEntry[]>;
  sicHistory(q: RangeQuery, o?: CallOptions): Promise<SicResult[]>;
  monitorStats(q: RangeQuery, o?: CallOptions): Promise<MonitorStat[]>;
  /** One request per instrument (and window), for the same reason as calibrationLog. */
  monitorEvents(q: RangeQuery, o?: CallOptions): Promise<MonitorEvent[]>;
  monitorCurrent(instruments: readonly string[]): Promise<MonitorCurrent[]>;
  listWebhooks(): Promise<Webhook[]>;
  createWebhook(input: WebhookInput): Promise<Webhook>;
  getWebhook(id: string): Promise<Webhook>;
  updateWebhook(id: string, patch: Partial<WebhookInput>): Promise<Webhook>;
  deleteWebhook(id: string): Promise<void>;
}

/** ISO 8601 UTC with Z, without a zero millisecond part (the docs' form). */
export function formatDate(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new RangeError("invalid date");
  return d.toISOString().replace(".000Z", "Z");
}

/** Parses a body with a schema; a mismatch is invalid_response naming the endpoint and the field. */
export function decode<T>(endpoint: string, schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = S.issuePath(issue.path);
  throw new MyCirrusError({
    kind: "invalid_response",
    endpoint,
    status: 200,
    field,
    message: `${endpoint}: unexpected response at ${field}: ${issue.message}`,
  });
}

const seg = (s: string) => encodeURIComponent(s);
const S_array = <T>(schema: z.ZodType<T>): z.ZodType<T[]> => z.array(schema);

// Internal handle for the capability probe, which needs deliberately odd
// requests that no typed method should offer. Not exported from index.ts.
const gateways = new WeakMap<MyCirrusClient, Gateway>();
export function gatewayOf(client: MyCirrusClient): Gateway {
  const g = gateways.get(client);
  if (!g) throw new Error("not a MyCirrus client");
  return g;
}

export function createMyCirrusClient(config: MyCirrusClientConfig): MyCirrusClient {
  const { organizationId } = config;
  if (!organizationId) throw new Error("createMyCirrusClient: organizationId is required");
  if (!config.apiKey) throw new Error("createMyCirrusClient: apiKey is required");
  const options = resolveOptions(config.options, { logger: consoleLogger() });
  const gateway = createGateway({ organizationId, baseUrl: config.baseUrl, apiKey: config.apiKey, options });

  const req = (
    id: EndpointId,
    method: HttpMethod,
    path: string,
    extra: Partial<Pick<HttpRequest, "query" | "body" | "expect">> = {},
  ): HttpRequest => ({
    method,
    endpoint: ENDPOINTS[id].name,
    path,
    scopes: ENDPOINTS[id].scopes,
    expect: "json",
    ...extra,
  });

  async function json<T>(r: HttpRequest, schema: z.ZodType<T>): Promise<T> {
    const res = await gateway(r);
    return decode(r.endpoint, schema, res.json);
  }

  async function bytes(r: HttpRequest): Promise<Uint8Array> {
    const res = await gateway({ ...r, expect: "binary" });
    return res.bytes ?? new Uint8Array();
  }

  /**
   * A time-range endpoint: split into allowed windows (and per instrument when
   * `perInstrument`), fetched one after another, parsed, merged by `merge`.
   */
  async function ranged<T>(
    id: EndpointId,
    limit: RangeEndpoint,
    path: string,
    q: RangeQuery,
    extra: Record<string, QueryValue>,
    schemaFor: (instrument: string | undefined) => z.ZodType<T>,
    merge: (chunks: T[][]) => T[],
    o: CallOptions | undefined,
    perInstrument = false,
  ): Promise<T[]> {
    if (q.instruments.length === 0) throw new RangeError("instruments must not be empty");
    const windows = splitRange(q.start, q.end, RANGE_LIMITS_MS[limit]);
    const groups = perInstrument ? q.instruments.map((i) => [i]) : [q.instruments];
    const total = windows.length * groups.length;
    let done = 0;
    o?.onProgress?.({ done, total });
    const chunks: T[][] = [];
    for (const group of groups) {
      const schema = S_array(schemaFor(group.length === 1 ? group[0] : undefined));
      for (const w of windows) {
        const r = req(id, "GET", path, {
          query: { instruments: group, start: formatDate(w.start), end: formatDate(w.end), ...extra },
        });
        chunks.push(await json(r, schema));
        o?.onProgress?.({ done: ++done, total });
      }
    }
    return merge(chunks);
  }

  const t = (d: Date) => d.getTime();
  const client: MyCirrusClient = {
    organizationId,

    listInstruments: () => json(req("listInstruments", "GET", "/control/instruments"), S.instrumentListSchema),
    getInstrument: (serial) =>
      json(req("getInstrument", "GET", `/control/instruments/${seg(serial)}`), S.instrumentSchema),
    renameInstrument: async (serial, name) => {
      await gateway(
        req("renameInstrument", "PUT", `/control/instruments/${seg(serial)}`, { body: { name }, expect: "none" }),
      );
    },
    getStatus: (serial) =>
      json(req("getStatus", "GET", `/control/instruments/${seg(serial)}/status`), S.statusSchema(serial)),
    startAction: (serial, action) =>
      json(
        req("startAction", "POST", `/control/instruments/${seg(serial)}/action`, { query: { action } }),
        S.actionResultSchema,
      ),
    latestCalibration: (serial) =>
      json(
        req("latestCalibration", "GET", `/control/instruments/${seg(serial)}/calibration`),
        S.calibrationSchema(serial),
      ),
    latestSic: (serial) =>
      json(req("latestSic", "GET", `/control/instruments/${seg(serial)}/sic`), S.sicSchema(serial)),

    noiseMeasurements: (q, o) =>
      ranged(
        "noiseMeasurements",
        "noiseMeasurements",
        "/data/noise/measurements",
        q,
        { period: q.period, values: q.values },
        S.noiseMeasurementSchema,
        (c) =>
          mergeByTime(
            c,
            (r) => `${r.instrument}|${t(r.start)}|${r.durationSeconds}`,
            (r) => t(r.start),
            (r) => r.instrument,
          ),
        o,
      ),
    noiseTimeHistory: (q, o) =>
      ranged(
        "noiseTimeHistory",
        "noiseTimeHistory",
        "/data/noise/timehistory",
        q,
        { period: q.period, values: q.values },
        () => S.noiseTimeHistorySchema,
        (c) => mergeSeries(c, (s) => `${s.instrument}|${s.value}`),
        o,
      ),
    frequencyMeasurements: (q, o) =>
      ranged(
        "frequencyMeasurements",
        "frequencyMeasurements",
        "/data/frequency/measurements",
        q,
        { period: q.period, bands: q.bands, weighting: q.weighting },
        S.frequencyMeasurementSchema,
        (c) =>
          mergeByTime(
            c,
            (r) => `${r.instrument}|${t(r.start)}|${r.durationSeconds}|${r.bandSet}|${r.weighting}`,
            (r) => t(r.start),
            (r) => r.instrument,
          ),
        o,
      ),
    frequencyTimeHistory: (q, o) =>
      ranged(
        "frequencyTimeHistory",
        "frequencyTimeHistory",
        "/data/frequency/timehistory",
        q,
        { period: q.period, bands: q.bands, weighting: q.weighting },
        () => S.frequencyTimeHistorySchema,
        (c) => mergeSeries(c, (s) => `${s.instrument}|${s.bandSet}|${s.weighting}`),
        o,
      ),
    listAudio: (q, o) =>
      ranged(
        "listAudio",
        "audio",
        "/data/audio",
        q,
        {},
        () => S.audioRecordingSchema,
        (c) =>
          mergeByTime(
            c,
            (r) => r.id,
            (r) => t(r.start),
            (r) => r.instrument,
          ),
        o,
      ),
    downloadAudio: (id) => bytes(req("downloadAudio", "GET", `/data/audio/${seg(id)}`, { query: { format: "WAV" } })),

    weather: (q, o) =>
      ranged(
        "weather",
        "enviro",
        "/data/weather",
        q,
        { period: q.period },
        S.weatherSchema,
        (c) =>
          mergeByTime(
            c,
            (r) => `${r.instrument}|${t(r.time)}|${r.durationSeconds}`,
            (r) => t(r.time),
            (r) => r.instrument,
          ),
        o,
      ),
    particulates: (q, o) =>
      ranged(
        "particulates",
        "enviro",
        "/data/particulates",
        q,
        { period: q.period },
        S.particulateSchema,
        (c) =>
          mergeByTime(
            c,
            (r) => `${r.instrument}|${t(r.start)}|${r.durationSeconds}`,
            (r) => t(r.start),
            (r) => r.instrument,
          ),
        o,
      ),
    gases: (q, o) =>
      ranged(
        "gases",
        "enviro",
        "/data/gases",
        q,
        { period: q.period },
        S.gasSchema,
        (c) =>
          mergeByTime(
            c,
            (r) => `${r.instrument}|${t(r.start)}|${r.durationSeconds}`,
            (r) => t(r.start),
            (r) => r.instrument,
          ),
        o,
      ),
    vibration: ((type: VibrationType, q: PeriodQuery, o?: CallOptions) =>
      type === "PPV"
        ? ranged(
            "vibration",
            "enviro",
            "/data/vibration/PPV",
            q,
            { period: q.period },
            S.ppvSchema,
            (c) =>
              mergeByTime(
                c,
                (r) => `${r.instrument}|${t(r.start)}|${r.durationSeconds}`,
                (r) => t(r.start),
                (r) => r.instrument,
              ),
            o,
          )
        : ranged(
            "vibration",
            "enviro",
            "/data/vibration/VDV",
            q,
            { period: q.period },
            S.vdvSchema,
            (c) =>
              mergeByTime(
                c,
                (r) => `${r.instrument}|${t(r.start)}|${r.durationSeconds}`,
                (r) => t(r.start),
                (r) => r.instrument,
              ),
            o,
          )) as MyCirrusClient["vibration"],

    events: (q, o) =>
      ranged(
        "events",
        "events",
        "/data/events",
        q,
        {},
        S.noiseEventSchema,
        (c) =>
          mergeByTime(
            c,
            (r) => `${r.instrument}|${t(r.start)}|${t(r.end)}|${r.timeHistoryId}`,
            (r) => t(r.start),
            (r) => r.instrument,
          ),
        o,
      ),
    eventTimeHistory: (id) =>
      json(req("eventTimeHistory", "GET", `/data/events/timehistory/${seg(id)}`), S_array(S.noiseTimeHistorySchema)),
    eventAudio: (id) => bytes(req("eventAudio", "GET", `/data/events/audio/${seg(id)}`, { query: { format: "WAV" } })),

    calibrations: (q, o) =>
      ranged(
        "calibrations",
        "calibrations",
        "/data/calibrations",
        q,
        {},
        (i) => S.calibrationSchema(i),
        (c) =>
          mergeByTime(
            c,
            (r) => `${r.instrument}|${t(r.time)}`,
            (r) => t(r.time),
            (r) => r.instrument,
          ),
        o,
      ),
    calibrationLog: (q, o) =>
      ranged(
        "calibrationLog",
        "calibrationLog",
        "/data/calibrations/log",
        q,
        {},
        (i) => S.calibrationLogSchema(i ?? null),
        (c) =>
          mergeByTime(
            c,
            (r) => `${r.instrument}|${t(r.time)}|${r.user}|${r.message}`,
            (r) => t(r.time),
            (r) => r.instrument ?? "",
          ),
        o,
        true,
      ),
    sicHistory: (q, o) =>
      ranged(
        "sicHistory",
        "sic",
        "/data/sic",
        q,
        {},
        (i) => S.sicSchema(i),
        (c) =>
          mergeByTime(
            c,
            (r) => `${r.instrument}|${t(r.time)}`,
            (r) => t(r.time),
            (r) => r.instrument,
          ),
        o,
      ),
    monitorStats: (q, o) =>
      ranged(
        "monitorStats",
        "monitorStats",
        "/data/monitor/stats",
        q,
        {},
        (i) => S.monitorStatSchema(i),
        (c) =>
          mergeByTime(
            c,
            (r) => `${r.instrument}|${t(r.time)}`,
            (r) => t(r.time),
            (r) => r.instrument ?? "",
          ),
        o,
      ),
    monitorEvents: (q, o) =>
      ranged(
        "monitorEvents",
        "monitorEvents",
        "/data/monitor/events",
        q,
        {},
        (i) => S.monitorEventSchema(i),
        (c) =>
          mergeByTime(
            c,
            (r) => `${r.instrument}|${r.type}|${t(r.start)}`,
            (r) => t(r.start),
            (r) => r.instrument ?? "",
          ),
        o,
        true,
      ),
    monitorCurrent: (instruments) => {
      if (instruments.length === 0) throw new RangeError("instruments must not be empty");
      return json(
        req("monitorCurrent", "GET", "/data/monitor/current", { query: { instruments } }),
        S_array(S.monitorCurrentSchema(instruments.length === 1 ? instruments[0] : undefined)),
      );
    },

    listWebhooks: () => json(req("listWebhooks", "GET", "/webhooks"), S_array(S.webhookSchema)),
    createWebhook: (input) => json(req("createWebhook", "POST", "/webhooks", { body: input }), S.webhookSchema),
    getWebhook: (id) => json(req("getWebhook", "GET", `/webhooks/${seg(id)}`), S.webhookSchema),
    updateWebhook: (id, patch) =>
      json(req("updateWebhook", "PUT", `/webhooks/${seg(id)}`, { body: patch }), S.webhookSchema),
    deleteWebhook: async (id) => {
      await gateway(req("deleteWebhook", "DELETE", `/webhooks/${seg(id)}`, { expect: "none" }));
    },
  };
  gateways.set(client, gateway);
  return client;
}
