/** Alerts: rules, evaluation of conditions, history back-fill, and the one `applyAlertChange` every alert change goes through. Other domains import from this file only. */
export { DEFAULT_RULES, RULE_PARAMS, ensureDefaultRules, limitAt, listRules, updateRule } from "./rules";
export type { LevelLimit, RuleParams } from "./rules";
export {
  advanceCursor,
  evaluateConditions,
  evaluationContext,
  exceedanceWindows,
  handleCalibration,
  handleExceedances,
  handleNoiseEvent,
  handleSic,
  handleStatusChange,
  readCursor,
} from "./evaluation";
export type { EvaluationContext, InstrumentRef } from "./evaluation";
export { MEASUREMENT_CURSOR, backfillHistory, evaluateSyncChanges } from "./backfill";
export { acknowledgeAlerts, alertCounts, alertFilterChoices, changeAlert, getAlert, listAlerts } from "./alerts";
