/**
 * The fleet as the pages see it: instruments and their latest snapshots, read
 * from Postgres only (the poller and webhooks keep them fresh), so a page view
 * costs no MyCirrus call whatever the fleet size. Every query filters by the
 * organisation id first.
 */
import type { AlertState } from "@/lib/domain";
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { InstrumentStatus } from "@/server/mycirrus";
import { enqueueFleetSync } from "@/server/jobs/queue";
import { alertWhere, currentDeployments, instrumentWhere, toAccess, type Scope } from "@/server/services/sites";
import { lockSnapshots, polledStatusFields } from "./snapshot-status";
import {
  instrumentState,
  isLowVoltage,
  isOffline,
  isSicFailed,
  matchesFilter,
  needsCalibration,
  type FleetCounts,
  type FleetFilter,
  type FleetQuery,
  type FleetRow,
  type FleetSort,
} from "@/lib/fleet";

export type { FleetCounts, FleetRow };

/** A page's "refresh now" never asks for a new poll sooner than this after the last one. */
export const MIN_REFRESH_INTERVAL_MS = 20_000;

export interface FleetBoard {
  connection: { configured: boolean; status: "unchecked" | "valid" | "invalid" | null; lastError: string | null };
  sync: { lastSyncAt: Date | null; lastSyncError: string | null };
  counts: FleetCounts;
  /** Counts per filter, for the filter chips. */
  filterCounts: Record<FleetFilter, number>;
  rows: FleetRow[];
  /** Rows matching the filter and search, before the display limit. */
  matched: number;
  now: Date;
}

const OPEN_STATES: AlertState[] = ["open", "acknowledged"];

async function loadRows(scope: Scope, where: { serial?: string } = {}): Promise<FleetRow[]> {
  const access = toAccess(scope);
  const [instruments, deployed, alerts] = await Promise.all([
    db().instrument.findMany({
      where: { ...instrumentWhere(access), removedAt: null, ...where },
      include: { snapshot: true },
      orderBy: { serial: "asc" },
    }),
    currentDeployments(access.organizationId),
    db().alert.groupBy({
      by: ["instrumentId"],
      where: {
        ...alertWhere(access),
        state: { in: OPEN_STATES },
        ...(where.serial ? { instrument: { serial: where.serial } } : {}),
      },
      _count: { _all: true },
    }),
  ]);
  const alertCount = new Map(alerts.map((a) => [a.instrumentId, a._count._all]));
  const siteOf = (d: { siteId: string; site: { name: string; code: string }; positionName: string } | undefined) =>
    d ? { id: d.siteId, name: d.site.name, code: d.site.code, positionName: d.positionName } : null;
  return instruments.map((i) => {
    const s = i.snapshot;
    return {
      id: i.id,
      serial: i.serial,
      name: i.name,
      type: i.type,
      model: i.model,
      latitude: i.latitude,
      longitude: i.longitude,
      features: i.features,
      subscriptionStatus: i.subscriptionStatus,
      online: s?.online ?? null,
      measuring: s?.measuring ?? null,
      calibrationInProgress: s?.calibrationInProgress ?? null,
      sicInProgress: s?.sicInProgress ?? null,
      statusAt: s?.statusAt ?? null,
      onlineChangedAt: s?.onlineChangedAt ?? null,
      onlineChangedAtExact: s?.onlineChangedAtExact ?? false,
      lastCalibrationAt: s?.lastCalibrationAt ?? null,
      lastCalibrationStatus: s?.lastCalibrationStatus ?? null,
      lastCalibrationLevel: s?.lastCalibrationLevel ?? null,
      lastCalibrationOffset: s?.lastCalibrationOffset ?? null,
      lastSicAt: s?.lastSicAt ?? null,
      lastSicStatus: s?.lastSicStatus ?? null,
      lastSic500Hz: s?.lastSic500Hz ?? null,
      lastSic1kHz: s?.lastSic1kHz ?? null,
      lastSic8kHz: s?.lastSic8kHz ?? null,
      voltage: s?.voltage ?? null,
      diskPercent: s?.diskPercent ?? null,
      cpuPercent: s?.cpuPercent ?? null,
      temperature: s?.temperature ?? null,
      healthAt: s?.healthAt ?? null,
      lteRsrp: s?.lteRsrp ?? null,
      lteSignal: s?.lteSignal ?? null,
      lteAt: s?.lteAt ?? null,
      lastDataAt: s?.lastDataAt ?? null,
      snapshotAt: s?.updatedAt ?? null,
      openAlerts: alertCount.get(i.id) ?? 0,
      site: siteOf(deployed.get(i.id)),
    };
  });
}

function countFleet(rows: readonly FleetRow[], now: Date): FleetCounts {
  const c: FleetCounts = {
    total: rows.length,
    online: 0,
    offline: 0,
    measuring: 0,
    needsCalibration: 0,
    sicFailed: 0,
    lowVoltage: 0,
    inProgress: 0,
    openAlerts: 0,
  };
  for (const r of rows) {
    if (r.online === true) c.online++;
    if (isOffline(r)) c.offline++;
    // The same state the row shows: an offline instrument is not measuring, whatever its last flag said.
    if (instrumentState(r) === "measuring") c.measuring++;
    if (needsCalibration(r, now)) c.needsCalibration++;
    if (isSicFailed(r)) c.sicFailed++;
    if (isLowVoltage(r)) c.lowVoltage++;
    if (r.calibrationInProgress || r.sicInProgress) c.inProgress++;
    c.openAlerts += r.openAlerts;
  }
  return c;
}

/** Higher = worse; "problems first" sorts by this. */
function severity(r: FleetRow, now: Date): number {
  return (
    (isOffline(r) ? 16 : 0) +
    (r.openAlerts > 0 ? 8 : 0) +
    (isSicFailed(r) ? 4 : 0) +
    (needsCalibration(r, now) ? 2 : 0) +
    (isLowVoltage(r) ? 2 : 0) +
    (instrumentState(r) === "not-measuring" ? 1 : 0)
  );
}

const time = (d: Date | null) => d?.getTime() ?? -Infinity;

function comparator(sort: FleetSort, now: Date): (a: FleetRow, b: FleetRow) => number {
  switch (sort) {
    case "name":
      return (a, b) => a.name.localeCompare(b.name);
    case "serial":
      return (a, b) => a.serial.localeCompare(b.serial);
    case "status":
      return (a, b) => severity(b, now) - severity(a, now);
    case "last-data":
      return (a, b) => time(b.lastDataAt) - time(a.lastDataAt);
    case "calibration":
      return (a, b) => time(a.lastCalibrationAt) - time(b.lastCalibrationAt);
    case "voltage":
      return (a, b) => (a.voltage ?? Infinity) - (b.voltage ?? Infinity);
    case "alerts":
      return (a, b) => b.openAlerts - a.openAlerts;
  }
}

const inSite = (query: FleetQuery) => (r: FleetRow) =>
  query.site === "all" || (query.site === "none" ? r.site === null : r.site?.id === query.site);

function selectRows(rows: readonly FleetRow[], query: FleetQuery, now: Date): FleetRow[] {
  const needle = query.search.toLowerCase();
  const cmp = comparator(query.sort, now);
  const sign = query.dir === "desc" ? -1 : 1;
  return rows
    .filter((r) => matchesFilter(query.filter, r, now))
    .filter(inSite(query))
    .filter((r) => !needle || [r.name, r.serial, r.model ?? "", r.type].some((f) => f.toLowerCase().includes(needle)))
    .sort((a, b) => sign * cmp(a, b) || a.serial.localeCompare(b.serial));
}

export async function fleetBoard(
  scope: Scope,
  query: FleetQuery,
  options: { limit?: number; now?: Date } = {},
): Promise<FleetBoard> {
  const now = options.now ?? new Date();
  const organizationId = toAccess(scope).organizationId;
  const [rows, credential, sync] = await Promise.all([
    loadRows(scope),
    db().myCirrusCredential.findUnique({ where: { organizationId }, select: { status: true, lastError: true } }),
    db().fleetSyncState.findUnique({ where: { organizationId }, select: { lastSyncAt: true, lastSyncError: true } }),
  ]);
  const selected = selectRows(rows, query, now);
  const filterCounts = Object.fromEntries(
    (["all", "offline", "needs-calibration", "sic-failed", "low-voltage"] as const).map((f) => [
      f,
      // The chips count within the chosen site, as the rows below them are.
      rows.filter((r) => inSite(query)(r) && matchesFilter(f, r, now)).length,
    ]),
  ) as Record<FleetFilter, number>;
  return {
    connection: {
      configured: Boolean(credential),
      status: credential?.status ?? null,
      lastError: credential?.lastError ?? null,
    },
    sync: { lastSyncAt: sync?.lastSyncAt ?? null, lastSyncError: sync?.lastSyncError ?? null },
    counts: countFleet(rows, now),
    filterCounts,
    rows: options.limit ? selected.slice(0, options.limit) : selected,
    matched: selected.length,
    now,
  };
}

/** Counts only, for the overview page. */
export async function fleetSummary(scope: Scope, now = new Date()) {
  const organizationId = toAccess(scope).organizationId;
  const [rows, credential, sync] = await Promise.all([
    loadRows(scope),
    db().myCirrusCredential.findUnique({ where: { organizationId }, select: { status: true } }),
    db().fleetSyncState.findUnique({ where: { organizationId }, select: { lastSyncAt: true, lastSyncError: true } }),
  ]);
  return {
    configured: Boolean(credential),
    keyStatus: credential?.status ?? null,
    counts: countFleet(rows, now),
    lastSyncAt: sync?.lastSyncAt ?? null,
    lastSyncError: sync?.lastSyncError ?? null,
  };
}

/** One instrument of this organisation, from Postgres; another organisation's serial is NOT_FOUND. */
export async function fleetInstrument(scope: Scope, serial: string) {
  const organizationId = toAccess(scope).organizationId;
  const [row] = await loadRows(scope, { serial });
  if (!row) throw new AppError("NOT_FOUND", "Instrument not found");
  const [alerts, sync] = await Promise.all([
    db().alert.findMany({
      where: { ...alertWhere(toAccess(scope)), instrumentId: row.id, state: { in: OPEN_STATES } },
      orderBy: { openedAt: "desc" },
      take: 20,
      select: { id: true, title: true, severity: true, state: true, openedAt: true },
    }),
    db().fleetSyncState.findUnique({ where: { organizationId }, select: { lastSyncAt: true, lastSyncError: true } }),
  ]);
  return {
    instrument: row,
    alerts,
    sync: { lastSyncAt: sync?.lastSyncAt ?? null, lastSyncError: sync?.lastSyncError ?? null },
  };
}

/**
 * Asks the worker for a poll now. Within MIN_REFRESH_INTERVAL_MS of the last
 * one it does nothing; the queue's singleton key absorbs concurrent requests,
 * and the poll itself spends the organisation's shared MyCirrus budget.
 */
export async function requestFleetRefresh(
  organizationId: string,
  now = new Date(),
): Promise<{ queued: boolean; lastSyncAt: Date | null }> {
  const [credential, sync] = await Promise.all([
    db().myCirrusCredential.findUnique({ where: { organizationId }, select: { status: true } }),
    db().fleetSyncState.findUnique({ where: { organizationId }, select: { lastSyncAt: true } }),
  ]);
  if (!credential) throw new AppError("PRECONDITION_FAILED", "Add your MyCirrus key in Settings first.");
  const last = sync?.lastSyncAt ?? null;
  if (last && now.getTime() - last.getTime() < MIN_REFRESH_INTERVAL_MS) return { queued: false, lastSyncAt: last };
  const id = await enqueueFleetSync(organizationId);
  return { queued: id !== null, lastSyncAt: last };
}

/**
 * Writes a status just read from MyCirrus (an instrument page's live poll) into
 * the snapshot, so the board agrees with what the user just saw. `readAt` is
 * when the request was sent: anything a webhook stored after it stays.
 */
export async function storeStatus(organizationId: string, status: InstrumentStatus, readAt: Date): Promise<void> {
  const instrument = await db().instrument.findUnique({
    where: { organizationId_serial: { organizationId, serial: status.instrument } },
    select: { id: true },
  });
  if (!instrument) return;
  await db().$transaction(async (tx) => {
    await lockSnapshots(tx, organizationId, [instrument.id]);
    const stored = await tx.instrumentSnapshot.findFirst({ where: { instrumentId: instrument.id, organizationId } });
    const data = polledStatusFields(status, stored, readAt);
    await tx.instrumentSnapshot.upsert({
      where: { instrumentId: instrument.id },
      create: { instrumentId: instrument.id, organizationId, ...data },
      update: data,
    });
  });
}

/** Serials and names for pickers (calibration page), Postgres only. */
export async function fleetIndex(scope: Scope) {
  return db().instrument.findMany({
    where: { ...instrumentWhere(toAccess(scope)), removedAt: null },
    select: { serial: true, name: true, type: true, features: true },
    orderBy: { serial: "asc" },
  });
}
