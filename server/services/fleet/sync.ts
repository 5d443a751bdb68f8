/**
 * Brings an organisation's stored fleet up to date from MyCirrus: the
 * instrument list, each instrument's status, and (in batched calls) health,
 * LTE and last-data times (last-data.ts). Runs in the worker on a schedule and on demand; the
 * pages read only what it stores. Returns what changed, for the alert rules.
 */
import type { Prisma } from "@/server/db/generated/client";
import { db } from "@/server/db/client";
import type { Instrument as RemoteInstrument, InstrumentStatus, MyCirrusClient } from "@/server/mycirrus";
import { isMyCirrusError } from "@/server/mycirrus";
import { withMyCirrus } from "@/server/services/mycirrus";
import { fetchLastData } from "./last-data";
import { optional } from "./optional";
import { lockSnapshots, polledStatusFields } from "./snapshot-status";

/** Serials per request for the endpoints that take several instruments. */
const BATCH = 50;
const HEALTH_LOOKBACK_MS = 30 * 60 * 1000;

export interface SnapshotFields {
  online: boolean | null;
  measuring: boolean | null;
  calibrationInProgress: boolean | null;
  sicInProgress: boolean | null;
  lastCalibrationAt: Date | null;
  lastCalibrationStatus: string | null;
  lastCalibrationOffset: number | null;
  lastSicAt: Date | null;
  lastSicStatus: string | null;
  voltage: number | null;
  diskPercent: number | null;
  lastDataAt: Date | null;
}

/** One instrument whose stored state was just refreshed: before and after. */
export interface SnapshotChange {
  instrumentId: string;
  serial: string;
  name: string;
  before: SnapshotFields | null;
  after: SnapshotFields;
  at: Date;
}

export interface SyncReport {
  instruments: number;
  removed: number;
  statusFailures: number;
  changes: SnapshotChange[];
  durationMs: number;
}

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

function instrumentData(remote: RemoteInstrument) {
  return {
    type: remote.type,
    model: remote.model,
    name: remote.name,
    latitude: remote.position?.lat ?? null,
    longitude: remote.position?.long ?? null,
    features: remote.features,
    subscriptionStatus: remote.subscription.status,
    subscriptionTier: remote.subscription.tier,
    removedAt: null,
  };
}

/** Status for every instrument; one failing instrument does not fail the sync. */
async function fetchStatuses(client: MyCirrusClient, serials: string[]) {
  const statuses = new Map<string, InstrumentStatus>();
  let failures = 0;
  await Promise.all(
    serials.map(async (serial) => {
      try {
        statuses.set(serial, await client.getStatus(serial));
      } catch (error) {
        if (!isMyCirrusError(error) || error.kind === "unauthorized" || error.kind === "circuit_open") throw error;
        failures++;
      }
    }),
  );
  return { statuses, failures };
}

// Health and LTE come only from Quantum noise monitors.
async function fetchHealth(client: MyCirrusClient, noiseSerials: string[], now: Date) {
  const current = new Map<
    string,
    {
      voltage: number | null;
      diskPercent: number | null;
      cpu: number | null;
      temp: number | null;
      uptime: number | null;
    }
  >();
  const lte = new Map<string, { rsrp: number | null; signal: number | null; at: Date }>();
  for (const batch of chunks(noiseSerials, BATCH)) {
    for (const row of await optional(() => client.monitorCurrent(batch))) {
      if (row.instrument) {
        current.set(row.instrument, {
          voltage: row.voltage,
          diskPercent: row.diskPercent,
          cpu: row.cpu,
          temp: row.temp,
          uptime: row.uptimeSeconds,
        });
      }
    }
    const stats = await optional(() =>
      client.monitorStats({ instruments: batch, start: new Date(now.getTime() - HEALTH_LOOKBACK_MS), end: now }),
    );
    for (const row of stats) {
      const prev = row.instrument ? lte.get(row.instrument) : undefined;
      if (row.instrument && (!prev || prev.at < row.time))
        lte.set(row.instrument, { rsrp: row.lteRsrp, signal: row.lteSignal, at: row.time });
    }
  }
  return { current, lte };
}

const pick = (s: Prisma.InstrumentSnapshotGetPayload<object> | null): SnapshotFields | null =>
  s && {
    online: s.online,
    measuring: s.measuring,
    calibrationInProgress: s.calibrationInProgress,
    sicInProgress: s.sicInProgress,
    lastCalibrationAt: s.lastCalibrationAt,
    lastCalibrationStatus: s.lastCalibrationStatus,
    lastCalibrationOffset: s.lastCalibrationOffset,
    lastSicAt: s.lastSicAt,
    lastSicStatus: s.lastSicStatus,
    voltage: s.voltage,
    diskPercent: s.diskPercent,
    lastDataAt: s.lastDataAt,
  };

/** How often instruments that have never shown data are searched for again (a deep search reads days of data). */
const LAST_DATA_SEARCH_EVERY_MS = 6 * 3_600_000;

/**
 * Serials to search days back for last data: new instruments (no snapshot yet) at once, and those
 * whose last data was never found at most every 6 hours, so an instrument that never sends data
 * does not cost a week of measurements every minute.
 */
async function lastDataToSearch(organizationId: string, serials: string[], now: Date): Promise<Set<string>> {
  const [snapshots, state] = await Promise.all([
    db().instrumentSnapshot.findMany({
      where: { organizationId },
      select: { lastDataAt: true, instrument: { select: { serial: true } } },
    }),
    db().fleetSyncState.findUnique({ where: { organizationId }, select: { lastDataSearchAt: true } }),
  ]);
  const stored = new Map(snapshots.map((s) => [s.instrument.serial, s.lastDataAt]));
  const retry =
    !state?.lastDataSearchAt || now.getTime() - state.lastDataSearchAt.getTime() >= LAST_DATA_SEARCH_EVERY_MS;
  return new Set(serials.filter((s) => !stored.has(s) || (retry && stored.get(s) === null)));
}

export async function syncFleet(organizationId: string, now = new Date()): Promise<SyncReport> {
  const started = Date.now();
  try {
    const { searchedLastData, ...report } = await withMyCirrus(organizationId, async (client) => {
      const remote = await client.listInstruments();
      const serials = remote.map((r) => r.serialNumber);
      const noiseSerials = remote.filter((r) => r.type === "Noise").map((r) => r.serialNumber);
      const unknown = await lastDataToSearch(organizationId, serials, now);
      const [{ statuses, failures }, health, lastData] = await Promise.all([
        fetchStatuses(client, serials),
        fetchHealth(client, noiseSerials, now),
        fetchLastData(client, remote, unknown, now),
      ]);
      const stored = await storeSnapshots(organizationId, remote, statuses, { ...health, lastData }, now, failures);
      return { ...stored, searchedLastData: unknown.size > 0 };
    });
    const durationMs = Date.now() - started;
    const synced = {
      lastSyncAt: now,
      lastSyncError: null,
      lastSyncDurationMs: durationMs,
      ...(searchedLastData && { lastDataSearchAt: now }),
    };
    await db().fleetSyncState.upsert({
      where: { organizationId },
      create: { organizationId, ...synced },
      update: synced,
    });
    return { ...report, durationMs };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db().fleetSyncState.upsert({
      where: { organizationId },
      create: { organizationId, lastSyncError: message },
      update: { lastSyncError: message },
    });
    throw error;
  }
}

async function storeSnapshots(
  organizationId: string,
  remote: RemoteInstrument[],
  statuses: Map<string, InstrumentStatus>,
  health: Awaited<ReturnType<typeof fetchHealth>> & { lastData: Map<string, Date> },
  now: Date,
  statusFailures: number,
): Promise<Omit<SyncReport, "durationMs">> {
  return db().$transaction(
    async (tx) => {
      // Statuses were asked for after `now`: webhooks stamped later win (see snapshot-status).
      await lockSnapshots(tx, organizationId);
      const existing = await tx.instrument.findMany({ where: { organizationId }, include: { snapshot: true } });
      const bySerial = new Map(existing.map((i) => [i.serial, i]));
      const seen = new Set(remote.map((r) => r.serialNumber));
      const removed = await tx.instrument.updateMany({
        where: { organizationId, removedAt: null, serial: { notIn: [...seen] } },
        data: { removedAt: now },
      });
      const changes: SnapshotChange[] = [];
      for (const r of remote) {
        const prior = bySerial.get(r.serialNumber);
        const instrument = prior
          ? await tx.instrument.update({ where: { id: prior.id, organizationId }, data: instrumentData(r) })
          : await tx.instrument.create({ data: { organizationId, serial: r.serialNumber, ...instrumentData(r) } });
        const status = statuses.get(r.serialNumber);
        const current = health.current.get(r.serialNumber);
        const lte = health.lte.get(r.serialNumber);
        const lastData = health.lastData.get(r.serialNumber);
        const before = pick(prior?.snapshot ?? null);
        const data = {
          ...(status && polledStatusFields(status, prior?.snapshot ?? null, now)),
          ...(current && {
            voltage: current.voltage,
            diskPercent: current.diskPercent,
            cpuPercent: current.cpu,
            temperature: current.temp,
            uptimeSeconds: current.uptime === null ? null : Math.round(current.uptime),
            healthAt: now,
          }),
          ...(lte && { lteRsrp: lte.rsrp, lteSignal: lte.signal, lteAt: lte.at }),
          ...(lastData && (!before?.lastDataAt || before.lastDataAt < lastData) && { lastDataAt: lastData }),
        };
        const snapshot = await tx.instrumentSnapshot.upsert({
          where: { instrumentId: instrument.id },
          create: { instrumentId: instrument.id, organizationId, ...data },
          update: data,
        });
        changes.push({
          instrumentId: instrument.id,
          serial: r.serialNumber,
          name: r.name,
          before,
          after: pick(snapshot)!,
          at: now,
        });
      }
      return { instruments: remote.length, removed: removed.count, statusFailures, changes };
    },
    { timeout: 60_000 },
  );
}
