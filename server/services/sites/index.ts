/** Sites: projects, the monitors deployed there over time, their versioned limit schedules, and who may see them. Other domains import from this file only. */
export {
  alertWhere,
  assertSerialsVisible,
  assertSiteVisible,
  canBeSiteLimited,
  instrumentWhere,
  orgWide,
  siteAccessFor,
  siteWhere,
  toAccess,
  visibleInstrumentIds,
} from "./access";
export type { Scope, SiteAccess } from "./access";
export { createSite, getSite, setSiteArchived, siteChoices, siteIdByCode, updateSite } from "./sites";
export type { SiteView } from "./sites";
export {
  currentDeployments,
  deployInstrument,
  deploymentAt,
  deploymentsBetween,
  instrumentDeployments,
  recallInstrument,
  siteDeployments,
} from "./deployments";
export type { DeploymentView } from "./deployments";
export {
  ORG_DEFAULT_ROWS,
  ensureOrgDefaultSchedule,
  saveScheduleVersion,
  scheduleBook,
  scheduleSaveSchema,
  scheduleVersions,
  versionAt,
} from "./schedules";
export type { ScheduleBook, ScheduleSave, ScheduleVersion } from "./schedules";
export { NOISE_CURSOR, rewindNoiseCursors } from "./cursors";
export { siteHeadroom } from "./live";
export type { HeadroomRow, PositionHeadroom } from "./live";
export { siteCards } from "./overview";
export type { SiteCard } from "./overview";
