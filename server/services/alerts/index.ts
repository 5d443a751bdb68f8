/** Alerts: rules, evaluation of conditions, history back-fill, and the one `applyAlertChange` every alert change goes through. Other domains import from this file only. */
export {
  DEFAULT_RULES,
  RULE_PARAMS,
  SITE_OVERRIDABLE_KINDS,
  ensureDefaultRules,
  listRules,
  setSiteRuleOverride,
  updateRule,
} from "./rules";
export type { RuleParams } from "./rules";
export {
  advanceCursor,
  evaluateConditions,
  evaluationContext,
  handleCalibration,
  handleNoiseEvent,
  handleNoiseJudgements,
  handleSic,
  handleStatusChange,
  readCursor,
  ruleOf,
} from "./evaluation";
export { checkProjectedBreaches } from "./projected";
export { judgeWindows, metricLabel, metricsOf, placementsBetween, windowsDue } from "./noise";
export { plannedWindows } from "./noise-plan";
export type { DueWindow, NoiseJudgement, Placement } from "./noise";
export type { EvaluationContext, InstrumentRef } from "./evaluation";
export { MEASUREMENT_CURSOR, backfillHistory, evaluateSyncChanges } from "./backfill";
export { acknowledgeAlerts, alertCounts, alertFilterChoices, changeAlert, getAlert, listAlerts } from "./alerts";
