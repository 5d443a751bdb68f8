/** Audit log: every domain records its changes here, inside its own transaction. Other domains import from this file only. */
export { listAudit, recordAudit } from "./audit";
export type { AuditAction } from "./audit";
