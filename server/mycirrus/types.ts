/**
 * What the portal sees of MyCirrus: camelCase, Dates, one spelling per field,
 * `null` for "absent". Raw upstream shapes never leave server/mycirrus.
 */

export interface Instrument {
  /** Noise | AirQuality | Vibration (kept as a string: unknown types are shown, not dropped). */
  type: string;
  serialNumber: string;
  model: string | null;
  name: string;
  image: string | null;
  subscription: { status: string | null; tier: string | null; addons: string[] };
  position: { lat: number; long: number } | null;
  features: string[];
}

export interface Calibration {
  instrument: string;
  time: Date;
  status: string;
  /** dB; null when a failed calibration carries none. */
  level: number | null;
  offset: number | null;
}

export interface SicResult {
  instrument: string;
  time: Date;
  status: string;
  band500Hz: number | null;
  band1kHz: number | null;
  band8kHz: number | null;
}

export interface InstrumentStatus {
  instrument: string;
  online: boolean;
  measuring: boolean;
  calibrationInProgress: boolean;
  sicInProgress: boolean;
  lastCalibration: Calibration | null;
  lastSic: SicResult | null;
}

export type InstrumentAction = "Identify" | "Calibration" | "SIC";

export interface ActionResult {
  action: string;
  /** Success | Failed | InProgress */
  status: string;
}

export interface NoiseMeasurement {
  instrument: string;
  start: Date;
  durationSeconds: number | null;
  /** Canonical value names (LAFMax, not LAFmax) → dB, null when not available. */
  values: Record<string, number | null>;
  /** Friendly names of the moving averages when LeqT1Max/LeqT2Max were asked for. */
  leqT1Type: string | null;
  leqT2Type: string | null;
}

export interface TimeHistoryBlock {
  start: Date | null;
  end: Date;
  /** Milliseconds per sample. */
  sampleDurationMs: number | null;
  values: Array<number | null>;
}

export interface NoiseTimeHistory {
  instrument: string | null;
  /** Canonical value name, e.g. LAeq. */
  value: string;
  blocks: TimeHistoryBlock[];
}

export interface FrequencyMeasurement {
  instrument: string;
  start: Date;
  durationSeconds: number | null;
  /** Octave | Third */
  bandSet: string | null;
  weighting: string | null;
  bands: Array<{ name: string; value: number | null }>;
}

export interface FrequencyTimeHistoryBlock {
  start: Date | null;
  end: Date;
  sampleDurationMs: number | null;
  bands: Array<{ name: string; values: Array<number | null> }>;
}

export interface FrequencyTimeHistory {
  instrument: string | null;
  bandSet: string | null;
  weighting: string | null;
  blocks: FrequencyTimeHistoryBlock[];
}

export interface AudioRecording {
  id: string;
  instrument: string;
  start: Date;
  end: Date;
  triggerName: string | null;
  triggerStart: Date | null;
  triggerEnd: Date | null;
}

export interface WeatherSample {
  instrument: string;
  time: Date;
  durationSeconds: number | null;
  windSpeed: number | null; // m/s
  windDirection: number | null; // degrees
  temperature: number | null; // °C
  pressure: number | null; // bar
  humidity: number | null; // %RH
  precipitation: number | null; // mm/h
}

export interface ParticulateSample {
  instrument: string;
  start: Date;
  durationSeconds: number | null;
  pm1: number | null; // µg/m³
  pm2p5: number | null;
  pm4p25: number | null;
  pm10: number | null;
}

export interface GasSample {
  instrument: string;
  start: Date;
  durationSeconds: number | null;
  co: number | null; // ppb
  co2: number | null; // ppm
  h2s: number | null;
  no: number | null;
  no2: number | null;
  o3: number | null;
  so2: number | null;
  voc: number | null;
}

export interface PpvSample {
  instrument: string;
  start: Date;
  durationSeconds: number | null;
  vMaxX: number | null; // mm/s
  vMaxY: number | null;
  vMaxZ: number | null;
  fDomX: number | null; // Hz (example-only in the docs)
  fDomY: number | null;
  fDomZ: number | null;
}

export interface VdvSample {
  instrument: string;
  start: Date;
  durationSeconds: number | null;
  vdvX: number | null;
  vdvY: number | null;
  vdvZ: number | null;
}

export interface NoiseEvent {
  instrument: string;
  type: string;
  name: string;
  level: number | null;
  start: Date;
  end: Date;
  audioTime: Date | null;
  overall: number[];
  octave: number[] | null;
  thirdOctave: number[] | null;
  timeHistoryId: string | null;
  audioId: string | null;
}

export interface CalibrationLogEntry {
  /** The API does not say; the client asks one instrument per request and fills it in. */
  instrument: string | null;
  time: Date;
  user: string | null;
  message: string;
}

export interface MonitorStat {
  instrument: string | null;
  time: Date;
  samplePeriodSeconds: number | null;
  cpu: number | null; // %
  mem: number | null; // MB
  cache: number | null; // MB
  temp: number | null; // °C
  voltage: number | null; // V
  disk: number | null; // MB
  netRx: number | null; // kbit, running total
  netTx: number | null;
  mTot: number | null; // MB
  dTot: number | null; // MB
  lteRsrp: number | null;
  lteRsrq: number | null;
  lteSinr: number | null;
  lteSignal: number | null;
  ping: number | null; // ms
}

export interface MonitorEvent {
  instrument: string | null;
  type: string;
  start: Date;
  end: Date | null;
  info: string | null;
}

export interface MonitorCurrent {
  instrument: string | null;
  cpu: number | null; // %
  memPercent: number | null;
  temp: number | null;
  voltage: number | null;
  diskPercent: number | null;
  networkKbps: number | null;
  simQuotaMb: number | null;
  simUsageMb: number | null;
  uptimeSeconds: number | null;
}

export type WebhookType = "NewMeasurement" | "NewEvent" | "InstrumentStatus" | "CalibrationFinished" | "SicFinished";

export interface Webhook {
  id: string;
  type: string;
  instrument: string;
  url: string;
  secret: string | null;
}

export interface WebhookInput {
  type: WebhookType;
  instrument: string;
  url: string;
  /** Blank or absent: MyCirrus generates one and returns it. */
  secret?: string;
}
