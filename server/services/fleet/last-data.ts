/**
 * When each instrument last sent data, from the data its type produces: noise
 * measurements, particulates for air-quality monitors, PPV for vibration
 * monitors. Every sync looks at the last few hours; an instrument whose last
 * data the portal has never known (a new organisation, an instrument offline or
 * not measuring for longer than that) is looked for further back, once, in
 * widening windows, so the board says "2 d ago" instead of "never".
 */
import type { MyCirrusClient, RangeQuery } from "@/server/mycirrus";
import { optional } from "./optional";

/** Serials per request for the endpoints that take several instruments. */
const BATCH = 50;
const HOUR = 3_600_000;
/** What every sync reads, then the windows for instruments whose last data is unknown. */
export const RECENT_WINDOW_MS = 3 * HOUR;
export const SEARCH_WINDOWS_MS = [24 * HOUR, 7 * 24 * HOUR] as const;

interface Sample {
  instrument: string;
  start: Date;
  durationSeconds: number | null;
}

type Reader = (client: MyCirrusClient, q: RangeQuery) => Promise<Sample[]>;

const READERS: Record<string, Reader> = {
  Noise: (client, q) => client.noiseMeasurements({ ...q, values: ["LAeq"] }),
  AirQuality: (client, q) => client.particulates(q),
  Vibration: (client, q) => client.vibration("PPV", q),
};

/** The end of the newest sample per instrument. */
function newestEnds(samples: Sample[], into: Map<string, Date>): void {
  for (const s of samples) {
    const end = new Date(s.start.getTime() + (s.durationSeconds ?? 0) * 1000);
    const prev = into.get(s.instrument);
    if (!prev || prev < end) into.set(s.instrument, end);
  }
}

async function readWindow(
  client: MyCirrusClient,
  read: Reader,
  serials: readonly string[],
  windowMs: number,
  now: Date,
  into: Map<string, Date>,
): Promise<void> {
  for (let i = 0; i < serials.length; i += BATCH) {
    const instruments = serials.slice(i, i + BATCH);
    newestEnds(
      await optional(() => read(client, { instruments, start: new Date(now.getTime() - windowMs), end: now })),
      into,
    );
  }
}

/**
 * Last data per serial. `unknown` are the serials whose stored last data is
 * empty: those not seen in the recent window are searched for further back.
 */
export async function fetchLastData(
  client: MyCirrusClient,
  instruments: readonly { serialNumber: string; type: string }[],
  unknown: ReadonlySet<string>,
  now: Date,
): Promise<Map<string, Date>> {
  const found = new Map<string, Date>();
  for (const [type, read] of Object.entries(READERS)) {
    const serials = instruments.filter((i) => i.type === type).map((i) => i.serialNumber);
    if (serials.length === 0) continue;
    await readWindow(client, read, serials, RECENT_WINDOW_MS, now, found);
    for (const windowMs of SEARCH_WINDOWS_MS) {
      const missing = serials.filter((s) => unknown.has(s) && !found.has(s));
      if (missing.length === 0) break;
      await readWindow(client, read, missing, windowMs, now, found);
    }
  }
  return found;
}
