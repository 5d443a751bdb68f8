/**
 * Instruments and their data, read through the organisation's own MyCirrus key.
 * Every function takes the organisation id first; routers, jobs and webhook
 * handlers call these alike.
 */
import type { InstrumentAction } from "@/server/mycirrus";
import { recordAudit } from "@/server/services/audit";
import { withMyCirrus } from "@/server/services/mycirrus";
import { instrumentWhere, toAccess, type Scope } from "@/server/services/sites";
import { db } from "@/server/db/client";
import { downsampleNoise } from "@/lib/downsample";
import { storeStatus } from "./board";

export interface TimeRange {
  start: Date;
  end: Date;
}

/** MyCirrus's own list; a site-limited caller gets only the instruments deployed at their sites. */
export async function listInstruments(scope: Scope) {
  const access = toAccess(scope);
  const [list, visible] = await Promise.all([
    withMyCirrus(access.organizationId, (c) => c.listInstruments()),
    access.siteIds === null
      ? null
      : db().instrument.findMany({ where: instrumentWhere(access), select: { serial: true } }),
  ]);
  if (!visible) return list;
  const serials = new Set(visible.map((v) => v.serial));
  return list.filter((i) => serials.has(i.serialNumber));
}

export async function getInstrumentDetail(organizationId: string, serial: string) {
  return withMyCirrus(organizationId, async (c) => {
    const [instrument, status] = await Promise.all([c.getInstrument(serial), c.getStatus(serial)]);
    return { instrument, status };
  });
}

/** Live status (the instrument page polls it during an action); written through to the snapshot. */
export async function getInstrumentStatus(organizationId: string, serial: string) {
  const readAt = new Date();
  const status = await withMyCirrus(organizationId, (c) => c.getStatus(serial));
  await storeStatus(organizationId, status, readAt);
  return status;
}

export async function renameInstrument(organizationId: string, actorId: string, serial: string, name: string) {
  const before = await withMyCirrus(organizationId, async (c) => {
    const current = await c.getInstrument(serial);
    await c.renameInstrument(serial, name);
    return current.name;
  });
  // Write the new name through to the stored instrument, so the board, map and
  // alerts show it now rather than after the next fleet poll.
  await db().instrument.updateMany({ where: { organizationId, serial }, data: { name } });
  await recordAudit(db(), {
    organizationId,
    actorId,
    action: "instrument.renamed",
    targetType: "instrument",
    targetId: serial,
    data: { from: before, to: name },
  });
  return { serial, name };
}

export async function startInstrumentAction(
  organizationId: string,
  actorId: string,
  serial: string,
  action: InstrumentAction,
) {
  const result = await withMyCirrus(organizationId, (c) => c.startAction(serial, action));
  await recordAudit(db(), {
    organizationId,
    actorId,
    action: "instrument.action_started",
    targetType: "instrument",
    targetId: serial,
    data: { action, status: result.status },
  });
  return result;
}

export const noiseMeasurements = (
  organizationId: string,
  serial: string,
  range: TimeRange,
  options: { period?: string; values?: string[] },
) => withMyCirrus(organizationId, (c) => c.noiseMeasurements({ instruments: [serial], ...range, ...options }));

/**
 * LAeq, LAFMax and LCPeak for a chart: one upstream request per 31 days, then
 * downsampled on the server keeping every bucket's peak (see lib/downsample).
 */
export async function noiseChart(organizationId: string, serial: string, range: TimeRange, maxPoints?: number) {
  const rows = await withMyCirrus(organizationId, (c) =>
    c.noiseMeasurements({ instruments: [serial], ...range, values: ["LAeq", "LAFMax", "LCPeak"] }),
  );
  return downsampleNoise(rows, range, maxPoints);
}

export const calibrations = (organizationId: string, serials: string[], range: TimeRange) =>
  withMyCirrus(organizationId, (c) => c.calibrations({ instruments: serials, ...range }));

export const sicHistory = (organizationId: string, serials: string[], range: TimeRange) =>
  withMyCirrus(organizationId, (c) => c.sicHistory({ instruments: serials, ...range }));

export const calibrationLog = (organizationId: string, serial: string, range: TimeRange) =>
  withMyCirrus(organizationId, (c) => c.calibrationLog({ instruments: [serial], ...range }));

export const monitorStats = (organizationId: string, serial: string, range: TimeRange) =>
  withMyCirrus(organizationId, (c) => c.monitorStats({ instruments: [serial], ...range }));

export const monitorEvents = (organizationId: string, serial: string, range: TimeRange) =>
  withMyCirrus(organizationId, (c) => c.monitorEvents({ instruments: [serial], ...range }));

export const monitorCurrent = (organizationId: string, serials: string[]) =>
  withMyCirrus(organizationId, (c) => c.monitorCurrent(serials));

export const noiseEvents = (organizationId: string, serial: string, range: TimeRange) =>
  withMyCirrus(organizationId, (c) => c.events({ instruments: [serial], ...range }));

export const weather = (organizationId: string, serial: string, range: TimeRange, period?: string) =>
  withMyCirrus(organizationId, (c) => c.weather({ instruments: [serial], ...range, ...(period ? { period } : {}) }));

export const audioRecordings = (organizationId: string, serial: string, range: TimeRange) =>
  withMyCirrus(organizationId, (c) => c.listAudio({ instruments: [serial], ...range }));

export const eventAudio = (organizationId: string, audioId: string) =>
  withMyCirrus(organizationId, (c) => c.eventAudio(audioId));
