/** Fleet: instruments, their status snapshots, the board, the poll that keeps them fresh, and history read through MyCirrus. Other domains import from this file only. */
export {
  MIN_REFRESH_INTERVAL_MS,
  fleetBoard,
  fleetInstrument,
  fleetSummary,
  requestFleetRefresh,
  storeStatus,
  fleetIndex,
} from "./board";
export { syncFleet } from "./sync";
export type { SnapshotChange, SyncReport } from "./sync";
export { calibrationFields, lockSnapshots, polledStatusFields, sicFields } from "./snapshot-status";
export type { StoredStatus } from "./snapshot-status";
export {
  calibrations,
  eventAudio,
  getInstrumentStatus,
  noiseChart,
  noiseMeasurements,
  sicHistory,
  listInstruments,
  getInstrumentDetail,
  renameInstrument,
  startInstrumentAction,
  calibrationLog,
  monitorStats,
  monitorEvents,
  monitorCurrent,
  noiseEvents,
  weather,
  audioRecordings,
} from "./instruments";
