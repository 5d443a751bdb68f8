// Shared shapes of the simulator's state.

export type InstrumentType = "Noise" | "AirQuality" | "Vibration";
export type ActionName = "Identify" | "Calibration" | "SIC";
export type WebhookType = "NewMeasurement" | "NewEvent" | "InstrumentStatus" | "CalibrationFinished" | "SicFinished";

export const WEBHOOK_TYPES: readonly WebhookType[] = [
  "NewMeasurement",
  "NewEvent",
  "InstrumentStatus",
  "CalibrationFinished",
  "SicFinished",
];

/** A change of online/measuring state at a simulated time. `auto` segments get generated outages (flaky links). */
export interface TimelineEntry {
  at: number;
  online: boolean;
  measuring: boolean;
  auto: boolean;
}

export interface Drift {
  start: number;
  target: number; // dB the offset creeps towards
  tauDays: number;
}

export interface Profile {
  siteOffset: number; // dB added to the diurnal noise pattern
  installedAt: number;
  measurementPeriodMs: number;
  timeHistoryMs: number;
  triggerLevel: number;
  eventRate: number; // multiplier on the hourly event probability
  drift: Drift | null;
  sicFailFrom: number | null;
  voltage: number;
  voltageSlopePerDay: number;
  lteRsrp: number | null; // null: Ethernet, no modem
  flaky: boolean; // intermittent generated outages
  calibrationPeriodDays: number;
}

export interface CalibrationRecord {
  time: number;
  status: "Success" | "Failed";
  level: number;
  offset: number;
  error?: string;
}

export interface SicRecord {
  time: number;
  status: "Success" | "Failed";
  b500: number;
  b1k: number;
  b8k: number;
  error?: string;
}

export interface LogEntry {
  time: number;
  user: string;
  message: string;
}

export interface NoiseEvent {
  key: string; // "h<hourIndex>" for generated events, "i<index>" for injected ones
  start: number;
  end: number;
  peak: number;
}

export interface HealthOverride<T> {
  at: number;
  value: T;
}

export interface PendingAction {
  action: "Calibration" | "SIC";
  startedAt: number;
  dueAt: number;
  cancel: () => void;
}

export interface Instrument {
  serial: string;
  type: InstrumentType;
  model: string;
  name: string;
  image: string;
  subscription: { tier: string; status: string; addons?: string[] };
  position: { lat: number; long: number };
  feature: string[];
  accountId: string;
  h: number; // hash of (seed, serial)
  profile: Profile;
  timeline: TimelineEntry[];
  manualCalibrations: CalibrationRecord[];
  manualSics: SicRecord[];
  logEntries: LogEntry[];
  injectedEvents: NoiseEvent[];
  /**
   * Set through /_sim: `db` added to the noise model, or (with `level`) the model's level replaced, from `from` (ms)
   * until `to` (ms, null = open).
   */
  levelShifts: { from: number; to: number | null; db: number; level: number | null }[];
  health: {
    voltage?: HealthOverride<number>;
    disk?: HealthOverride<number>;
    lte?: HealthOverride<number | null>;
  };
  pending: { Calibration?: PendingAction; SIC?: PendingAction };
  failNext: { Calibration?: string; SIC?: string };
}

export interface Account {
  id: string;
  name: string;
  serials: string[];
}

export interface ApiKey {
  key: string;
  accountId: string;
  scopes: Set<string>;
  expired: boolean;
  label: string;
}

export interface Webhook {
  id: string;
  accountId: string;
  type: WebhookType;
  instrument: string;
  url: string;
  secret: string;
}
