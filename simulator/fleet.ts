// Fleet generation: the hand-made default fleet (mixed states) and cheap bulk instruments.
import { hashString, rand, round4 } from "./rng.js";
import { DAY, HOUR } from "./time.js";
import type { Instrument, InstrumentType, Profile, TimelineEntry } from "./types.js";

export interface InstrumentSpec {
  serial: string;
  type?: InstrumentType;
  model?: string;
  name?: string;
  tier?: string;
  status?: string;
  addons?: string[];
  features?: string[];
  /** Offline since this long before the initial clock. */
  offlineForMs?: number;
  /** Not measuring since this long before the initial clock. */
  notMeasuringForMs?: number;
  profile?: Partial<Profile>;
}

const CENTRE = { lat: 54.0831, long: -0.1919 }; // Bridlington, East Riding of Yorkshire

const STREETS = [
  "Harbour Road",
  "Promenade North",
  "Spa Bridlington",
  "Quay Road Depot",
  "Sewerby Fields",
  "Flamborough Road",
  "Old Town",
  "Marina",
  "Hilderthorpe",
  "Town Centre Air",
  "Harbour Wall",
  "Bessingby Industrial",
  "Kingsgate",
  "Scarborough Road",
  "Priory Church",
  "South Beach",
  "Fortyfoot",
  "Jewison Lane",
];

function modelFor(type: InstrumentType, h: number): string {
  if (type === "AirQuality") return "CR:AQ10";
  if (type === "Vibration") return "CR:VB2";
  return rand(h, 90, 0) < 0.7 ? "CR:900" : "CR:1700";
}

export function makeInstrument(seed: string, spec: InstrumentSpec, accountId: string, now0: number): Instrument {
  const h = hashString(`${seed}/${spec.serial}`);
  const type = spec.type ?? "Noise";
  const features = spec.features ?? (type === "Noise" ? ["SIC", "Modem"] : ["Modem"]);
  const installedAt = Math.floor((now0 - (420 + Math.floor(rand(h, 1, 0) * 700)) * DAY) / DAY) * DAY + 10 * HOUR;
  const profile: Profile = {
    siteOffset: (rand(h, 2, 0) - 0.5) * 12,
    installedAt,
    measurementPeriodMs: 60_000,
    timeHistoryMs: 1000,
    triggerLevel: 65,
    eventRate: 1,
    drift: null,
    sicFailFrom: null,
    voltage: 11.6 + rand(h, 3, 0) * 0.8,
    voltageSlopePerDay: 0,
    lteRsrp: features.includes("Modem") ? -80 - Math.floor(rand(h, 4, 0) * 20) : null,
    flaky: false,
    calibrationPeriodDays: 14,
    ...spec.profile,
  };
  const timeline: TimelineEntry[] = [{ at: profile.installedAt, online: true, measuring: true, auto: true }];
  const changes: Array<{ at: number; online?: boolean; measuring?: boolean }> = [];
  if (spec.offlineForMs !== undefined) changes.push({ at: now0 - spec.offlineForMs, online: false });
  if (spec.notMeasuringForMs !== undefined) changes.push({ at: now0 - spec.notMeasuringForMs, measuring: false });
  changes.sort((a, b) => a.at - b.at);
  for (const c of changes) {
    const prev = timeline[timeline.length - 1]!;
    timeline.push({
      at: c.at,
      online: c.online ?? prev.online,
      measuring: c.measuring ?? prev.measuring,
      auto: prev.auto,
    });
  }
  const angle = rand(h, 5, 0) * Math.PI * 2;
  const radius = 0.004 + rand(h, 6, 0) * 0.022;
  const idNum = h.toString(16).padStart(8, "0");
  return {
    serial: spec.serial,
    type,
    model: spec.model ?? modelFor(type, h),
    name: spec.name ?? `Monitor ${spec.serial}`,
    image: `https://images.mycirrus.cloud/${idNum}-${hashString(spec.serial).toString(16).padStart(8, "0")}-${hashString(seed).toString(16).padStart(8, "0")}.jpg`,
    subscription: {
      tier: spec.tier ?? (type === "AirQuality" ? "Enviro" : type === "Vibration" ? "Track" : "Standard"),
      status: spec.status ?? "Active",
      ...(spec.addons ? { addons: spec.addons } : {}),
    },
    position: {
      lat: round4(CENTRE.lat + Math.sin(angle) * radius * 0.6),
      long: round4(CENTRE.long + Math.cos(angle) * radius),
    },
    feature: features,
    accountId,
    h,
    profile,
    timeline,
    manualCalibrations: [],
    manualSics: [],
    logEntries: [],
    injectedEvents: [],
    levelShifts: [],
    health: {},
    pending: {},
    failNext: {},
  };
}

/** The hand-made default fleet: twelve instruments in mixed states. */
export function defaultFleetSpecs(now0: number): InstrumentSpec[] {
  return [
    {
      serial: "QT800001",
      name: "Harbour Road",
      tier: "Pro",
      addons: ["Audio"],
      features: ["SIC", "Modem", "Weather"],
      profile: { timeHistoryMs: 100, siteOffset: 3, eventRate: 1.5 },
    },
    {
      serial: "QT800002",
      name: "Promenade North",
      addons: ["Audio"],
      profile: { sicFailFrom: now0 - 4 * DAY - 5 * HOUR },
    },
    {
      serial: "QT800003",
      name: "Spa Bridlington",
      tier: "Pro",
      profile: { drift: { start: now0 - 240 * DAY, target: 0.5, tauDays: 120 } },
    },
    { serial: "QT800004", name: "Quay Road Depot", offlineForMs: 2 * DAY + 3 * HOUR },
    { serial: "QT800005", name: "Sewerby Fields", profile: { voltage: 10.9, voltageSlopePerDay: -0.02 } },
    { serial: "QT800006", name: "Flamborough Road", profile: { lteRsrp: -117, flaky: true } },
    { serial: "QT800007", name: "Old Town", notMeasuringForMs: 6 * HOUR },
    {
      serial: "QT800008",
      name: "Marina",
      tier: "Storage",
      profile: { measurementPeriodMs: 15 * 60_000, drift: { start: now0 - 400 * DAY, target: -0.45, tauDays: 150 } },
    },
    { serial: "QT800009", name: "Hilderthorpe", status: "Cancelled" },
    { serial: "AQ800010", name: "Town Centre Air", type: "AirQuality", features: ["Modem", "Weather"] },
    { serial: "VB800011", name: "Harbour Wall Vibration", type: "Vibration" },
    { serial: "QT800012", name: "Bessingby Industrial", features: ["SIC"], profile: { siteOffset: 6 } },
  ];
}

/** A cheap generated instrument for large fleets: mostly healthy, a few in trouble. */
export function bulkSpec(seed: string, serial: string, index: number): InstrumentSpec {
  const h = hashString(`${seed}/bulk/${serial}`);
  const r = rand(h, 7, 0);
  const spec: InstrumentSpec = {
    serial,
    name: `${STREETS[index % STREETS.length]} ${Math.floor(index / STREETS.length) + 1}`,
    type: serial.startsWith("AQ") ? "AirQuality" : serial.startsWith("VB") ? "Vibration" : "Noise",
  };
  if (r < 0.05) spec.offlineForMs = Math.floor((1 + rand(h, 8, 0) * 72) * HOUR);
  else if (r < 0.08) spec.profile = { voltage: 10.8, voltageSlopePerDay: -0.01 };
  else if (r < 0.11) spec.profile = { lteRsrp: -116, flaky: true };
  return spec;
}

export function serialFor(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(6, "0")}`;
}
